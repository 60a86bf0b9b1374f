import type { DrillRun } from '../../../src-main/contract';
import { useNow } from '../../hooks/useNow';
import { clockFace, drillMinute, drillMsAt, minuteText, stateLabels } from './drillTime';

/** The drill clock as it stands now, ticking every second while it runs: in the sticky header of a drill incident. */
export function DrillClockFace({ run }: { run: DrillRun }) {
  const now = useNow();
  const ms = drillMsAt(run.clock, now.getTime());
  const { state, speed } = run.clock;
  return (
    <div className={`drill-clock drill-clock-${state}`} role="timer" aria-label={`Drill clock: ${minuteText(drillMinute(ms))}, ${stateLabels[state].toLowerCase()}${speed !== 1 ? `, ×${speed}` : ''}`}>
      <div className="drill-clock-caption">
        Drill clock · {stateLabels[state]}
        {speed !== 1 && state !== 'finished' && <span className="drill-speed"> ×{speed}</span>}
        <br />
        {minuteText(drillMinute(ms))} of drill time
      </div>
      <span className="drill-clock-face">{clockFace(ms)}</span>
    </div>
  );
}
