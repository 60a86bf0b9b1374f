import type { Impact } from '../../../src-main/contract';

const names = { C: 'Confidentiality', I: 'Integrity', A: 'Availability' } as const;

export function ImpactTags({ impact }: { impact: Impact }) {
  const flags = { C: impact.confidentiality, I: impact.integrity, A: impact.availability };
  return (
    <span className="impact" aria-label="impact">
      {(Object.keys(flags) as (keyof typeof flags)[]).map((letter) => (
        <span key={letter} className={flags[letter] ? 'impact-on' : 'impact-off'} title={`${names[letter]}${flags[letter] ? '' : ' not'} affected`}>
          {letter}
        </span>
      ))}
    </span>
  );
}
