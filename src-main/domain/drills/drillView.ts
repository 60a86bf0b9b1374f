import type { DrillRun, DrillView } from '../../contract';
import { clockAt } from './drillClock';
import type { DrillFacts } from './drillFacts';
import { injectStates, nextInject } from './drillInjects';
import { expectedStates, scoreDrill } from './drillScore';

/**
 * One drill as a viewer sees it. The facilitator sees everything, the score so far included;
 * participants see only what has arrived, and their score once the drill is finished, so nothing
 * tells them what the scenario is waiting for.
 */
export function drillRunView(incidentId: string, facts: DrillFacts, options: { view: DrillView; nowMs: number; slaMinutes: number; severity: string }): DrillRun {
  const { view, nowMs, slaMinutes } = options;
  const facilitator = view === 'facilitator';
  const scenario = facts.scenario;
  const finalScore = facts.finished?.score ?? null;
  return {
    incidentId,
    drillId: facts.drillId,
    title: scenario.title,
    summary: scenario.summary,
    situation: scenario.situation,
    severity: options.severity,
    playbook: scenario.playbook,
    view,
    clock: clockAt(facts.clock, nowMs),
    injects: injectStates(facts, view),
    nextInject: facilitator ? nextInject(facts) : null,
    objectives: scenario.objectives,
    expected: facilitator ? expectedStates(facts, slaMinutes, nowMs) : [],
    questions: scenario.questions.map((question) => ({ questionId: question.id, text: question.text, answer: facts.answers.get(question.id) ?? null })),
    facilitatorNotes: facilitator ? scenario.facilitatorNotes : '',
    score: facilitator ? (finalScore ?? scoreDrill(facts, slaMinutes, nowMs)) : finalScore,
    finished: facts.finished,
  };
}
