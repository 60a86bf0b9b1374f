import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Incident, IncidentStatus } from '../../../src-main/contract';
import { responseWindow } from '../../format';
import { useChecklists, useIncidents, useUi } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { Modal } from '../common/Modal';
import './ChangeDialog.css';

const statusTitles: Record<IncidentStatus, string> = { Active: 'Reactivate', Contained: 'Mark contained', Resolved: 'Mark resolved', Closed: 'Close' };

/**
 * A severity or status change the palette asked for: never a blind change. It says what changes and
 * what is still open, asks why (required for severity, as the CLI's --reason), and records it.
 */
export function ChangeDialog() {
  const request = useUi((state) => state.changeRequest);
  const setChangeRequest = useUi((state) => state.setChangeRequest);
  const incident = useIncidents((state) => (request ? (state.details[request.incidentId]?.incident ?? state.incidents.find((candidate) => candidate.id === request.incidentId)) : undefined));
  if (!request || !incident) return null;
  return <ChangeForm key={`${request.kind}-${request.to}`} incident={incident} kind={request.kind} to={request.to} onClose={() => setChangeRequest(null)} />;
}

function ChangeForm({ incident, kind, to, onClose }: { incident: Incident; kind: 'severity' | 'status'; to: string; onClose(): void }) {
  const schemes = useIncidents((state) => state.schemes);
  const setSeverity = useIncidents((state) => state.setSeverity);
  const setStatus = useIncidents((state) => state.setStatus);
  const steps = useChecklists((state) => state.checklists[incident.id]?.steps);
  const criticalOpen = steps?.filter((step) => step.critical && step.status === 'open');
  const [reason, setReason, clearReason] = useDraft(`${kind}:${incident.id}:reason`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const levels = schemes.find((scheme) => scheme.id === incident.schemeId)?.levels ?? [];
  const level = levels.find((candidate) => candidate.id === to);
  const title = kind === 'severity' ? `Change severity of ${incident.id}` : `${statusTitles[to as IncidentStatus]} ${incident.id}`;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (kind === 'severity' && !reason.trim()) return setError('Say why: the reason goes on the timeline and in the report.');
    setBusy(true);
    const result = kind === 'severity' ? await setSeverity(incident.id, to, reason.trim()) : await setStatus(incident.id, to as IncidentStatus, reason.trim() || undefined);
    setBusy(false);
    if (!result.ok) return setError(`Not changed: ${result.error.message}`);
    clearReason(reason);
    onClose();
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter confirms (a reason is one line at 3 a.m.); Shift+Enter for a second line.
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
    }
  };
  const warnings = kind === 'status' ? statusWarnings(incident, to as IncidentStatus, criticalOpen?.map((step) => step.text)) : [];

  return (
    <Modal title={title} onClose={onClose}>
      <form className="form change-dialog" onSubmit={(event) => void submit(event)}>
        <p>
          {kind === 'severity' ? (
            <>
              {incident.title}: <strong>{incident.severity} {incident.severityLabel}</strong> → <strong>{to} {level?.label}</strong>
              {level && <span className="muted"> (respond within {responseWindow(level.responseMinutes)}, counted from the declaration)</span>}
            </>
          ) : (
            <>
              {incident.title}: <strong>{incident.status}</strong> → <strong>{to}</strong>
            </>
          )}
        </p>
        {warnings.length > 0 && (
          <ul className="form-error change-warnings" aria-label="Still open">
            {warnings.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
        <label className="field">
          <span>{kind === 'severity' ? 'Why? (required, on the timeline)' : 'Note (optional, on the timeline)'}</span>
          <textarea autoFocus rows={2} aria-label={kind === 'severity' ? 'Reason for the severity change' : 'Note on the status change'} value={reason} onChange={(e) => { setReason(e.target.value); setError(null); }} onKeyDown={onKeyDown} />
        </label>
        {error && <p className="field-error" role="alert">{error}</p>}
        <div className="form-actions">
          <span className="hint">Enter to confirm · Esc leaves the field, Esc again cancels</span>
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className={`primary ${to === 'Closed' ? 'danger' : ''}`} disabled={busy}>
            {busy ? 'Saving…' : kind === 'severity' ? `Change to ${to}` : `${statusTitles[to as IncidentStatus]}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** What a responder should know before moving the status on: said before, not discovered after. */
function statusWarnings(incident: Incident, to: IncidentStatus, criticalOpen: string[] | undefined): string[] {
  const lines: string[] = [];
  if (!incident.acknowledgedAt) lines.push('Nobody has acknowledged this incident yet.');
  if (criticalOpen?.length) lines.push(`${criticalOpen.length} critical step${criticalOpen.length === 1 ? ' is' : 's are'} still open: ${criticalOpen.slice(0, 3).join('; ')}${criticalOpen.length > 3 ? '…' : ''}`);
  if (to === 'Closed') lines.push('A closed incident cannot be reopened.');
  return lines;
}
