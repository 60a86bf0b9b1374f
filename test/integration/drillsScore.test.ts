import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DrillRun, ScoreLine } from '../../src-main/contract';
import { deliverDueInjects } from '../../src-main/services/drills/drillRuns';
import { requireDrillScenario } from '../../src-main/services/drills/drillScenarios';
import { acknowledgeSteps, checklistOf, doEverything, facilitator, startDrill } from '../support/drillScript';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

const minuteMs = 60_000;

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-12-01T09:00:00.000Z');
});
afterEach(() => t.close());

describe('scoring a drill', () => {
  it('a run that skips one critical step and acknowledges late loses exactly the points its lines explain', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const { id } = startDrill(t, scenario.id);
    const ackAction = scenario.expected.find((expected) => 'acknowledge' in expected.done)!;
    const held = acknowledgeSteps(t, id);
    const expectedSteps = new Set(scenario.expected.flatMap((expected) => ('step' in expected.done ? [expected.done.step] : [])));
    // A critical step no expected action waits for: skipping it costs the critical-step points and nothing else.
    const skipped = checklistOf(t, id).steps.find((step) => step.critical && !expectedSteps.has(step.id) && !held.includes(step.id))!;
    expect(skipped, 'leaked-api-key has a critical step no expected action names').toBeDefined();

    callOk(t, 'drill.clock', { id, action: 'start' });
    t.advance(minuteMs);
    doEverything(t, id, scenario, { skip: [skipped.id], holdAcknowledge: true });
    const byMinute = facilitator(t, id).expected.find((action) => action.id === ackAction.id)!.byMinute;
    t.advance((byMinute + 4) * minuteMs);
    deliverDueInjects(t.ctx);
    callOk(t, 'incident.acknowledge', { id });
    for (const stepId of held) callOk(t, 'checklist.change', { id, stepId, change: 'done' });

    const { finished } = callOk<DrillRun>(t, 'drill.finish', { id });
    const score = finished!.score;
    const lateCost = Math.ceil(ackAction.points / 2);
    const losses = new Map<string, number>(scenario.objectives.map((objective) => [objective.id, 0]));
    losses.set(ackAction.objective, losses.get(ackAction.objective)! + lateCost);
    losses.set(scenario.criticalSteps.objective, losses.get(scenario.criticalSteps.objective)! + scenario.criticalSteps.points);

    expect(score.objectives.map((objective) => [objective.id, objective.score])).toEqual(scenario.objectives.map((objective) => [objective.id, Math.max(0, 100 - losses.get(objective.id)!)]));
    const mean = scenario.objectives.reduce((sum, objective) => sum + Math.max(0, 100 - losses.get(objective.id)!), 0) / scenario.objectives.length;
    expect(score.overall).toBe(Math.round(mean));

    // Every point lost is on a line that says why, and nothing else costs anything.
    const costly = score.objectives.flatMap((objective) => objective.lines.filter((line) => line.deduction > 0).map((line) => ({ objective: objective.id, line })));
    expect(costly).toHaveLength(2);
    const late = costly.find(({ line }) => line.outcome === 'late')!;
    expect(late).toMatchObject({ objective: ackAction.objective, line: { deduction: lateCost } });
    expect(late.line.text).toContain(String(byMinute + 5));
    const critical = costly.find(({ line }) => line.outcome === 'skipped')!;
    expect(critical).toMatchObject({ objective: scenario.criticalSteps.objective, line: { kind: 'critical-step', deduction: scenario.criticalSteps.points } });
    expect(critical.line.text).toContain(skipped.text);
    expect(score.criticalStepsSkipped).toHaveLength(1);
    expect(score.acknowledgedMinute).toBe(byMinute + 5);
    expect(score.info.every((line: ScoreLine) => line.deduction === 0)).toBe(true);
  });
});
