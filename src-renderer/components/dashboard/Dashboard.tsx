import { useCallback, useEffect } from 'react';
import type { Incident } from '../../../src-main/contract';
import { useIncidents, useSharing, useUi } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { IncidentRows } from './IncidentRows';
import { OpenActionsPanel } from '../actions/OpenActionsPanel';

function matches(incident: Incident, query: string): boolean {
  if (!query) return true;
  const haystack = `${incident.id} ${incident.title} ${incident.commander} ${incident.scenario} ${incident.severity} ${incident.status}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/** A paged list is searched by the server: asked once typing pauses, not at every key. */
const searchDelayMs = 150;

/** Open incidents, most urgent first (the server sorts by SLA time left). */
export function Dashboard() {
  const incidents = useIncidents((state) => state.incidents);
  const listLoaded = useIncidents((state) => state.listLoaded);
  const listError = useIncidents((state) => state.listError);
  const scope = useIncidents((state) => state.scope);
  const setScope = useIncidents((state) => state.setScope);
  const loadList = useIncidents((state) => state.loadList);
  const total = useIncidents((state) => state.total);
  const paged = useIncidents((state) => state.paged);
  const listText = useIncidents((state) => state.listText);
  const setListText = useIncidents((state) => state.setListText);
  const loadMore = useIncidents((state) => state.loadMore);
  const search = useUi((state) => state.search);
  const navigate = useUi((state) => state.navigate);
  const openSharing = useSharing((state) => state.open);
  const setDeclareOpen = useUi((state) => state.setDeclareOpen);
  const now = useNow();
  // Stable, so the memoized rows are not all drawn again on each clock tick.
  const open = useCallback((id: string) => navigate({ name: 'incident', id }), [navigate]);
  // A paged list holds only its first pages: the server searches it (ids and titles), the console filters a whole one.
  useEffect(() => {
    if (!paged || search === listText) return;
    const timer = setTimeout(() => void setListText(search), searchDelayMs);
    return () => clearTimeout(timer);
  }, [paged, search, listText, setListText]);
  const shown = paged ? incidents : incidents.filter((incident) => matches(incident, search));
  const rowCount = paged ? Math.max(total, incidents.length) : shown.length;
  const searched = paged ? listText !== '' : search !== '';
  const overdue = incidents.filter((incident) => incident.sla.state === 'overdue' || (incident.sla.state === 'running' && Date.parse(incident.sla.dueAt) < now.getTime())).length;

  return (
    <main className="dashboard">
      <div className="toolbar">
        <h1>{scope === 'open' ? 'Open incidents' : 'All incidents'}</h1>
        {listLoaded && !(listError && incidents.length === 0) && (
          <span className="count">{paged ? `${rowCount}${searched ? ' found' : ''}` : `${shown.length}${search ? ` of ${incidents.length}` : ''}`}</span>
        )}
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
      {listLoaded && incidents.length === 0 && !listError && !(paged && searched) && (
        <div className="empty">
          <p>No {scope === 'open' ? 'open ' : ''}incidents. Quiet night.</p>
          <button type="button" className="primary danger" onClick={() => setDeclareOpen(true)}>
            Declare an incident <kbd>n</kbd>
          </button>
        </div>
      )}
      {shown.length > 0 && (
        <div className="incident-grid" role="table" aria-label="Incidents" aria-rowcount={rowCount + 1}>
          <div className="incident-grid-head" role="row" aria-rowindex={1}>
            {['SLA', 'Sev', 'ID', 'Title', 'Status', 'Phase', 'Checklist', 'Impact', 'Commander', 'Declared'].map((heading) => (
              <span key={heading} role="columnheader">{heading}</span>
            ))}
          </div>
          <IncidentRows incidents={shown} count={rowCount} onNeedMore={paged ? loadMore : undefined} onOpen={open} />
        </div>
      )}
      {listLoaded && shown.length === 0 && searched && (paged || incidents.length > 0) && <p className="muted">Nothing matches “{search}”.</p>}
      <OpenActionsPanel />
    </main>
  );
}
