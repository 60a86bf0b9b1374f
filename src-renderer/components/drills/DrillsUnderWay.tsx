import { localTime } from '../../format';
import { useDrills, useUi } from '../../hooks/stores';
import { LoadError } from '../common/LoadError';
import { StatusPill } from '../common/StatusPill';

/** Drills started and not finished: drill incidents are in no real list, so this is the way back to one. */
export function DrillsUnderWay() {
  const underWay = useDrills((state) => state.underWay);
  const error = useDrills((state) => state.underWayError);
  const load = useDrills((state) => state.loadUnderWay);
  const navigate = useUi((state) => state.navigate);
  if (error) return <LoadError what="the drills under way" message={error} onRetry={load} stale={underWay !== null} />;
  if (!underWay || underWay.length === 0) return null;
  return (
    <section aria-label="Drills under way" className="drills-under-way">
      <h2>Under way</h2>
      <ul>
        {underWay.map((incident) => (
          <li key={incident.id}>
            <span className="drill-tag">DRILL</span>
            <button type="button" className="link" onClick={() => navigate({ name: 'incident', id: incident.id, tab: 'drill' })}>
              {incident.title}
            </button>
            <StatusPill status={incident.status} />
            <span className="mono muted">{incident.id}</span>
            <span className="muted small">started {localTime(incident.declaredAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
