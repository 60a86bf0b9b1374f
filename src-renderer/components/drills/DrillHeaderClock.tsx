import { useEffect } from 'react';
import type { Incident } from '../../../src-main/contract';
import { useDrills, useUi } from '../../hooks/stores';
import { AcknowledgeButton } from '../incidents/SlaPanel';
import { DrillClockFace } from './DrillClockFace';

/**
 * In a drill incident's sticky header, in place of the SLA: the drill clock (drill time, not wall
 * time), a click away from the drill tab, and Acknowledge (the drill scores it against the SLA in drill minutes).
 */
export function DrillHeaderClock({ incident }: { incident: Incident }) {
  const run = useDrills((state) => state.runs[incident.id]);
  const load = useDrills((state) => state.load);
  const navigate = useUi((state) => state.navigate);
  const loaded = run !== undefined;
  useEffect(() => {
    if (!loaded) void load(incident.id);
  }, [incident.id, load, loaded]);
  return (
    <div className="sla-panel drill-header-clock">
      <button type="button" className="drill-clock-button" onClick={() => navigate({ name: 'incident', id: incident.id, tab: 'drill' })} title="Open the drill tab">
        {run ? <DrillClockFace run={run} /> : <span className="muted small">Drill clock…</span>}
      </button>
      <AcknowledgeButton incident={incident} />
    </div>
  );
}
