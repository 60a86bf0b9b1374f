import {
  phases,
  type DrillScore,
  type ExpectedAction,
  type ExpectedActionState,
  type ObjectiveScore,
  type Phase,
  type ScoreLine,
} from '../../contract';
import { clockAt, drillMsAt, toMinute } from './drillClock';
import type { DrillFacts } from './drillFacts';

/**
 * A drill's score: every objective starts at 100 and loses the points of what went wrong, each loss
 * a line a participant can read. Only what happened before the finish counts, in drill minutes.
 */

const minus = '\u2212';

/** The drill minute of a wall time, or null when it is missing or came after the drill finished. */
function minuteOf(facts: DrillFacts, at: string | undefined | null): number | null {
  if (!at) return null;
  if (facts.finished && Date.parse(at) > Date.parse(facts.finished.at)) return null;
  return toMinute(drillMsAt(facts.clock, Date.parse(at)));
}

function doneAt(facts: DrillFacts, action: ExpectedAction): string | null {
  const done = action.done;
  if ('acknowledge' in done) return facts.acknowledgedAt;
  if ('step' in done) return facts.stepsDoneAt.get(done.step) ?? null;
  // Only entering the phase itself counts: clicking through to a later one contains nothing.
  if ('phase' in done) return facts.phaseNamedAt[done.phase] ?? null;
  // Held at or beyond the status since then (moving past it counts): a status moved back was not reached.
  if ('status' in done) return facts.statusReachedAt[done.status] ?? null;
  return facts.commsSent.find((sent) => sent.templateId === done.comms)?.at ?? null;
}

const isFinished = (facts: DrillFacts, nowMs: number) => facts.finished !== null || clockAt(facts.clock, nowMs).state === 'finished';

/**
 * The SLA the drill was declared with: lowering the severity once late must not buy the
 * acknowledgement back. The incident's current SLA only stands in when the timeline does not say.
 */
const fixedSla = (facts: DrillFacts, currentSlaMinutes: number): number => facts.slaMinutes ?? currentSlaMinutes;

export function expectedStates(facts: DrillFacts, currentSlaMinutes: number, nowMs: number): ExpectedActionState[] {
  const slaMinutes = fixedSla(facts, currentSlaMinutes);
  const finished = isFinished(facts, nowMs);
  const nowMinute = toMinute(drillMsAt(facts.clock, nowMs));
  return facts.scenario.expected.map((action) => {
    const byMinute = action.by === 'sla' ? slaMinutes : action.by;
    const doneMinute = minuteOf(facts, doneAt(facts, action));
    let outcome: ExpectedActionState['outcome'];
    if (doneMinute !== null) outcome = doneMinute <= byMinute ? 'in-time' : 'late';
    else outcome = !finished && nowMinute <= byMinute ? 'pending' : 'missed';
    return { id: action.id, title: action.title, objective: action.objective, byMinute, points: action.points, outcome, doneMinute };
  });
}

export const lateDeduction = (points: number): number => Math.ceil(points / 2);

function actionLine(action: ExpectedAction, state: ExpectedActionState): ScoreLine {
  const acknowledge = 'acknowledge' in action.done;
  const kind = acknowledge ? 'acknowledge' : 'action';
  const deadline = action.by === 'sla' ? `SLA ${state.byMinute} minutes` : `due by minute ${state.byMinute}`;
  const done = acknowledge ? `Acknowledged at minute ${state.doneMinute}` : `${action.title}: done at minute ${state.doneMinute}`;
  const notDone = acknowledge ? 'Not acknowledged' : `${action.title}: not done`;
  switch (state.outcome) {
    case 'in-time':
      return { kind, outcome: 'in-time', text: `${done}, ${deadline}: in time`, deduction: 0 };
    case 'late': {
      const deduction = lateDeduction(action.points);
      return { kind, outcome: 'late', text: `${done}, ${deadline}: late, ${minus}${deduction} of ${action.points}`, deduction };
    }
    case 'missed':
      return { kind, outcome: 'missed', text: `${notDone}, ${deadline}: missed, ${minus}${action.points} of ${action.points}`, deduction: action.points };
    case 'pending':
      // Nothing lost yet: the deadline is still ahead.
      return { kind, outcome: 'info', text: `${notDone} yet, ${deadline}: still open, ${action.points} points at stake`, deduction: 0 };
  }
}

