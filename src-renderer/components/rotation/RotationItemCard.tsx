import { useState } from 'react';
import type { Envelope, RotationItem } from '../../../src-main/contract';
import { localTime } from '../../format';
import { useRotation } from '../../hooks/stores';

const statusLabels: Record<RotationItem['status'], string> = { pending: 'Pending', rotated: 'Rotated', verified: 'Verified' };

/** One secret to rotate: where it lives, who owns it, its steps with who and when, and its after-rotation checks. */
export function RotationItemCard({ incidentId, item, next }: { incidentId: string; item: RotationItem; next: boolean }) {
  const mark = useRotation((state) => state.mark);
  const check = useRotation((state) => state.check);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (what: string, action: () => Promise<Envelope<unknown>>) => {
    setBusy(true);
    const result = await action();
    setBusy(false);
    setError(result.ok ? null : `${what}: ${result.error.message}`);
  };
  const open = item.checks.filter((candidate) => !candidate.done);
  const heading = `${item.id} ${item.name}`;
  // Only the next item in the runbooks' order gets the prominent button: fewer chances to rotate out of order.
  const actionClass = next ? 'primary' : undefined;
  const checkList = (
    <fieldset className="rotation-checks" disabled={busy || item.status === 'verified'}>
      <legend>After rotation ({item.checks.length - open.length}/{item.checks.length})</legend>
      {item.checks.map((candidate) => (
        <label key={candidate.id} className={`checkbox rotation-check${candidate.done ? ' done' : ''}`}>
          <input type="checkbox" checked={candidate.done} onChange={(event) => void run('Check not changed', () => check(incidentId, item.id, candidate.id, event.target.checked))} />
          <span>{candidate.label}</span>
          {candidate.done && candidate.at && <span className="small muted">{candidate.by}, {localTime(candidate.at)}</span>}
        </label>
      ))}
    </fieldset>
  );

  return (
    <li className={`rotation-item rot-${item.status}${next ? ' rotation-next' : ''}`} aria-label={heading}>
      <div className="rotation-item-head">
        <span className="mono rotation-id">{item.id}</span>
        <strong className="rotation-name">{item.name}</strong>
        <span className={`pill rot-pill rot-${item.status}`}>{statusLabels[item.status]}</span>
      </div>
      <dl className="rotation-facts">
        <div><dt>Where</dt><dd>{item.location}</dd></div>
        <div><dt>Owner</dt><dd>{item.owner}</dd></div>
        {item.fingerprint && <div><dt>Fingerprint</dt><dd className="mono">{item.fingerprint}{item.findingId !== null && <span className="muted"> · scan finding {item.findingId}</span>}</dd></div>}
      </dl>
      <p className="rotation-history small muted">
        Added {localTime(item.addedAt)} by {item.addedBy}
        {item.rotatedAt && <> · <span className="rot-step">Rotated {localTime(item.rotatedAt)} by {item.rotatedBy}</span></>}
        {item.verifiedAt && <> · <span className="rot-step">Verified {localTime(item.verifiedAt)} by {item.verifiedBy}</span></>}
      </p>
      {item.status === 'pending' ? (
        <div className="rotation-actions">
          <button type="button" className={actionClass} disabled={busy} aria-label={`Mark ${item.id} rotated`} onClick={() => void run('Not marked rotated', () => mark(incidentId, item.id, 'rotated'))}>
            {busy ? 'Marking…' : 'Mark rotated'}
          </button>
          <span className="small muted">Once the new secret is in place; the after-rotation checks follow.</span>
        </div>
      ) : item.status === 'verified' ? (
        // Done with: the checks fold away, their who and when one click off.
        <details className="rotation-checks-done">
          <summary className="small muted">All {item.checks.length} after-rotation checks done</summary>
          {checkList}
        </details>
      ) : (
        checkList
      )}
      {item.status === 'rotated' && (
        <div className="rotation-actions">
          <button type="button" className={actionClass} disabled={busy || open.length > 0} aria-label={`Mark ${item.id} verified`} onClick={() => void run('Not verified', () => mark(incidentId, item.id, 'verified'))}>
            {busy ? 'Marking…' : 'Mark verified'}
          </button>
          {open.length > 0 && <span className="small muted">Tick the {open.length} check{open.length === 1 ? '' : 's'} left to verify.</span>}
        </div>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
    </li>
  );
}
