import { AppError, type DrillClock, type DrillClockState } from '../../contract';

/**
 * The facilitator's clock. Drill time is what scenarios, injects and scores count in: it starts at 0
 * when the facilitator starts the clock, stands still while paused and after the finish, and runs
 * `speed` drill minutes per wall minute. Each change records the drill ms reached at that moment, so
 * the drill time at any wall time follows from the last change before it.
 */
export interface ClockChange {
  at: string;
  action: 'start' | 'pause' | 'resume' | 'speed' | 'finish';
  speed: number;
  elapsedMs: number;
}

export const toMinute = (ms: number): number => Math.round(ms / 6000) / 10;

export const minSpeed = 1;
export const maxSpeed = 60;

const stateAfter = (state: DrillClockState, action: ClockChange['action']): DrillClockState => {
  switch (action) {
    case 'start':
    case 'resume':
      return 'running';
    case 'pause':
      return 'paused';
    case 'finish':
      return 'finished';
    case 'speed':
      return state;
  }
};

/** The state and speed after every change at or before atMs (all of them without atMs), and the last such change. */
function foldClock(changes: readonly ClockChange[], atMs = Infinity): { state: DrillClockState; speed: number; last: ClockChange | null; lastMs: number } {
  let state: DrillClockState = 'ready';
  let speed = 1;
  let last: ClockChange | null = null;
  let lastMs = 0;
  for (const change of changes) {
    const changeMs = Date.parse(change.at);
    if (changeMs > atMs) break;
    state = stateAfter(state, change.action);
    speed = change.speed;
    last = change;
    lastMs = changeMs;
  }
  return { state, speed, last, lastMs };
}

export function drillMsAt(changes: readonly ClockChange[], atMs: number): number {
  const { state, speed, last, lastMs } = foldClock(changes, atMs);
  if (!last) return 0;
  if (state !== 'running') return last.elapsedMs;
  return last.elapsedMs + Math.max(0, atMs - lastMs) * speed;
}

export function clockAt(changes: readonly ClockChange[], nowMs: number): DrillClock {
  const { state, speed } = foldClock(changes, nowMs);
  return { state, speed, elapsedMs: drillMsAt(changes, nowMs), asOf: new Date(nowMs).toISOString() };
}

// Why each command is refused in each state, said as what to do instead.
const refusals: Record<ClockChange['action'], Partial<Record<DrillClockState, string>>> = {
  start: {
    running: 'the drill clock is already running',
    paused: 'the drill clock is paused: resume it first',
  },
  pause: {
    ready: 'the drill clock has not started: start it first',
    paused: 'the drill clock is already paused',
  },
  resume: {
    ready: 'the drill clock has not started: start it first',
    running: 'the drill clock is already running',
  },
  speed: {},
  finish: {},
};

export function clockChange(changes: readonly ClockChange[], command: { action: ClockChange['action']; speed?: number }, nowMs: number): ClockChange {
  const { state, speed } = foldClock(changes);
  if (state === 'finished') throw new AppError('conflict', 'the drill is finished: its clock no longer changes');
  const refusal = refusals[command.action][state];
  if (refusal) throw new AppError('conflict', refusal);
  let nextSpeed = speed;
  if (command.action === 'speed') {
    const wanted = command.speed;
    if (wanted === undefined || !Number.isFinite(wanted) || wanted < minSpeed || wanted > maxSpeed) {
      throw new AppError('invalid-input', `the drill clock's speed must be a number from ${minSpeed} to ${maxSpeed} (drill minutes per wall minute)`);
    }
    nextSpeed = wanted;
  }
  // A command never lands before the last change: a wall clock stepping back must not run drill time backwards.
  const lastMs = changes.length > 0 ? Date.parse(changes[changes.length - 1]!.at) : -Infinity;
  const atMs = Math.max(nowMs, lastMs);
  return { at: new Date(atMs).toISOString(), action: command.action, speed: nextSpeed, elapsedMs: drillMsAt(changes, atMs) };
}
