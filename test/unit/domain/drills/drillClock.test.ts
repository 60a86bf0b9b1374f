import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-main/contract';
import { clockAt, clockChange, drillMsAt, toMinute, type ClockChange } from '../../../../src-main/domain/drills/drillClock';
import { wall, wallMs } from './drillFixture';

/** Applies commands at wall minutes, as the service would record them. */
function run(...commands: [ClockChange['action'], number, number?][]): ClockChange[] {
  const changes: ClockChange[] = [];
  for (const [action, minute, speed] of commands) changes.push(clockChange(changes, { action, speed }, wallMs(minute)));
  return changes;
}

const refusal = (changes: ClockChange[], action: ClockChange['action'], speed?: number) => {
  try {
    clockChange(changes, { action, speed }, wallMs(100));
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return `${(error as AppError).code}: ${(error as AppError).message}`;
  }
  throw new Error(`${action} was not refused`);
};

describe('the drill clock', () => {
  it('is ready at drill minute 0 until started, whatever the wall clock says', () => {
    expect(clockAt([], wallMs(30))).toEqual({ state: 'ready', speed: 1, elapsedMs: 0, asOf: wall(30) });
    const changes = run(['start', 5]);
    expect(drillMsAt(changes, wallMs(4))).toBe(0);
    expect(toMinute(drillMsAt(changes, wallMs(7.5)))).toBe(2.5);
  });

  it('counts 10 minutes at ×1, nothing for a 5-minute pause, then 2 minutes at ×10: minute 30', () => {
    const changes = run(['start', 0], ['pause', 10], ['resume', 15], ['speed', 15, 10]);
    expect(toMinute(drillMsAt(changes, wallMs(12)))).toBe(10);
    expect(clockAt(changes, wallMs(12)).state).toBe('paused');
    expect(toMinute(drillMsAt(changes, wallMs(17)))).toBe(30);
    expect(clockAt(changes, wallMs(17))).toEqual({ state: 'running', speed: 10, elapsedMs: 30 * 60_000, asOf: wall(17) });
  });

  it('records the drill time reached at each change, and the speed in force', () => {
    const changes = run(['start', 0], ['speed', 3, 2], ['pause', 5], ['speed', 6, 4], ['resume', 10]);
    expect(changes.map((change) => [change.action, change.speed, toMinute(change.elapsedMs)])).toEqual([
      ['start', 1, 0],
      ['speed', 2, 3],
      ['pause', 2, 7],
      ['speed', 4, 7],
      ['resume', 4, 7],
    ]);
    // The speed set while paused applies once resumed: 1 wall minute later, 4 drill minutes.
    expect(toMinute(drillMsAt(changes, wallMs(11)))).toBe(11);
  });

  it('stands still after the finish', () => {
    const changes = run(['start', 0], ['finish', 20]);
    expect(clockAt(changes, wallMs(90))).toMatchObject({ state: 'finished', elapsedMs: 20 * 60_000 });
  });

  it('refuses a command the clock is not in a state for, saying what to do instead', () => {
    expect(refusal([], 'pause')).toBe('conflict: the drill clock has not started: start it first');
    expect(refusal([], 'resume')).toBe('conflict: the drill clock has not started: start it first');
    expect(refusal(run(['start', 0]), 'start')).toBe('conflict: the drill clock is already running');
    expect(refusal(run(['start', 0]), 'resume')).toBe('conflict: the drill clock is already running');
    expect(refusal(run(['start', 0], ['pause', 1]), 'start')).toBe('conflict: the drill clock is paused: resume it first');
    expect(refusal(run(['start', 0], ['pause', 1]), 'pause')).toBe('conflict: the drill clock is already paused');
    for (const action of ['start', 'pause', 'resume', 'speed', 'finish'] as const) {
      expect(refusal(run(['start', 0], ['finish', 1]), action, 2)).toBe('conflict: the drill is finished: its clock no longer changes');
    }
  });

  it('takes a speed from 1 to 60 in any state but finished', () => {
    expect(run(['speed', 0, 60])[0]).toMatchObject({ action: 'speed', speed: 60, elapsedMs: 0 });
    for (const speed of [0, 61, Number.NaN, undefined]) {
      expect(refusal(run(['start', 0]), 'speed', speed)).toBe("invalid-input: the drill clock's speed must be a number from 1 to 60 (drill minutes per wall minute)");
    }
  });

  it('may be finished before it ever started (drill minute 0)', () => {
    expect(run(['finish', 3])[0]).toMatchObject({ action: 'finish', elapsedMs: 0 });
  });

  it('never records a change before the last one when the wall clock steps back', () => {
    const changes = run(['start', 10]);
    const pause = clockChange(changes, { action: 'pause' }, wallMs(8));
    expect(pause).toEqual({ at: wall(10), action: 'pause', speed: 1, elapsedMs: 0 });
  });

  it('rounds drill minutes to one decimal', () => {
    expect(toMinute(749_999)).toBe(12.5);
    expect(toMinute(12 * 60_000 + 29_000)).toBe(12.5);
    expect(toMinute(12 * 60_000 + 2_000)).toBe(12);
  });
});
