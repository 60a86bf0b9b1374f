import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DrillRun } from '../../src-main/contract';
import { createServiceContext } from '../../src-main/services/context';
import { runOf, readDrill } from '../../src-main/services/drills/drillRuns';
import { facilitator, startDrill } from '../support/drillScript';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

/** Drill time as the facilitator sees it when the laptop's wall clock is corrected backwards. */

const minuteMs = 60_000;

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-12-01T09:00:00.000Z');
});
afterEach(() => t.close());

describe('the drill clock when the wall clock steps back', () => {
  it('holds still instead of running back, even with nothing recorded since the minutes it showed', () => {
    const { id } = startDrill(t, 'leaked-api-key');
    callOk(t, 'drill.clock', { id, action: 'start' });
    // Before the first inject is due: nothing is written to the timeline while the clock runs.
    t.advance(3 * minuteMs);
    expect(facilitator(t, id).clock.elapsedMs).toBe(3 * minuteMs);
    t.advance(-2 * minuteMs);
    expect(facilitator(t, id).clock.elapsedMs).toBe(3 * minuteMs);
    // Paused now, the pause records the 3 minutes already shown, not the 1 the wall clock implies.
    const paused = callOk<DrillRun>(t, 'drill.clock', { id, action: 'pause' });
    expect(paused.clock).toMatchObject({ state: 'paused', elapsedMs: 3 * minuteMs });
    // Resumed at once: drill time stands until the wall clock is back where it was (2 minutes), then runs on.
    callOk(t, 'drill.clock', { id, action: 'resume' });
    t.advance(2 * minuteMs);
    expect(facilitator(t, id).clock.elapsedMs).toBe(3 * minuteMs);
    t.advance(5 * minuteMs);
    expect(facilitator(t, id).clock.elapsedMs).toBe(8 * minuteMs);
  });

  it('another process on the same data dir never shows less than what the timeline recorded', () => {
    const { id } = startDrill(t, 'leaked-api-key');
    callOk(t, 'drill.clock', { id, action: 'start' });
    t.advance(4 * minuteMs);
    callOk(t, 'drill.clock', { id, action: 'pause' });
    t.advance(-4 * minuteMs);
    const other = createServiceContext({ dataDir: t.dataDir, transport: 'http', clock: () => t.ctx.clock(), emit: () => undefined });
    try {
      expect(runOf(other, readDrill(other, id), 'facilitator').clock.elapsedMs).toBe(4 * minuteMs);
    } finally {
      other.db.close();
    }
  });
});
