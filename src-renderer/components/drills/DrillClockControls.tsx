import type { DrillRun } from '../../../src-main/contract';
import { useDrills } from '../../hooks/stores';

const speeds = [1, 5, 10, 30];

/** Start, pause, resume and speed: the facilitator's hands on the drill clock. */
export function DrillClockControls({ run }: { run: DrillRun }) {
  const clock = useDrills((state) => state.clock);
  const busy = useDrills((state) => state.busy[run.incidentId] ?? false);
  const { state, speed } = run.clock;
  const id = run.incidentId;
  return (
    <div className="drill-clock-controls" role="group" aria-label="Drill clock">
      {state === 'ready' && <button type="button" className="primary" disabled={busy} onClick={() => void clock(id, { action: 'start' })}>Start the clock</button>}
      {state === 'running' && <button type="button" disabled={busy} onClick={() => void clock(id, { action: 'pause' })}>Pause</button>}
      {state === 'paused' && <button type="button" className="primary" disabled={busy} onClick={() => void clock(id, { action: 'resume' })}>Resume</button>}
      {state !== 'finished' && (
        <div className="segmented drill-speeds" role="group" aria-label="Speed (drill minutes per minute)">
          {speeds.map((candidate) => (
            <button key={candidate} type="button" className={speed === candidate ? 'active' : ''} aria-pressed={speed === candidate} disabled={busy} onClick={() => speed !== candidate && void clock(id, { action: 'speed', speed: candidate })}>
              ×{candidate}
            </button>
          ))}
        </div>
      )}
      {state === 'ready' && <span className="muted small">Injects due by the clock arrive once it runs.</span>}
    </div>
  );
}
