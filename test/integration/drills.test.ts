import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DrillHistory, DrillReport, DrillRun, DrillScenario, IncidentDetail, IncidentPage, TimelinePage, VerifyResult } from '../../src-main/contract';
import { deliverDueInjects } from '../../src-main/services/drills/drillRuns';
import { loadDrillScenarios } from '../../src-main/services/drills/drillScenarios';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { doEverything, facilitator, lastMinuteTrigger, pushedInjects, startDrill } from '../support/drillScript';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

const minuteMs = 60_000;

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-12-01T09:00:00.000Z');
});
afterEach(() => t.close());

const shipped = (() => {
  const probe = makeTestContext();
  try {
    return loadDrillScenarios(probe.ctx);
  } finally {
    probe.close();
  }
})();

async function reportOf(id: string): Promise<string> {
  const envelope = await dispatchAsync(t.ctx, 'drill.report', { id });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return (envelope.value as DrillReport).markdown;
}

describe('the shipped drill scenarios', () => {
  it('all six load without a file error', () => {
    expect(shipped.errors).toEqual([]);
    expect(shipped.scenarios.map((scenario) => scenario.id).sort()).toEqual(['cross-user-data', 'leaked-api-key', 'malicious-package', 'prompt-injection-leak', 'ransomware-build-server', 'sql-injection-prod']);
  });

  // Every second scenario runs at ×10 (a drill minute is 6 s of wall time): speed must not change what arrives when.
  it.each(shipped.scenarios.map((scenario, index) => [scenario.id, scenario, index % 2 === 1 ? 10 : 1] as const))(
    '%s runs end to end on a controlled clock and scores 100 when everything is done in time',
    async (_id, scenario: DrillScenario, speed) => {
      const { id, run } = startDrill(t, scenario.id);
      expect(run).toMatchObject({ drillId: scenario.id, title: scenario.title, clock: { state: 'ready', elapsedMs: 0 }, finished: null });
      // A drill incident is in no real-incident list.
      expect(callOk<IncidentPage>(t, 'incident.list', { scope: 'all' }).incidents.map((incident) => incident.id)).not.toContain(id);

      callOk(t, 'drill.clock', { id, action: 'start' });
      if (speed !== 1) callOk(t, 'drill.clock', { id, action: 'speed', speed });
      const wallPerMinute = minuteMs / speed;
      t.advance(wallPerMinute);
      deliverDueInjects(t.ctx);
      doEverything(t, id, scenario);

      const last = lastMinuteTrigger(scenario);
      for (let minute = 2; minute <= last + 2; minute += 1) {
        t.advance(wallPerMinute);
        deliverDueInjects(t.ctx);
        // Minute triggers arrive at the first delivery at or after their minute, never before.
        for (const inject of facilitator(t, id).injects) {
          if (!('minute' in inject.trigger)) continue;
          if (inject.trigger.minute > minute) expect(inject.status, `${inject.id} at minute ${minute}`).toBe('pending');
          else expect(inject, inject.id).toMatchObject({ status: 'fired', atMinute: inject.trigger.minute === 0 ? 0 : Math.ceil(inject.trigger.minute) });
        }
      }

      // Every inject arrived, each exactly once: on the timeline and as a pushed alert.
      const before = facilitator(t, id);
      expect(before.injects.filter((inject) => inject.status !== 'fired')).toEqual([]);
      expect(before.nextInject).toBeNull();
      expect(pushedInjects(t.events, id).sort()).toEqual(scenario.injects.map((inject) => inject.id).sort());
      expect(deliverDueInjects(t.ctx)).toBe(0);
      expect(before.expected.filter((action) => action.outcome !== 'in-time')).toEqual([]);

      for (const question of scenario.questions) callOk(t, 'drill.answer', { id, questionId: question.id, answer: `Team answer to ${question.id}` });
      callOk(t, 'action.add', { incidentId: id, title: `Follow up on the ${scenario.id} drill`, owner: 'Dana' });

      const finished = callOk<DrillRun>(t, 'drill.finish', { id });
      expect(finished.clock.state).toBe('finished');
      expect(finished.finished?.score.objectives.map((objective) => [objective.id, objective.score])).toEqual(scenario.objectives.map((objective) => [objective.id, 100]));
      expect(finished.finished?.score.overall).toBe(100);
      expect(callOk<IncidentDetail>(t, 'incident.get', { id }).incident).toMatchObject({ status: 'Closed', kind: 'drill' });

      const markdown = await reportOf(id);
      expect(markdown.split('\n')[0]).toMatch(/DRILL/);
      for (const text of [scenario.title, ...scenario.objectives.map((objective) => objective.title), ...scenario.injects.map((inject) => inject.title), `Follow up on the ${scenario.id} drill`]) expect(markdown).toContain(text);
      for (const question of scenario.questions) expect(markdown).toContain(`Team answer to ${question.id}`);

      const history = callOk<DrillHistory>(t, 'drill.history', { drillId: scenario.id });
      expect(history.runs).toEqual([expect.objectContaining({ incidentId: id, drillId: scenario.id, title: scenario.title, overall: 100 })]);
      expect(callOk<VerifyResult>(t, 'incident.verify', { id })).toMatchObject({ verdict: 'ok', intact: true, mismatches: [] });
    },
  );
});

describe('the drill clock', () => {
  it('delivers nothing while paused, and a minute trigger by drill time, not wall time', () => {
    const scenario = shipped.scenarios.find((candidate) => candidate.injects.some((inject) => 'minute' in inject.trigger && inject.trigger.minute >= 2))!;
    const inject = scenario.injects.find((candidate) => 'minute' in candidate.trigger && candidate.trigger.minute >= 2)!;
    const due = (inject.trigger as { minute: number }).minute;
    const { id } = startDrill(t, scenario.id);
    // Ready: wall time passes, drill time does not.
    t.advance(due * 2 * minuteMs);
    deliverDueInjects(t.ctx);
    expect(facilitator(t, id).injects.find((candidate) => candidate.id === inject.id)?.status).toBe('pending');

    callOk(t, 'drill.clock', { id, action: 'start' });
    t.advance((due - 1) * minuteMs);
    callOk(t, 'drill.clock', { id, action: 'pause' });
    t.advance(60 * minuteMs);
    deliverDueInjects(t.ctx);
    const paused = facilitator(t, id);
    expect(paused.clock).toMatchObject({ state: 'paused', elapsedMs: (due - 1) * minuteMs });
    expect(paused.injects.find((candidate) => candidate.id === inject.id)?.status).toBe('pending');

    callOk(t, 'drill.clock', { id, action: 'resume' });
    t.advance(minuteMs);
    expect(deliverDueInjects(t.ctx)).toBeGreaterThanOrEqual(1);
    expect(facilitator(t, id).injects.find((candidate) => candidate.id === inject.id)).toMatchObject({ status: 'fired', atMinute: due });
    const timeline = callOk<TimelinePage>(t, 'incident.timeline', { id }).entries.map((entry) => entry.summary);
    expect(timeline).toContain(`Drill clock paused at minute ${due - 1}`);
    expect(timeline.some((line) => line.startsWith(`Inject at minute ${due} (by the clock): ${inject.title}`))).toBe(true);
  });
});
