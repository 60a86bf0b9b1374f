import type { SupplyCheckSummary } from '../../../src-main/contract';
import { localTime } from '../../format';
import { useSupply } from '../../hooks/stores';
import type { SupplyView } from '../../stores/supplyStore';
import { UserText } from '../common/UserText';
import { checkKindLabels } from './supplyText';

/** A path's last folder and name: two lockfiles of one name (baseline/, current/) stay apart. */
export function shortPath(path: string): string {
  return path.split(/[/\\]/).filter(Boolean).slice(-2).join('/') || path;
}

/** The checks kept against the incident, newest first; each opens its whole result. */
export function PastChecks({ incidentId, view }: { incidentId: string; view: SupplyView }) {
  const open = useSupply((state) => state.open);
  const load = useSupply((state) => state.load);
  const shownId = view.shown?.checkId ?? null;
  return (
    <section className="supply-panel supply-past" aria-label="Past checks">
      <h3>Past checks <span className="muted small">{view.checks ? view.checks.length.toLocaleString('en-US') : ''}</span></h3>
      {view.checks === null ? (
        view.error ? (
          <p className="field-error">
            <UserText text={view.error} /> <button type="button" className="link" onClick={() => void load(incidentId)}>Retry</button>
          </p>
        ) : (
          <p className="muted small">Loading…</p>
        )
      ) : view.checks.length === 0 ? (
        <p className="muted small">No supply-chain checks for this incident yet.</p>
      ) : (
        <ul className="supply-checks">
          {view.checks.map((check: SupplyCheckSummary) => (
            <li key={check.id}>
              <button type="button" className={`supply-check ${check.id === shownId ? 'shown' : ''}`} aria-current={check.id === shownId ? 'true' : undefined} onClick={() => void open(incidentId, check.id)}>
                <span className="supply-check-head">
                  <strong>{checkKindLabels[check.kind]}</strong>
                  <span className="muted small">{localTime(check.finishedAt)}</span>
                </span>
                <UserText className="small" text={check.summary} />
                <span className="muted small supply-check-inputs" title={check.inputs.join('\n')}>
                  <span className="mono">{check.id}</span> · {check.actor} · <UserText text={check.inputs.map(shortPath).join(', ')} />
                </span>
                {view.opening === check.id && <span className="muted small">Opening…</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
