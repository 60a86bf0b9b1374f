import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { Envelope, Incident, IncidentStatus } from '../../../src-main/contract';
import { responseWindow } from '../../format';
import { useChecklists, useIncidents } from '../../hooks/stores';
import type { ForwardStatus, StatusDialogRequest } from '../../stores/uiStore';
import { Modal } from '../common/Modal';
import { openItemsBefore } from './openItems';
import './StatusDialogs.css';

// The contract's order; the renderer may import its types only.
const statusOrder: readonly IncidentStatus[] = ['Active', 'Contained', 'Resolved', 'Closed'];

export const forwardVerbs: Record<ForwardStatus, string> = { Contained: 'Mark contained', Resolved: 'Mark resolved', Closed: 'Close incident' };

interface Props {
  incident: Incident;
  request: StatusDialogRequest;
  onClose(): void;
}

export function StatusDialogs({ incident, request, onClose }: Props) {
  useEscapeClosesOnlyTheDialog(onClose);
  if (request.kind === 'forward') return <ForwardDialog incident={incident} to={request.to} onClose={onClose} />;
  if (request.kind === 'back') return <BackDialog incident={incident} initial={request.to} onClose={onClose} />;
  return <SeverityDialog incident={incident} to={request.to} onClose={onClose} />;
}

/**
 * Escape after leaving a field (the focus is then outside the dialog, on the page) closes the
 * dialog and nothing else: the page's own Escape would leave the incident. Caught on the way
 * down, before the page's shortcuts hear it.
 */
export function useEscapeClosesOnlyTheDialog(onClose: () => void) {
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || (event.target instanceof Element && event.target.closest('dialog'))) return;
      event.preventDefault();
      event.stopPropagation();
      onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
}

/**
 * A change on its way keeps the dialog's buttons focusable (a disabled button drops the focus out of
 * the dialog, where Escape would act on the page); a second press is ignored instead.
 */
function useSubmit(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (change: () => Promise<Envelope<unknown>>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await change();
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error.message);
  };
  return { busy, error, submit };
}

/**
 * Single-key shortcuts of the page (x ticks a step, g leaves) must not act behind an open dialog.
 * Ctrl+Enter confirms, as in every form of the console: the palette leads here keyboard only.
 */
function keepKeysInDialog(event: KeyboardEvent<HTMLFormElement>) {
  if (event.key === 'Escape') return;
  event.stopPropagation();
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.currentTarget.requestSubmit();
  }
}

function Actions({ busy, error, label, busyLabel, ready, danger, onCancel }: { busy: boolean; error: string | null; label: string; busyLabel: string; ready: boolean; danger?: boolean; onCancel(): void }) {
  return (
    <>
      {error && <p className="form-error" role="alert">Not changed: {error}</p>}
      <div className="form-actions">
        <span className="hint">Ctrl+Enter to confirm · Esc leaves the field, Esc again cancels</span>
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className={`primary ${danger ? 'danger' : ''}`} disabled={!ready} aria-busy={busy}>{busy ? busyLabel : label}</button>
      </div>
    </>
  );
}

function OpenList({ children, count }: { children: ReactNode; count: number }) {
  return (
    <section className="still-open" aria-label="Still open">
      <h3>{count === 0 ? 'Nothing left open' : 'Still open'}</h3>
      <ul>{children}</ul>
    </section>
  );
}

/** Containing, resolving or closing says what is still open first; a close needs its summary. */
function ForwardDialog({ incident, to, onClose }: { incident: Incident; to: ForwardStatus; onClose(): void }) {
  const checklist = useChecklists((state) => state.checklists[incident.id]);
  const setStatus = useIncidents((state) => state.setStatus);
  const acknowledge = useIncidents((state) => state.acknowledge);
  const open = openItemsBefore(incident, checklist, to);
  const [note, setNote] = useState('');
  // Someone is on it now: containing or resolving acknowledges it too, unless unticked. A close
  // never does, so an incident nobody acknowledged is recorded as such.
  const [alsoAcknowledge, setAlsoAcknowledge] = useState(to !== 'Closed');
  const { busy, error, submit } = useSubmit(onClose);
  const verb = forwardVerbs[to];
  const count = open.criticalSteps.length + (open.acknowledged ? 0 : 1);
  const ready = !open.summaryNeeded || note.trim() !== '';
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    void submit(async () => {
      if (!open.acknowledged && alsoAcknowledge) {
        const acknowledged = await acknowledge(incident.id);
        if (!acknowledged.ok) return acknowledged;
      }
      return setStatus(incident.id, to, note.trim() || undefined);
    });
  };
  return (
    <Modal title={`${verb}: ${incident.id}`} onClose={onClose} wide>
      <form className="form status-dialog" onSubmit={onSubmit} onKeyDown={keepKeysInDialog}>
        <p className="status-move">
          <strong>{incident.status}</strong> → <strong>{to}</strong>
          <span className="muted"> · {incident.title}</span>
        </p>
        <OpenList count={count}>
          {!open.acknowledged && (
            <li className="open-item warn">
              <span className="open-mark" aria-hidden>!</span>
              <span>
                <strong>Not acknowledged.</strong> {to === 'Closed' ? 'Closed like this, it is recorded as never acknowledged: no response time.' : 'The response SLA is still running.'}
              </span>
            </li>
          )}
          {open.criticalSteps.map((step) => (
            <li key={step.id} className="open-item">
              <span className="open-mark" aria-hidden>○</span>
              <span>
                <span className="critical-badge">critical</span> {step.text} <span className="muted small">· {step.phase}</span>
              </span>
            </li>
          ))}
          {count === 0 && <li className="open-item done"><span className="open-mark" aria-hidden>✓</span><span>Acknowledged, and no critical step of these phases is open.</span></li>}
        </OpenList>
        {!open.acknowledged && to !== 'Closed' && (
          <label className="check">
            <input type="checkbox" checked={alsoAcknowledge} onChange={(event) => setAlsoAcknowledge(event.target.checked)} />
            Acknowledge it now as well (stops the response SLA at this time)
          </label>
        )}
        <label className="field">
          <span>{open.summaryNeeded ? 'Closing summary (required): what happened, how it ended' : 'Note for the timeline (optional)'}</span>
          <textarea rows={open.summaryNeeded ? 4 : 2} value={note} onChange={(event) => setNote(event.target.value)} required={open.summaryNeeded} aria-required={open.summaryNeeded} />
        </label>
        <Actions
          busy={busy}
          error={error}
          ready={ready}
          danger={count > 0}
          label={count > 0 ? `${verb} anyway (${count} open)` : verb}
          busyLabel="Saving…"
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}

