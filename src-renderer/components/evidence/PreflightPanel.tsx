import type { EvidencePreflight } from '../../../src-main/contract';
import { UserText } from '../common/UserText';

/**
 * What the check before collection found: each path that cannot be collected, in words, and the
 * choice to collect the others without it (recorded as left out) or to go back and fix the list.
 */
export function PreflightPanel({ check, busy, onContinue, onEdit }: { check: EvidencePreflight; busy: boolean; onContinue: () => void; onEdit: () => void }) {
  const ready = check.roots.filter((root) => root.ready).length;
  const blocked = check.unavailable.length;
  const canContinue = ready > 0 && check.outputProblem === null;
  return (
    <section className="preflight" role="alert" aria-label="Before collecting">
      <h3>
        {blocked === 0 ? 'The archive cannot be saved there' : blocked === check.roots.length ? `None of the ${blocked === 1 ? 'paths' : `${blocked} paths`} can be collected` : `${blocked} of ${check.roots.length} paths cannot be collected`}
      </h3>
      {blocked > 0 && (
        <ul className="preflight-list" aria-label="Paths that cannot be collected">
          {check.unavailable.map((root) => (
            <li key={root.path}>
              <UserText as="code" text={root.path} />
              <span className="preflight-reason">{root.reason}</span>
            </li>
          ))}
        </ul>
      )}
      {check.outputProblem && <p className="field-error">{check.outputProblem}</p>}
      {canContinue && blocked > 0 && (
        <p className="small muted">
          Collecting without {blocked === 1 ? 'it' : 'them'} archives the other {ready === 1 ? 'path' : `${ready} paths`}; the manifest and the chain of custody record what was left out, and why.
        </p>
      )}
      <div className="form-actions">
        {canContinue && blocked > 0 && (
          <button type="button" className="primary" disabled={busy} onClick={onContinue}>
            Collect without {blocked === 1 ? 'it' : 'them'}
          </button>
        )}
        <button type="button" disabled={busy} onClick={onEdit}>Edit the list</button>
      </div>
    </section>
  );
}
