import { useEffect } from 'react';
import { useDrills, useUi } from '../../hooks/stores';
import { DrillClockFace } from './DrillClockFace';

/** In a drill incident's sticky header, in place of the SLA: the drill clock (drill time, not wall time), a click away from the drill tab. */
export function DrillHeaderClock({ incidentId }: { incidentId: string }) {
  const run = useDrills((state) => state.runs[incidentId]);
  const load = useDrills((state) => state.load);
  const navigate = useUi((state) => state.navigate);
  const loaded = run !== undefined;
  useEffect(() => {
    if (!loaded) void load(incidentId);
  }, [incidentId, load, loaded]);
  return (
    <button type="button" className="sla-panel drill-header-clock" onClick={() => navigate({ name: 'incident', id: incidentId, tab: 'drill' })} title="Open the drill tab">
      {run ? <DrillClockFace run={run} /> : <span className="muted small">Drill clock…</span>}
    </button>
  );
}
