import { memo } from 'react';
import type { Incident } from '../../../src-main/contract';
import { localTime } from '../../format';
import { useIncidents, useSharing, useUi } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';
import { ImpactTags } from '../common/ImpactTags';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { OpenActionsPanel } from '../actions/OpenActionsPanel';
import { SeverityBadge } from '../common/SeverityBadge';
import { SlaClock } from '../common/SlaClock';
import { StatusPill } from '../common/StatusPill';
import { UserText } from '../common/UserText';
import { visibleUserText } from '../../userText';

function matches(incident: Incident, query: string): boolean {
  if (!query) return true;
  const haystack = `${incident.id} ${incident.title} ${incident.commander} ${incident.scenario} ${incident.severity} ${incident.status}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/** Open incidents, most urgent first (the server sorts by SLA time left). */
export function Dashboard() {
  const incidents = useIncidents((state) => state.incidents);
  const listLoaded = useIncidents((state) => state.listLoaded);
  const listError = useIncidents((state) => state.listError);
  const scope = useIncidents((state) => state.scope);
  const setScope = useIncidents((state) => state.setScope);
  const loadList = useIncidents((state) => state.loadList);
  const search = useUi((state) => state.search);
  const navigate = useUi((state) => state.navigate);
  const openSharing = useSharing((state) => state.open);
  const setDeclareOpen = useUi((state) => state.setDeclareOpen);
  const now = useNow();
  const open = (id: string) => navigate({ name: 'incident', id });
  const shown = incidents.filter((incident) => matches(incident, search));
  const overdue = incidents.filter((incident) => incident.sla.state === 'overdue' || (incident.sla.state === 'running' && Date.parse(incident.sla.dueAt) < now.getTime())).length;

  return (
    <main className="dashboard">
      <div className="toolbar">
        <h1>{scope === 'open' ? 'Open incidents' : 'All incidents'}</h1>
        {listLoaded && !(listError && incidents.length === 0) && <span className="count">{shown.length}{search ? ` of ${incidents.length}` : ''}</span>}
        {overdue > 0 && <span className="overdue-count">{overdue} overdue</span>}
        <div className="segmented" role="group" aria-label="Which incidents">
          <button type="button" className={scope === 'open' ? 'active' : ''} onClick={() => void setScope('open')}>
            Open
          </button>
          <button type="button" className={scope === 'all' ? 'active' : ''} onClick={() => void setScope('all')}>
            All
          </button>
        </div>
        <button type="button" onClick={() => openSharing({ kind: 'import', incidentId: null })}>Import bundle…</button>
      </div>
      {listError && <LoadError what="the incidents" message={listError} onRetry={loadList} stale={incidents.length > 0} />}
      {!listLoaded && <Loading what="the incidents" onRetry={loadList} />}
      {listLoaded && incidents.length === 0 && !listError && (
        <div className="empty">
          <p>No {scope === 'open' ? 'open ' : ''}incidents. Quiet night.</p>
          <button type="button" className="primary danger" onClick={() => setDeclareOpen(true)}>
            Declare an incident <kbd>n</kbd>
          </button>
        </div>
      )}
      {shown.length > 0 && (
        <div className="incident-grid" role="table" aria-label="Incidents">
          <div className="incident-grid-head" role="row">
            {['SLA', 'Sev', 'ID', 'Title', 'Status', 'Phase', 'Checklist', 'Impact', 'Commander', 'Declared'].map((heading) => (
              <span key={heading} role="columnheader">{heading}</span>
            ))}
          </div>
          <div role="rowgroup">
            {shown.map((incident) => (
              <IncidentRow key={incident.id} incident={incident} onOpen={open} />
            ))}
          </div>
        </div>
      )}
      {listLoaded && incidents.length > 0 && shown.length === 0 && <p className="muted">Nothing matches “{search}”.</p>}
      <OpenActionsPanel />
    </main>
  );
}

/** Memoized: the per-second tick re-renders only the SLA clocks, not a thousand rows. */
const IncidentRow = memo(function IncidentRow({ incident, onOpen }: { incident: Incident; onOpen(id: string): void }) {
  return (
    <div className="incident-row" role="row" tabIndex={0} onClick={() => onOpen(incident.id)} onKeyDown={(e) => e.key === 'Enter' && onOpen(incident.id)}>
      <span role="cell"><SlaClock sla={incident.sla} /></span>
      <span role="cell"><SeverityBadge severity={incident.severity} label={incident.severityLabel} rank={incident.severityRank} /></span>
      <span role="cell" className="mono">{incident.id}</span>
      <span role="cell" className="title-cell" title={visibleUserText(incident.title)}><UserText text={incident.title} /></span>
      <span role="cell"><StatusPill status={incident.status} /></span>
      <span role="cell" className="phase-cell">{incident.currentPhase}</span>
      <span role="cell"><Progress settled={incident.progress.settled} total={incident.progress.total} /></span>
      <span role="cell"><ImpactTags impact={incident.impact} /></span>
      <span role="cell"><UserText text={incident.commander} /></span>
      <span role="cell" className="muted">{localTime(incident.declaredAt)}</span>
    </div>
  );
}, (before, after) => before.incident === after.incident);

function Progress({ settled, total }: { settled: number; total: number }) {
  return (
    <span className="progress" title={`${settled} of ${total} steps done, skipped or not applicable`}>
      <span className="progress-bar" aria-hidden>
        <span style={{ width: total ? `${(settled / total) * 100}%` : '0%' }} />
      </span>
      <span className="muted small">{settled}/{total}</span>
    </span>
  );
}
