import type { Redaction } from '../../../src-main/contract';
import { usePasteGuardStore } from '../../hooks/stores';
import type { PasteGuard } from '../../hooks/usePasteGuard';

const looksLike = (redaction: Redaction) => (redaction.rule === 'vault-value' ? 'A value kept in the vault' : redaction.description);
// The form that takes the value's place, as the main process writes it.
const storedAs = (redaction: Redaction) => `${redaction.preview}[redacted ${redaction.rule} sha256:${redaction.fingerprint}]`;

/**
 * Under a guarded field: what the pasted (or typed) text looked like and the redacted form that
 * will be stored in its place, with the way to keep the value in the vault instead. After a save,
 * a notice when the main process redacted something the guard had not seen.
 */
export function PasteGuardWarning({ guard }: { guard: PasteGuard }) {
  const putInVault = usePasteGuardStore((state) => state.putInVault);
  const { warning, notice } = guard;
  if (warning) {
    return (
      <div className="paste-guard" role="alert" aria-label={`Secret in the ${guard.what}`}>
        <p className="paste-guard-head">
          ⚠ {warning.redactions.length > 1 ? `${warning.redactions.length} secrets` : 'A secret'} in the {guard.what}: it will be stored redacted
        </p>
        <ul className="paste-guard-list">
          {warning.redactions.map((redaction, index) => (
            <li key={index}>
              <strong>{looksLike(redaction)}</strong>, stored as <code>{storedAs(redaction)}</code>
            </li>
          ))}
        </ul>
        <div className="paste-guard-actions">
          <button type="button" className="primary" onClick={guard.storeRedacted}>
            Store redacted
          </button>
          {putInVault && (
            <button type="button" onClick={() => guard.takeValues().forEach(putInVault)}>
              Put the value in the vault instead
            </button>
          )}
        </div>
      </div>
    );
  }
  if (!notice) return null;
  return (
    <div className="paste-guard notice" role="status" aria-label={`The ${guard.what} was stored redacted`}>
      <div>
        <p className="paste-guard-head">The {guard.what} was stored redacted</p>
        <ul className="paste-guard-list">
          {notice.map((redaction, index) => (
            <li key={index}>
              <strong>{looksLike(redaction)}</strong>, stored as <code>{storedAs(redaction)}</code>
            </li>
          ))}
        </ul>
        <p className="muted">Keep such values in the vault, never in the timeline.</p>
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={guard.dismissNotice}>✕</button>
    </div>
  );
}