function infoLines(score: Pick<DrillScore, 'acknowledgedMinute' | 'slaMinutes' | 'phaseMinutes' | 'commsSent'>, passedOver: readonly Phase[]): ScoreLine[] {
  const lines: ScoreLine[] = [];
  const sla = `SLA ${score.slaMinutes} minutes`;
  lines.push({
    kind: 'acknowledge',
    outcome: 'info',
    text: score.acknowledgedMinute === null ? `Not acknowledged (${sla})` : `Acknowledged at minute ${score.acknowledgedMinute} (${sla})`,
    deduction: 0,
  });
  for (const phase of phases) {
    const minute = score.phaseMinutes[phase];
    if (phase === 'Identify' || minute === undefined) continue;
    const text = passedOver.includes(phase) ? `Passed over ${phase} at minute ${minute}, straight to a later phase` : `Entered ${phase} at minute ${minute}`;
    lines.push({ kind: 'phase', outcome: 'info', text, deduction: 0 });
  }
  for (const sent of score.commsSent) lines.push({ kind: 'comms', outcome: 'info', text: `Sent ${sent.templateId} at minute ${sent.minute}`, deduction: 0 });
  return lines;
}

/**
 * One objective's lines with their deductions capped at what was left to lose: the score stops at
 * 0, so the line that crosses it says how much of its points were taken and later ones take none.
 */
function capAtZero(lines: readonly ScoreLine[]): ScoreLine[] {
  let left = 100;
  return lines.map((line) => {
    const taken = Math.min(line.deduction, left);
    left -= taken;
    if (taken === line.deduction) return line;
    const text = taken === 0 ? `${line.text}, none taken: the objective was already at 0` : `${line.text}, only ${taken} taken: the objective reached 0`;
    return { ...line, text, deduction: taken };
  });
}

export function scoreDrill(facts: DrillFacts, currentSlaMinutes: number, nowMs: number): DrillScore {
  const slaMinutes = fixedSla(facts, currentSlaMinutes);
  const scenario = facts.scenario;
  const states = expectedStates(facts, slaMinutes, nowMs);
  const lines = new Map<string, ScoreLine[]>(scenario.objectives.map((objective) => [objective.id, []]));
  scenario.expected.forEach((action, index) => lines.get(action.objective)?.push(actionLine(action, states[index]!)));

  const criticalStepsSkipped: string[] = [];
  for (const step of facts.criticalSteps) {
    const status = facts.stepStatus.get(step.id);
    if (status !== 'skipped' && status !== 'na') continue;
    criticalStepsSkipped.push(step.text);
    const how = status === 'na' ? 'marked not applicable' : 'skipped';
    const points = scenario.criticalSteps.points;
    lines.get(scenario.criticalSteps.objective)?.push({
      kind: 'critical-step',
      outcome: 'skipped',
      text: `Critical step ${how}: ${step.text}, ${minus}${points}`,
      deduction: points,
    });
  }

  const objectives: ObjectiveScore[] = scenario.objectives.map((objective) => {
    const own = capAtZero(lines.get(objective.id) ?? []);
    const lost = own.reduce((sum, line) => sum + line.deduction, 0);
    return { id: objective.id, title: objective.title, score: 100 - lost, lines: own };
  });
  const overall = objectives.length === 0 ? 100 : Math.round(objectives.reduce((sum, objective) => sum + objective.score, 0) / objectives.length);

  const phaseMinutes: Partial<Record<Phase, number>> = {};
  for (const phase of phases) {
    const minute = minuteOf(facts, facts.phaseEnteredAt[phase]);
    if (minute !== null) phaseMinutes[phase] = minute;
  }
  const commsSent = facts.commsSent.flatMap((sent) => {
    const minute = minuteOf(facts, sent.at);
    return minute === null ? [] : [{ templateId: sent.templateId, minute }];
  });
  const timing = { acknowledgedMinute: minuteOf(facts, facts.acknowledgedAt), slaMinutes, phaseMinutes, commsSent };
  return { overall, objectives, info: infoLines(timing, facts.phasesPassedOver ?? []), criticalStepsSkipped, ...timing };
}
