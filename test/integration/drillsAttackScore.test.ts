import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DrillRun } from '../../src-main/contract';
import { dispatch } from '../../src-main/services/dispatch';
import { deliverDueInjects } from '../../src-main/services/drills/drillRuns';
import { requireDrillScenario } from '../../src-main/services/drills/drillScenarios';
import { checklistOf, facilitator, startDrill } from '../support/drillScript';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

/** Hostile participants: moves on the real incident that should not buy back points in a drill. */

const minuteMs = 60_000;

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-12-01T09:00:00.000Z');
});
afterEach(() => t.close());

const ackLine = (run: DrillRun) => run.finished!.score.objectives.flatMap((objective) => objective.lines).find((line) => line.kind === 'acknowledge')!;

describe('gaming a drill score', () => {
  it('lowering the severity after the SLA passed does not turn a late acknowledgement into one in time', () => {
    const { id } = startDrill(t, 'leaked-api-key');
    callOk(t, 'drill.clock', { id, action: 'start' });
    const slaMinutes = facilitator(t, id).expected.find((action) => action.id === 'acknowledge' || action.title.toLowerCase().includes('acknowledge'))!.byMinute;
    t.advance((slaMinutes + 10) * minuteMs);
    deliverDueInjects(t.ctx);
    // The team notices it is late and downgrades the incident to the lowest level, whose SLA is long.
    callOk(t, 'incident.setSeverity', { id, severity: 'P3', reason: 'not that bad after all' });
    callOk(t, 'incident.acknowledge', { id });
    const run = callOk<DrillRun>(t, 'drill.finish', { id });
    expect(ackLine(run).outcome).toBe('late');
    expect(run.finished!.score.slaMinutes).toBe(slaMinutes);
  });

  it('switching the playbook after skipping a critical step does not erase the critical-step deduction', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const { id } = startDrill(t, scenario.id);
    callOk(t, 'drill.clock', { id, action: 'start' });
    const generic = callOk<{ steps: { id: string }[] }>(t, 'playbook.get', { id: 'generic' });
    // A critical step the other playbook does not have.
    const critical = checklistOf(t, id).steps.find((step) => step.critical && step.status === 'open' && !generic.steps.some((other) => other.id === step.id))!;
    expect(critical).toBeDefined();
    callOk(t, 'checklist.change', { id, stepId: critical.id, change: 'skip', reason: 'no time' });
    expect(facilitator(t, id).score!.criticalStepsSkipped).toHaveLength(1);
    // A fresh checklist from another playbook: the skipped critical step is no longer on it.
    callOk(t, 'incident.setScenario', { id, scenario: 'generic' });
    const run = callOk<DrillRun>(t, 'drill.finish', { id });
    expect(run.finished!.score.criticalStepsSkipped).toContain(critical.text);
    const objective = run.finished!.score.objectives.find((candidate) => candidate.id === scenario.criticalSteps.objective)!;
    expect(objective.lines.some((line) => line.kind === 'critical-step')).toBe(true);
  });

  it('a drill is not closed with the ordinary status command, which would leave its clock and injects running unscored', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const { id } = startDrill(t, scenario.id);
    callOk(t, 'drill.clock', { id, action: 'start' });
    const closed = dispatch(t.ctx, 'incident.setStatus', { id, status: 'Closed', note: 'done for today' });
    expect(closed.ok ? null : { code: closed.error.code, message: closed.error.message }).toEqual({ code: 'conflict', message: expect.stringContaining(`firebreak drill finish ${id}`) });
    // Resolved is still a step a team takes inside the drill.
    callOk(t, 'incident.setStatus', { id, status: 'Resolved' });
    callOk(t, 'drill.finish', { id });
    const run = facilitator(t, id);
    expect({ clock: run.clock.state, status: callOk<{ incident: { status: string } }>(t, 'incident.get', { id }).incident.status }).toEqual({ clock: 'finished', status: 'Closed' });
    t.advance(24 * 60 * minuteMs);
    expect(facilitator(t, id).injects.filter((inject) => inject.status === 'fired')).toEqual([]);
  });

  it('the score lines never claim more points than the objective lost (floor 0)', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const { id } = startDrill(t, scenario.id);
    callOk(t, 'drill.clock', { id, action: 'start' });
    // Everything skipped and nothing done: the critical-step objective loses every expected action and every critical step.
    for (const step of checklistOf(t, id).steps) callOk(t, 'checklist.change', { id, stepId: step.id, change: 'skip', reason: 'skip it all' });
    t.advance(24 * 60 * minuteMs);
    const run = callOk<DrillRun>(t, 'drill.finish', { id });
    for (const objective of run.finished!.score.objectives) {
      const claimed = objective.lines.reduce((sum, line) => sum + line.deduction, 0);
      expect({ objective: objective.id, claimed }).toEqual({ objective: objective.id, claimed: 100 - objective.score });
    }
  });

  it('a step ticked in the first minute and reopened, never done again, is not an expected action done in time', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const revoke = scenario.expected.find((expected) => 'step' in expected.done && expected.done.step === 'revoke-credential')!;
    const { id } = startDrill(t, scenario.id);
    callOk(t, 'drill.clock', { id, action: 'start' });
    t.advance(minuteMs);
    // Tick it to stop the clock on the deadline, then take it back: the key was never revoked.
    callOk(t, 'checklist.change', { id, stepId: 'revoke-credential', change: 'done' });
    callOk(t, 'checklist.change', { id, stepId: 'revoke-credential', change: 'reopen' });
    t.advance(90 * minuteMs);
    const run = callOk<DrillRun>(t, 'drill.finish', { id });
    expect(checklistOf(t, id).steps.find((step) => step.id === 'revoke-credential')!.status).toBe('open');
    expect(run.expected.find((expected) => expected.id === revoke.id)!.outcome).toBe('missed');
  });
});
