import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { Envelope, Incident, IncidentStatus } from '../../../src-main/contract';
import { responseWindow } from '../../format';
import { useIncidents, useUi } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import { useRequest } from '../../hooks/useRequest';
import type { ForwardStatus, StatusDialogRequest } from '../../stores/uiStore';
import { PasteGuardWarning } from '../common/PasteGuardWarning';
import { forwardVerbs, StatusDialogs } from './StatusDialogs';

// The contract's order (Active → Contained → Resolved → Closed); the renderer may import its types only.
const forwardStatuses: readonly ForwardStatus[] = ['Contained', 'Resolved', 'Closed'];
const statusOrder: readonly IncidentStatus[] = ['Active', ...forwardStatuses];

/** What the palette's "Hand over" asks for: the hand-over field opens. */
export const handOverRequestId = (incidentId: string) => `handover-${incidentId}`;

/**
 * Status moves forward after a confirmation that says what is still open, and back with a reason;
 * severity asks a reason; commander can change any time until closed. A failed change is shown by
 * the incident page right under these controls (the store keeps it), and the controls are usable
 * again as soon as the answer is in.
 */
export function IncidentControls({ incident }: { incident: Incident }) {
  const schemes = useIncidents((state) => state.schemes);
  const setCommander = useIncidents((state) => state.setCommander);
  const setScenario = useIncidents((state) => state.setScenario);
  const playbooks = useIncidents((state) => state.playbooks);
  const [busy, setBusy] = useState(false);
  const draftKey = `commander:${incident.id}`;
  const hasDraft = useUi((state) => draftKey in state.drafts);
  const [commanderDraft, setCommanderDraft, clearCommanderDraft] = useDraft(draftKey);
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<StatusDialogRequest | null>(null);
  const scheme = schemes.find((candidate) => candidate.id === incident.schemeId);
  // A drill closes by being finished (the service refuses a plain close): Finish scores it first.
  const drill = incident.kind === 'drill';
  const next = forwardStatuses.filter((status) => statusOrder.indexOf(status) > statusOrder.indexOf(incident.status) && !(drill && status === 'Closed'));
  const closed = incident.status === 'Closed';
  const navigate = useUi((state) => state.navigate);

  const run = async (action: Promise<Envelope<unknown>>) => {
    setBusy(true);
    try {
      return (await action).ok;
    } finally {
      setBusy(false);
    }
  };
  // Escape closes the small editor; the name typed stays for when it is opened again.
  const onCommanderKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    setOpen(false);
  };
  const cancelCommander = () => {
    clearCommanderDraft();
    setOpen(false);
  };
  const submitCommander = async () => {
    // A secret in the name is replaced by its redacted form, and shown, before anything is stored.
    const name = await guard.beforeSubmit(commanderDraft);
    if (name === null) return;
    if (!(await run(setCommander(incident.id, name)))) return;
    clearCommanderDraft(name);
    setOpen(false);
  };
  const guard = usePasteGuard('commander', commanderDraft, setCommanderDraft, () => void submitCommander());
  const openHandOver = useCallback(() => {
    if (!hasDraft) setCommanderDraft(incident.commander);
    setOpen(true);
  }, [hasDraft, incident.commander, setCommanderDraft]);
  useRequest(handOverRequestId(incident.id), openHandOver);
  // The palette's status and severity changes open these same dialogs: one set of rules, one look.
  const requested = useUi((state) => (state.changeRequest?.incidentId === incident.id ? state.changeRequest.dialog : null));
  const setChangeRequest = useUi((state) => state.setChangeRequest);
  useEffect(() => {
    if (!requested) return;
    setChangeRequest(null);
    setDialog(requested);
  }, [requested, setChangeRequest]);

  return (
    <section className="controls" aria-label="Incident controls">
      {/* None of these acts at once: each opens a confirmation that says what is still open. */}
      <div className="control-group" role="group" aria-label="Status">
        {next.map((status) => (
          <button key={status} type="button" disabled={busy} onClick={() => setDialog({ kind: 'forward', to: status })}>
            {forwardVerbs[status]}…
          </button>
        ))}
        {drill && !closed && (
          <button type="button" onClick={() => navigate({ name: 'incident', id: incident.id, tab: 'drill' })} title="Finishing scores the drill and closes it">
            Finish drill…
          </button>
        )}
        {incident.status !== 'Active' && !(drill && closed) && (
          <button type="button" disabled={busy} onClick={() => setDialog({ kind: 'back' })} title="For a status set by mistake: asks a reason, kept on the timeline">
            {closed ? 'Reopen…' : 'Move status back…'}
          </button>
        )}
      </div>
      {!closed && (
        <label className="inline-field">
          Severity
          <select aria-label="Severity" value={incident.severity} disabled={busy} onChange={(e) => setDialog({ kind: 'severity', to: e.target.value })}>
            {scheme?.levels.map((level) => (
              <option key={level.id} value={level.id}>
                {level.id} {level.label} — respond in {responseWindow(level.responseMinutes)}
              </option>
            ))}
          </select>
        </label>
      )}
      {!closed && playbooks.length > 0 && (
        <label className="inline-field">
          Scenario
          <select
            aria-label="Scenario"
            value={incident.playbookId}
            disabled={busy}
            onChange={(e) => {
              const next = playbooks.find((playbook) => playbook.id === e.target.value);
              if (next && window.confirm(`Switch to “${next.title}”? The checklist is replaced by that playbook's steps; the current one stays on the timeline.`)) {
                void run(setScenario(incident.id, next.id));
              }
            }}
          >
            {playbooks.map((playbook) => (
              <option key={playbook.id} value={playbook.id}>{playbook.title}</option>
            ))}
          </select>
        </label>
      )}
      {!closed &&
        (!open ? (
          <button
            type="button"
            onClick={openHandOver}
          >
            {hasDraft && commanderDraft.trim() && commanderDraft !== incident.commander ? `Hand over to ${commanderDraft}… (not saved)` : 'Hand over…'}
          </button>
        ) : (
          <form
            className="inline-field"
            onSubmit={(e) => {
              e.preventDefault();
              void submitCommander();
            }}
          >
            <input autoFocus aria-label="New commander" value={commanderDraft} onChange={(e) => setCommanderDraft(e.target.value)} onPaste={guard.onPaste} onKeyDown={onCommanderKey} aria-invalid={guard.warning !== null} />
            <button type="submit" className="primary" disabled={busy}>{busy ? 'Handing over…' : 'Hand over'}</button>
            <button type="button" onClick={cancelCommander}>Cancel</button>
            <PasteGuardWarning guard={guard} />
          </form>
        ))}
      {/* Keyed: another change asked for while one is open starts with empty fields. */}
      {dialog && <StatusDialogs key={`${dialog.kind}-${dialog.to ?? ''}`} incident={incident} request={dialog} onClose={() => setDialog(null)} />}
    </section>
  );
}
