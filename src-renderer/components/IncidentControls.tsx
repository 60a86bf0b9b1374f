import { useState } from 'react';
import type { Incident, IncidentStatus } from '../../src-main/contract';

// The contract's order (Active → Contained → Resolved → Closed); the renderer may import its types only.
const incidentStatuses: readonly IncidentStatus[] = ['Active', 'Contained', 'Resolved', 'Closed'];
import { responseWindow } from '../format';
import { useIncidents } from '../hooks/stores';

const statusVerbs: Record<IncidentStatus, string> = {
  Active: 'Reactivate',
  Contained: 'Mark contained',
  Resolved: 'Mark resolved',
  Closed: 'Close incident',
};

/** Status moves forward only; severity and commander can change any time until closed. */
export function IncidentControls({ incident }: { incident: Incident }) {
  const schemes = useIncidents((state) => state.schemes);
  const setStatus = useIncidents((state) => state.setStatus);
  const setSeverity = useIncidents((state) => state.setSeverity);
  const setCommander = useIncidents((state) => state.setCommander);
  const setScenario = useIncidents((state) => state.setScenario);
  const playbooks = useIncidents((state) => state.playbooks);
  const [error, setError] = useState<string | null>(null);
  const [commanderDraft, setCommanderDraft] = useState<string | null>(null);
  const scheme = schemes.find((candidate) => candidate.id === incident.schemeId);
  const next = incidentStatuses.slice(incidentStatuses.indexOf(incident.status) + 1);
  const closed = incident.status === 'Closed';

  const run = async (action: Promise<{ ok: boolean; error?: { message: string } }>) => {
    const result = await action;
    setError(result.ok ? null : (result.error?.message ?? 'failed'));
    return result.ok;
  };

  return (
    <section className="controls" aria-label="Incident controls">
      <div className="control-group">
        {next.map((status, index) => (
          <button key={status} type="button" className={index === 0 ? 'primary' : ''} onClick={() => {
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
          <select aria-label="Severity" value={incident.severity} onChange={(e) => void run(setSeverity(incident.id, e.target.value))}>
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
        (commanderDraft === null ? (
          <button type="button" onClick={() => setCommanderDraft(incident.commander)}>
            Hand over…
          </button>
        ) : (
          <form
            className="inline-field"
            onSubmit={(e) => {
              e.preventDefault();
              void run(setCommander(incident.id, commanderDraft)).then((done) => done && setCommanderDraft(null));
            }}
          >
            <input autoFocus aria-label="New commander" value={commanderDraft} onChange={(e) => setCommanderDraft(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setCommanderDraft(null)} />
            <button type="submit" className="primary">Hand over</button>
          </form>
        ))}
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  );
}
