import { useState, type FormEvent } from 'react';
import type { Envelope, Phase } from '../../../src-main/contract';
import { useDraft } from '../../hooks/useDraft';
import { Modal } from '../common/Modal';
import { UserText } from '../common/UserText';
import { useEscapeClosesOnlyTheDialog } from './StatusDialogs';
import './StatusDialogs.css';

interface Props {
  incidentId: string;
  from: Phase;
  to: Phase;
  /** The required steps still open, when the checklist says; else the service's refusal names them. */
  open: { stepId: string; text: string }[];
  refusal: string | null;
  onAdvance(reason: string): Promise<Envelope<unknown>>;
  onClose(): void;
}

/**
 * Leaving a phase with required steps open takes a reason, recorded on the timeline with the steps
 * left open. Enter moves on, Esc closes only this dialog (the reason is kept as a draft).
 */
export function PhaseGateDialog({ incidentId, from, to, open, refusal, onAdvance, onClose }: Props) {
  const [reason, setReason, clearReason] = useDraft(`gate:${incidentId}:${from}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEscapeClosesOnlyTheDialog(onClose);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!reason.trim()) return setError('Give a reason: it goes on the timeline beside the steps left open.');
    setBusy(true);
    setError(null);
    const result = await onAdvance(reason.trim());
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    clearReason(reason);
    onClose();
  };
  const count = open.length;
  return (
    <Modal title={`Move on to ${to} with required steps open`} onClose={onClose} closeFromFields wide>
      <form className="form status-dialog phase-gate" onSubmit={(event) => void submit(event)} onKeyDown={(event) => event.key !== 'Escape' && event.stopPropagation()}>
        <p className="status-move">
          <strong>{from}</strong> → <strong>{to}</strong>
          {count > 0 && <span className="muted"> · {count} required step{count === 1 ? '' : 's'} of {from} still open</span>}
        </p>
        {count > 0 ? (
          <section className="still-open" aria-label="Required steps still open">
            <ul>
              {open.map((step) => (
                <li key={step.stepId} className="open-item">
                  <span className="open-mark" aria-hidden>○</span>
                  <span>
                    <span className="critical-badge">required</span> <UserText text={step.text} />
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          refusal && <p className="open-item warn"><span className="open-mark" aria-hidden>!</span><UserText text={refusal} /></p>
        )}
        <label className="field">
          <span>Reason (required)</span>
          <input value={reason} onChange={(event) => setReason(event.target.value)} aria-required placeholder="Why move on now, e.g. the key is revoked; the block waits on the network team" maxLength={1_000} />
        </label>
        {error && <p className="form-error" role="alert">Not moved: {error}</p>}
        <div className="form-actions">
          <span className="hint">Enter moves on · Esc cancels</span>
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary danger" aria-busy={busy}>{busy ? 'Moving…' : `Move to ${to} anyway`}</button>
        </div>
      </form>
    </Modal>
  );
}
