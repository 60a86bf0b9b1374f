import { phases, type Checklist, type Phase, type DrillRun, type DrillScenario, type DrillStarted, type IncidentStatus, type PushedEvent } from '../../src-main/contract';
import { deliverDueInjects } from '../../src-main/services/drills/drillRuns';
import { callOk, type TestContext } from './serviceContext';

const statusOrder: IncidentStatus[] = ['Active', 'Contained', 'Resolved', 'Closed'];

export interface ScriptOptions {
  /** Checklist step ids to skip (with a reason) instead of ticking. */
  skip?: readonly string[];
  /** Leave the acknowledgement (and any step that stands for it) to the caller. */
  holdAcknowledge?: boolean;
}

export const startDrill = (t: TestContext, drillId: string) => callOk<DrillStarted>(t, 'drill.start', { drillId });
export const facilitator = (t: TestContext, id: string) => callOk<DrillRun>(t, 'drill.get', { id, view: 'facilitator' });
export const checklistOf = (t: TestContext, id: string) => callOk<Checklist>(t, 'checklist.get', { id });

/** Pushed `drill.inject` events, by inject id. */
export function pushedInjects(events: readonly PushedEvent[], incidentId: string): string[] {
  return events.flatMap((event) => (event.type === 'drill.inject' && event.incidentId === incidentId ? [event.injectId] : []));
}

/** Steps that stand for acknowledging: ticking one acknowledges the incident. */
export function acknowledgeSteps(t: TestContext, id: string): string[] {
  return checklistOf(t, id)
    .steps.filter((step) => step.action?.type === 'acknowledge')
    .map((step) => step.id);
}

/**
 * Everything a team does right, at once (the watcher's delivery after each move): acknowledge, go
 * through every phase ticking each step of it, send every communication and reach every status the
 * scenario expects.
 */
export function doEverything(t: TestContext, id: string, scenario: DrillScenario, options: ScriptOptions = {}): void {
  const skip = new Set(options.skip ?? []);
  const held = new Set(options.holdAcknowledge ? acknowledgeSteps(t, id) : []);
  if (!options.holdAcknowledge) callOk(t, 'incident.acknowledge', { id });
  deliverDueInjects(t.ctx);
  for (const phase of phases) {
    // A held acknowledgement is a required step left open: the team says why it moves on anyway.
    const gated = checklistOf(t, id).gates.some((gate) => gate.open.length > 0 && phases.indexOf(gate.phase as Phase) === phases.indexOf(phase) - 1);
    if (phase !== 'Identify') callOk(t, 'incident.advancePhase', { id, to: phase, ...(gated ? { reason: 'the acknowledgement is held back in this run' } : {}) });
    deliverDueInjects(t.ctx);
    for (const step of checklistOf(t, id).steps.filter((candidate) => candidate.phase === phase && candidate.status === 'open')) {
      if (held.has(step.id)) continue;
      callOk(t, 'checklist.change', skip.has(step.id) ? { id, stepId: step.id, change: 'skip', reason: 'No time in the drill' } : { id, stepId: step.id, change: 'done' });
      deliverDueInjects(t.ctx);
    }
  }
  for (const expected of scenario.expected) {
    if ('comms' in expected.done) callOk(t, 'comms.markSent', { incidentId: id, templateId: expected.done.comms, body: `Sent in the ${scenario.id} drill` });
  }
  const statuses = scenario.expected.flatMap((expected) => ('status' in expected.done ? [expected.done.status] : []));
  for (const status of statusOrder.filter((candidate) => candidate !== 'Active' && statuses.includes(candidate))) {
    callOk(t, 'incident.setStatus', { id, status });
    deliverDueInjects(t.ctx);
  }
}

/** The last drill minute any inject waits for (0 when none waits for a minute). */
export function lastMinuteTrigger(scenario: DrillScenario): number {
  return Math.max(0, ...scenario.injects.flatMap((inject) => ('minute' in inject.trigger ? [inject.trigger.minute] : [])));
}
