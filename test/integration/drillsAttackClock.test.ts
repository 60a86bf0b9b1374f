import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DrillRun } from '../../src-main/contract';
import { createServiceContext } from '../../src-main/services/context';
import { deliverDueInjects } from '../../src-main/services/drills/drillRuns';
import { requireDrillScenario } from '../../src-main/services/drills/drillScenarios';
import { facilitator, startDrill } from '../support/drillScript';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

/** The facilitator clock under abuse: a wall clock stepping back, two processes, jumps ahead. */

const minuteMs = 60_000;

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-12-01T09:00:00.000Z');
});
afterEach(() => t.close());

describe('the drill clock under abuse', () => {
  it('drill time never runs backwards when the wall clock steps back (an NTP correction)', () => {
    const { id } = startDrill(t, 'leaked-api-key');
    callOk(t, 'drill.clock', { id, action: 'start' });
    t.advance(20 * minuteMs);
    const before = facilitator(t, id).clock.elapsedMs;
    t.advance(-10 * minuteMs);
    expect(facilitator(t, id).clock.elapsedMs).toBeGreaterThanOrEqual(before);
  });

  it('an acknowledgement after the wall clock stepped back is not scored earlier than minutes already shown', () => {
    const { id } = startDrill(t, 'leaked-api-key');
    callOk(t, 'drill.clock', { id, action: 'start' });
    t.advance(40 * minuteMs);
    expect(facilitator(t, id).clock.elapsedMs).toBe(40 * minuteMs);
    t.advance(-35 * minuteMs);
    callOk(t, 'incident.acknowledge', { id });
    const run = callOk<DrillRun>(t, 'drill.finish', { id });
    expect(run.finished!.score.acknowledgedMinute).toBeGreaterThanOrEqual(40);
  });

  it('two processes on one data dir deliver each due inject exactly once', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const { id } = startDrill(t, scenario.id);
    callOk(t, 'drill.clock', { id, action: 'start' });
    t.advance(24 * 60 * minuteMs);
    const other = createServiceContext({ dataDir: t.dataDir, transport: 'http', clock: () => t.ctx.clock(), emit: () => undefined });
    try {
      const arrived = deliverDueInjects(t.ctx, id) + deliverDueInjects(other, id) + deliverDueInjects(t.ctx);
      const minuteInjects = scenario.injects.filter((inject) => 'minute' in inject.trigger).length;
      expect(arrived).toBe(minuteInjects);
      expect(facilitator(t, id).injects.filter((inject) => inject.status === 'fired')).toHaveLength(minuteInjects);
    } finally {
      other.db.close();
    }
  });

  it('jumping straight to the last phase in the first minute does not earn "enter Contain" in time', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const contain = scenario.expected.find((expected) => 'phase' in expected.done && expected.done.phase === 'Contain')!;
    const { id } = startDrill(t, scenario.id);
    callOk(t, 'drill.clock', { id, action: 'start' });
    t.advance(minuteMs);
    // Nothing contained: the team only clicks through to Learn.
    callOk(t, 'incident.advancePhase', { id, to: 'Learn', reason: 'clicking through' });
    const run = callOk<DrillRun>(t, 'drill.finish', { id });
    const state = run.expected.find((expected) => expected.id === contain.id)!;
    expect(state.outcome).not.toBe('in-time');
  });
});
