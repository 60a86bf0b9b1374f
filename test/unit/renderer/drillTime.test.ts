import { describe, expect, it } from 'vitest';
import type { DrillClock } from '../../../src-main/contract';
import { clockFace, drillMinute, drillMsAt, minuteText, triggerText } from '../../../src-renderer/components/drills/drillTime';

const asOf = '2026-11-23T14:00:00.000Z';
const at = (seconds: number) => Date.parse(asOf) + seconds * 1000;
const clock = (state: DrillClock['state'], speed: number, elapsedMs: number): DrillClock => ({ state, speed, elapsedMs, asOf });

describe('the drill clock on screen', () => {
  it('runs speed drill minutes per wall minute from where the server last read it', () => {
    expect(drillMsAt(clock('running', 1, 120_000), at(30))).toBe(150_000);
    // ×10: 30 wall seconds are 5 drill minutes.
    expect(drillMsAt(clock('running', 10, 120_000), at(30))).toBe(120_000 + 300_000);
    expect(drillMinute(drillMsAt(clock('running', 10, 120_000), at(30)))).toBe(7);
  });

  it('stands still while ready, paused or finished, however much wall time passes', () => {
    for (const state of ['ready', 'paused', 'finished'] as const) expect(drillMsAt(clock(state, 30, 90_000), at(600))).toBe(90_000);
  });

  it('never runs backwards when the browser clock is behind the server', () => {
    expect(drillMsAt(clock('running', 5, 60_000), at(-20))).toBe(60_000);
  });

  it('counts minutes to one decimal, as the service does, and shows a clock face', () => {
    expect(drillMinute(749_999)).toBe(12.5);
    expect(drillMinute(0)).toBe(0);
    expect(minuteText(12.5)).toBe('minute 12.5');
    expect(minuteText(15)).toBe('minute 15');
    expect(clockFace(450_000)).toBe('07:30');
    expect(clockFace(3_725_000)).toBe('1:02:05');
  });

  it('says what makes an inject arrive, with the step named by its text when known', () => {
    expect(triggerText({ minute: 15 })).toBe('at minute 15');
    expect(triggerText({ phase: 'Eradicate' })).toBe('when Eradicate is entered');
    expect(triggerText({ step: 'scan-history' }, (id) => (id === 'scan-history' ? 'Scan the git history for the secret' : undefined))).toBe('when the step “Scan the git history for the secret” is done');
    expect(triggerText({ step: 'gone' })).toBe('when the step “gone” is done');
  });
});
