import type { DrillClock, InjectTrigger } from '../../../src-main/contract';

/**
 * Drill milliseconds at wall time `nowMs`: frozen unless running; while running the clock moves
 * `speed` drill ms per wall ms from `asOf`. A browser clock a little behind the server's never runs it backwards.
 */
export function drillMsAt(clock: DrillClock, nowMs: number): number {
  if (clock.state !== 'running') return clock.elapsedMs;
  const asOf = Date.parse(clock.asOf);
  if (Number.isNaN(asOf)) return clock.elapsedMs;
  return clock.elapsedMs + Math.max(0, nowMs - asOf) * clock.speed;
}

/** A drill minute as the service counts it: one decimal (drills-api: `Math.round(ms / 6000) / 10`). */
export const drillMinute = (ms: number): number => Math.round(ms / 6000) / 10;

/** The clock face: `07:30` (drill minutes and seconds), `1:02:05` past an hour. */
export function clockFace(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** "minute 12.5" — minutes always with their one decimal, so a deadline of 15 reads against 14.9. */
export const minuteText = (minute: number): string => `minute ${minute.toFixed(1).replace(/\.0$/, '')}`;

export const stateLabels: Record<DrillClock['state'], string> = { ready: 'Ready to start', running: 'Running', paused: 'Paused', finished: 'Finished' };

/** What makes an inject arrive, as a facilitator reads it. */
export function triggerText(trigger: InjectTrigger, stepText: (stepId: string) => string | undefined = () => undefined): string {
  if ('minute' in trigger) return `at ${minuteText(trigger.minute)}`;
  if ('phase' in trigger) return `when ${trigger.phase} is entered`;
  return `when the step “${stepText(trigger.step) ?? trigger.step}” is done`;
}
