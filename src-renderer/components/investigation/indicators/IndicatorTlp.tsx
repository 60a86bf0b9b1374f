import type { Tlp } from '../../../../src-main/contract';

// The contract's order (least to most restricted); the renderer may import its types only.
export const tlpChoices: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

const tlpMeaning: Record<Tlp, string> = {
  clear: 'may be shared freely',
  green: 'within the community',
  amber: 'within the organisation and its clients, need to know',
  'amber+strict': 'within the organisation only',
  red: 'named recipients only',
};

export const tlpText = (tlp: Tlp) => `TLP:${tlp.toUpperCase()}`;

/** A TLP 2.0 marking: its colour on black with its name written out, never the colour alone. */
export function IndicatorTlp({ tlp }: { tlp: Tlp }) {
  return (
    <span className={`tlp tlp-${tlp.replace('+', '-')}`} title={`${tlpText(tlp)}: ${tlpMeaning[tlp]}`}>
      {tlpText(tlp)}
    </span>
  );
}

/** The five markings for a select, each in its colour; what each allows is said on hover of the badge. */
export function TlpOptions() {
  return (
    <>
      {tlpChoices.map((tlp) => (
        <option key={tlp} value={tlp} className={`tlp-${tlp.replace('+', '-')}`} title={tlpMeaning[tlp]}>
          {tlpText(tlp)}
        </option>
      ))}
    </>
  );
}

/** The select's own colour follows the marking chosen: the responder sees RED before adding. */
export const tlpSelectClass = (tlp: Tlp) => `tlp-select tlp-${tlp.replace('+', '-')}`;
