import { useEffect } from 'react';
import { localTime, responseWindow, zoneName } from '../format';
import { useIncidents, useUi } from '../hooks/stores';
import { ImpactTags } from './ImpactTags';
import { IncidentControls } from './IncidentControls';
import { NoteComposer } from './NoteComposer';
import { SeverityBadge } from './SeverityBadge';
import { SlaClock } from './SlaClock';
import { StatusPill } from './StatusPill';
import { Timeline } from './Timeline';

export function IncidentPage({ id }: { id: string }) {
  const detail = useIncidents((state) => state.details[id]);
  const error = useIncidents((state) => state.detailErrors[id]);
  const loadDetail = useIncidents((state) => state.loadDetail);
  const navigate = useUi((state) => state.navigate);

  useEffect(() => {
    void loadDetail(id);
  }, [id, loadDetail]);

  if (error && !detail) {
    return (
      <main className="incident-page">
        <p className="form-error" role="alert">{error}</p>
        <button type="button" onClick={() => navigate({ name: 'dashboard' })}>Back to incidents</button>
      </main>
    );
  }
  if (!detail) return <main className="incident-page muted">Loading {id}…</main>;
  const { incident, timeline } = detail;

  return (
    <main className="incident-page">
      <header className="incident-header">
        <div className="incident-heading">
          <button type="button" className="link" onClick={() => navigate({ name: 'dashboard' })}>
            ← Incidents
          </button>
          <div className="incident-title-row">
            <SeverityBadge severity={incident.severity} label={incident.severityLabel} rank={incident.severityRank} />
            <h1>{incident.title}</h1>
          </div>
          <div className="incident-meta">
            <span className="mono">{incident.id}</span>
            <StatusPill status={incident.status} />
            <span>Commander <strong>{incident.commander}</strong></span>
            <span>Impact <ImpactTags impact={incident.impact} /></span>
            {incident.scenario && <span>Scenario <strong>{incident.scenario}</strong></span>}
          </div>
        </div>
        <div className="sla-panel">
          <div className="sla-caption">Response SLA · {incident.severityLabel} · {responseWindow(incident.sla.responseMinutes)}</div>
          <SlaClock sla={incident.sla} large />
          <div className="sla-caption">due {localTime(incident.sla.dueAt)}</div>
        </div>
      </header>
      <IncidentControls incident={incident} />
      <div className="incident-body">
        <section className="incident-facts" aria-label="Details">
          <dl>
            <dt>Declared</dt>
            <dd>{localTime(incident.declaredAt)}</dd>
            <dt>Detected by</dt>
            <dd>{incident.detectionSource || '—'}</dd>
            <dt>Severity</dt>
            <dd>{incident.severity} {incident.severityLabel}</dd>
          </dl>
          {incident.description && <p className="description">{incident.description}</p>}
          <p className="muted small">Times in {zoneName()}</p>
        </section>
        <section className="incident-timeline" aria-label="Timeline and notes">
          <h2>Timeline</h2>
          <NoteComposer incidentId={incident.id} />
          <Timeline entries={timeline} />
        </section>
      </div>
    </main>
  );
}