/** A status set by mistake goes back with a reason, on the timeline as a reversal. */
function BackDialog({ incident, initial, onClose }: { incident: Incident; initial: IncidentStatus | undefined; onClose(): void }) {
  const setStatus = useIncidents((state) => state.setStatus);
  const earlier = statusOrder.slice(0, statusOrder.indexOf(incident.status));
  // The one before by default; the palette names the one chosen there.
  const [to, setTo] = useState<IncidentStatus>(initial && earlier.includes(initial) ? initial : (earlier.at(-1) ?? 'Active'));
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit(onClose);
  const ready = reason.trim() !== '';
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) void submit(() => setStatus(incident.id, to, undefined, reason.trim()));
  };
  return (
    <Modal title={`Move status back: ${incident.id}`} onClose={onClose} wide>
      <form className="form status-dialog" onSubmit={onSubmit} onKeyDown={keepKeysInDialog}>
        <p className="muted">
          For a status set by mistake. The timeline keeps both the change and this correction, with your reason.
        </p>
        <fieldset className="field">
          <legend>Back to</legend>
          <div className="status-choices">
            {earlier.map((status) => (
              <label key={status} className="check">
                <input type="radio" name="back-to" value={status} checked={to === status} onChange={() => setTo(status)} />
                {status}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field">
          <span>Reason (required)</span>
          <textarea rows={3} value={reason} onChange={(event) => setReason(event.target.value)} required aria-required placeholder={`Why ${incident.status} was wrong, e.g. the key still works`} />
        </label>
        <Actions busy={busy} error={error} ready={ready} label={`Move back to ${to}`} busyLabel="Saving…" onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** Severity sets the SLA and who is paged: the reason goes on the timeline beside the change. */
function SeverityDialog({ incident, to, onClose }: { incident: Incident; to: string; onClose(): void }) {
  const setSeverity = useIncidents((state) => state.setSeverity);
  const level = useIncidents((state) => state.schemes.find((scheme) => scheme.id === incident.schemeId)?.levels.find((candidate) => candidate.id === to));
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit(onClose);
  const ready = reason.trim() !== '';
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) void submit(() => setSeverity(incident.id, to, reason.trim()));
  };
  return (
    <Modal title={`Change severity: ${incident.id}`} onClose={onClose} wide>
      <form className="form status-dialog" onSubmit={onSubmit} onKeyDown={keepKeysInDialog}>
        <p className="status-move">
          <strong>{incident.severity} {incident.severityLabel}</strong> → <strong>{to} {level?.label ?? ''}</strong>
          {level && <span className="muted"> · respond within {responseWindow(level.responseMinutes)} of the declaration; escalations follow the new severity</span>}
        </p>
        {level && !incident.acknowledgedAt && Date.parse(incident.declaredAt) + level.responseMinutes * 60_000 < Date.now() && (
          <p className="open-item warn">
            <span className="open-mark" aria-hidden>!</span>
            <span>Not acknowledged, and the {to} deadline has already passed: the incident shows as overdue at once.</span>
          </p>
        )}
        <label className="field">
          <span>Reason (required)</span>
          <textarea rows={3} value={reason} onChange={(event) => setReason(event.target.value)} required aria-required placeholder="What changed, e.g. customer data is involved" />
        </label>
        <Actions busy={busy} error={error} ready={ready} label={`Change to ${to}`} busyLabel="Saving…" onCancel={onClose} />
      </form>
    </Modal>
  );
}
