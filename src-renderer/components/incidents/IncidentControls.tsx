import { useCallback, useState, type KeyboardEvent } from 'react';
import type { Envelope, Incident, IncidentStatus } from '../../../src-main/contract';
import { responseWindow } from '../../format';
import { useIncidents, useUi } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import { useRequest } from '../../hooks/useRequest';
import { PasteGuardWarning } from '../common/PasteGuardWarning';

// The contract's order (Active → Contained → Resolved → Closed); the renderer may import its types only.
const incidentStatuses: readonly IncidentStatus[] = ['Active', 'Contained', 'Resolved', 'Closed'];

/** What the palette's "Hand over" asks for: the hand-over field opens. */
export const handOverRequestId = (incidentId: string) => `handover-${incidentId}`;

const statusVerbs: Record<IncidentStatus, string> = {
  Active: 'Reactivate',
  Contained: 'Mark contained',
  Resolved: 'Mark resolved',
  Closed: 'Close incident',
};

/**
 * Status moves forward only; severity and commander can change any time until closed. A failed
 * change is shown by the incident page right under these controls (the store keeps it), and the
 * controls are usable again as soon as the answer is in.
 */
export function IncidentControls({ incident }: { incident: Incident }) {
  const schemes = useIncidents((state) => state.schemes);
  const setStatus = useIncidents((state) => state.setStatus);
  const setSeverity = useIncidents((state) => state.setSeverity);
  const setCommander = useIncidents((state) => state.setCommander);
  const setScenario = useIncidents((state) => state.setScenario);
  const playbooks = useIncidents((state) => state.playbooks);
  const [busy, setBusy] = useState(false);
  const draftKey = `commander:${incident.id}`;
  const hasDraft = useUi((state) => draftKey in state.drafts);
  const [commanderDraft, setCommanderDraft, clearCommanderDraft] = useDraft(draftKey);
  const [open, setOpen] = useState(false);
  const scheme = schemes.find((candidate) => candidate.id === incident.schemeId);
  const next = incidentStatuses.slice(incidentStatuses.indexOf(incident.status) + 1);
  const closed = incident.status === 'Closed';

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

  return (
    <section className="controls" aria-label="Incident controls">
      <div className="control-group">
        {next.map((status, index) => (
          <button key={status} type="button" className={index === 0 ? 'primary' : ''} disabled={busy} onClick={() => {
              // Closing cannot be undone: status only moves forward.
              if (status === 'Closed' && !window.confirm(`Close ${incident.id}? A closed incident cannot be reopened.`)) return;
              void run(setStatus(incident.id, status));
            }}>
            {statusVerbs[status]}
          </button>
        ))}
      </div>
      {!closed && (
        <label className="inline-field">
          Severity
          <select aria-label="Severity" value={incident.severity} disabled={busy} onChange={(e) => void run(setSeverity(incident.id, e.target.value))}>
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
    </section>
  );
}
