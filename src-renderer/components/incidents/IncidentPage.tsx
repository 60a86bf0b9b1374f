import { useEffect, type KeyboardEvent } from 'react';
import type { IncidentTab } from '../../stores/uiStore';
import { useChecklists, useIncidents, useUi } from '../../hooks/stores';
import { ActionsTab } from '../actions/ActionsTab';
import { AssetsTab } from '../investigation/assets/AssetsTab';
import { IndicatorsTab } from '../investigation/indicators/IndicatorsTab';
import { InvestigationTimelineTab } from '../investigation/timeline/InvestigationTimelineTab';
import { ChecklistPanel } from '../playbooks/ChecklistPanel';
import { ComposeTab } from '../comms/ComposeTab';
import { ConflictPanel } from './ConflictPanel';
import { DrillPanel } from '../drills/DrillPanel';
import { EvidenceTab } from '../evidence/EvidenceTab';
import { RotationTab } from '../rotation/RotationTab';
import { ScansTab } from '../scans/ScansTab';
import { IncidentControls } from './IncidentControls';
import { IncidentHeader } from './IncidentHeader';
import { LogsTab } from '../logs/LogsTab';
import { SupplyTab } from '../supply/SupplyTab';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { NoteComposer } from './NoteComposer';
import { PhaseStepper } from './PhaseStepper';
import { ReportTab } from '../report/ReportTab';
import { RolesBar } from './RolesBar';
import { Timeline } from './Timeline';
import { UserText } from '../common/UserText';

const drillTab: { id: IncidentTab; label: string } = { id: 'drill', label: 'Drill' };
const realTabs: { id: IncidentTab; label: string }[] = [
  { id: 'response', label: 'Response' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'indicators', label: 'Indicators' },
  { id: 'assets', label: 'Assets' },
  { id: 'evidence', label: 'Evidence' },
  { id: 'scans', label: 'Scans' },
  { id: 'logs', label: 'Logs' },
  { id: 'supply', label: 'Supply chain' },
  { id: 'rotation', label: 'Rotation' },
  { id: 'compose', label: 'Compose' },
  { id: 'report', label: 'Report' },
  { id: 'actions', label: 'Action items' },
];

export function IncidentPage({ id, tab = 'response' }: { id: string; tab?: IncidentTab }) {
  const detail = useIncidents((state) => state.details[id]);
  const error = useIncidents((state) => state.detailErrors[id]);
  const loadDetail = useIncidents((state) => state.loadDetail);
  const loadOlder = useIncidents((state) => state.loadOlder);
  const olderLoading = useIncidents((state) => state.olderLoading[id] ?? false);
  const advancePhase = useIncidents((state) => state.advancePhase);
  const actionError = useIncidents((state) => state.actionErrors[id]);
  const clearActionError = useIncidents((state) => state.clearActionError);
  const checklist = useChecklists((state) => state.checklists[id]);
  const checklistError = useChecklists((state) => state.errors[id]);
  const loadChecklist = useChecklists((state) => state.load);
  const navigate = useUi((state) => state.navigate);
  // A drill incident's drill tab comes second, after the checklist the team works.
  const tabs = detail?.incident.kind === 'drill' ? [realTabs[0]!, drillTab, ...realTabs.slice(1)] : realTabs;
  const showTab = (next: IncidentTab) => navigate(next === 'response' ? { name: 'incident', id } : { name: 'incident', id, tab: next });
  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = tabs.findIndex((candidate) => candidate.id === tab);
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    showTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  useEffect(() => {
    void loadDetail(id);
    void loadChecklist(id);
  }, [id, loadDetail, loadChecklist]);

  if (!detail) {
    return (
      <main className="incident-page">
        <button type="button" className="link" onClick={() => navigate({ name: 'dashboard' })}>
          ← Incidents
        </button>
        {error ? <LoadError what={id} message={error} onRetry={() => loadDetail(id)} /> : <Loading what={id} onRetry={() => loadDetail(id)} />}
      </main>
    );
  }
  const { incident, timeline } = detail;
  const older = detail.timelineCursor ? { loading: olderLoading, load: () => void loadOlder(id) } : undefined;
  const closed = incident.status === 'Closed';

  return (
    <main className="incident-page">
      <IncidentHeader incident={incident} />
      {error && <LoadError what={id} message={error} onRetry={() => loadDetail(id)} stale />}
      <IncidentControls incident={incident} />
      <RolesBar incident={incident} roles={detail.roles} />
      <ConflictPanel incident={incident} conflicts={detail.conflicts} />
      {actionError && (
        <div className="action-error" role="alert">
          <span>{actionError}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => clearActionError(id)}>✕</button>
        </div>
      )}
      {checklist && <PhaseStepper checklist={checklist} closed={closed} onAdvance={(to, reason) => advancePhase(incident.id, to, reason)} onGateAsked={() => clearActionError(id)} />}
      <div className="tabs" role="tablist" aria-label="Incident sections" onKeyDown={onTabKey}>
        {tabs.map((candidate) => (
          <button key={candidate.id} id={`tab-${candidate.id}`} type="button" role="tab" aria-selected={tab === candidate.id} aria-controls={`panel-${candidate.id}`} tabIndex={tab === candidate.id ? 0 : -1} onClick={() => showTab(candidate.id)}>
            {candidate.label}
          </button>
        ))}
      </div>
      {tab === 'response' ? (
        <div className="incident-body" role="tabpanel" id="panel-response" aria-labelledby="tab-response">
          {checklist ? (
            <ChecklistPanel checklist={checklist} closed={closed} />
          ) : (
            <section className="checklist" aria-label="Checklist">
              {checklistError ? <LoadError what="the checklist" message={checklistError} onRetry={() => loadChecklist(id)} /> : <Loading what="the checklist" onRetry={() => loadChecklist(id)} />}
            </section>
          )}
          <section className="incident-timeline" aria-label="Timeline and notes">
            <h2>Timeline</h2>
            {incident.description && <UserText as="p" className="description" text={incident.description} />}
            <NoteComposer incidentId={incident.id} />
            <Timeline entries={timeline} declaredAt={incident.declaredAt} total={detail.timelineTotal} older={older} />
          </section>
        </div>
      ) : (
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {tab === 'drill' ? (
            incident.kind === 'drill' ? <DrillPanel incidentId={incident.id} /> : <p className="empty">{incident.id} is a real incident, not a drill.</p>
          ) : tab === 'timeline' ? (
            <InvestigationTimelineTab incidentId={incident.id} />
          ) : tab === 'indicators' ? (
            <IndicatorsTab incidentId={incident.id} />
          ) : tab === 'assets' ? (
            <AssetsTab incidentId={incident.id} />
          ) : tab === 'evidence' ? (
            <EvidenceTab incidentId={incident.id} />
          ) : tab === 'scans' ? (
            <ScansTab incidentId={incident.id} />
          ) : tab === 'logs' ? (
            <LogsTab incidentId={incident.id} />
          ) : tab === 'supply' ? (
            <SupplyTab incidentId={incident.id} />
          ) : tab === 'rotation' ? (
            <RotationTab incidentId={incident.id} />
          ) : tab === 'compose' ? (
            <ComposeTab incident={incident} />
          ) : tab === 'report' ? (
            <ReportTab incidentId={incident.id} />
          ) : (
            <ActionsTab incidentId={incident.id} />
          )}
        </div>
      )}
    </main>
  );
}
