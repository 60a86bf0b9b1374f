import { AppError, declareIncidentInput, type DrillList, type DrillRun, type DrillStarted, type ParsedInput } from '../../contract';
import { clockChange, drillMsAt, toMinute } from '../../domain/drills/drillClock';
import { drillEventTypes, type DrillFacts } from '../../domain/drills/drillFacts';
import { scoreDrill } from '../../domain/drills/drillScore';
import { appendEvent } from '../../store/eventLog';
import { writeTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { declareIncident, setStatus } from '../incidents/incidents';
import { listDrillScenarios, requireDrillScenario } from './drillScenarios';
import { deliverDueInjects, readDrill, recordDrill, runOf } from './drillRuns';

export { drillHistory, drillReport } from './drillRecords';

const listIds = (items: readonly { id: string }[]) => items.map((item) => item.id).join(', ') || 'none';

export const listDrills = (ctx: ServiceContext, _input: ParsedInput<'drill.list'>): DrillList => listDrillScenarios(ctx);

export function startDrill(ctx: ServiceContext, input: ParsedInput<'drill.start'>): DrillStarted {
  const scenario = requireDrillScenario(ctx, input.drillId);
  // The same validation a typed declaration gets: a scenario file never gives an incident a title the contract refuses.
  // The commander is the caller's, checked by drill.start's own schema before its secrets were redacted (a redacted
  // value may be longer): it joins after this check.
  const declared = declareIncidentInput.safeParse({
    title: `Drill: ${scenario.title}`,
    severity: scenario.severity,
    scenario: scenario.playbook,
    detectionSource: 'Tabletop drill',
    description: scenario.situation,
  });
  if (!declared.success) {
    const issue = declared.error.issues[0]!;
    const field = issue.path.join('.');
    throw new AppError('invalid-input', `drill '${scenario.id}' cannot start: its incident's ${field} ${issue.message}`, [{ field: 'drillId', message: `the scenario gives an invalid incident ${field}` }]);
  }
  const incident = declareIncident(
    ctx,
    { ...declared.data, commander: input.commander },
    {
      kind: 'drill',
      // The scenario as it is today goes into the chain: editing its file later never changes a drill already run.
      within: (_state, event) => appendEvent(ctx.db, { ...event, type: drillEventTypes.started, payload: { drillId: scenario.id, scenario } }),
    },
  );
  return { id: incident.id, run: runOf(ctx, readDrill(ctx, incident.id), 'facilitator') };
}

export function getDrill(ctx: ServiceContext, input: ParsedInput<'drill.get'>): DrillRun {
  deliverDueInjects(ctx, input.id);
  return runOf(ctx, readDrill(ctx, input.id), input.view);
}

function assertRunning(facts: DrillFacts): void {
  if (facts.finished) throw new AppError('conflict', `the drill was finished at ${facts.finished.at}: nothing more happens in it`);
}

export function drillClock(ctx: ServiceContext, input: ParsedInput<'drill.clock'>): DrillRun {
  // Injects already due arrive before the change, so the timeline reads in the order things happened.
  deliverDueInjects(ctx, input.id);
  recordDrill(ctx, input.id, ({ facts }, at) => {
    const change = clockChange(facts.clock, { action: input.action, speed: input.speed }, Date.parse(at));
    return [{ type: drillEventTypes.clock, payload: { action: change.action, speed: change.speed, elapsedMs: change.elapsedMs } }];
  });
  deliverDueInjects(ctx, input.id);
  return runOf(ctx, readDrill(ctx, input.id), 'facilitator');
}

export function drillInject(ctx: ServiceContext, input: ParsedInput<'drill.inject'>): DrillRun {
  deliverDueInjects(ctx, input.id);
  const { written } = recordDrill(ctx, input.id, ({ facts }, at) => {
    assertRunning(facts);
    const inject = facts.scenario.injects.find((candidate) => candidate.id === input.injectId);
    if (!inject) throw new AppError('not-found', `no inject '${input.injectId}' in drill ${facts.drillId}: its injects are ${listIds(facts.scenario.injects)}`);
    const done = facts.injects.get(inject.id);
    if (done) throw new AppError('conflict', `inject '${inject.id}' was already ${done.status} at minute ${done.atMinute}: only a pending inject can be fired or skipped`);
    const fired = input.action === 'fire';
    const minute = toMinute(drillMsAt(facts.clock, Date.parse(at)));
    // A skipped inject's body never reaches the timeline: the participants must not read what they were spared.
    return [{ type: drillEventTypes.injected, payload: { injectId: inject.id, action: fired ? 'fired' : 'skipped', title: inject.title, body: fired ? inject.body : '', minute, by: 'facilitator' } }];
  });
  const payload = written[0]!.payload;
  if (payload.action === 'fired') ctx.emit({ type: 'drill.inject', incidentId: input.id, injectId: String(payload.injectId), title: String(payload.title) });
  return runOf(ctx, readDrill(ctx, input.id), 'facilitator');
}

export function answerDrill(ctx: ServiceContext, input: ParsedInput<'drill.answer'>): DrillRun {
  deliverDueInjects(ctx, input.id);
  // Answers are often written in the debrief, after the drill is finished: still allowed then.
  recordDrill(ctx, input.id, ({ facts }) => {
    const question = facts.scenario.questions.find((candidate) => candidate.id === input.questionId);
    if (!question) throw new AppError('not-found', `no question '${input.questionId}' in drill ${facts.drillId}: its questions are ${listIds(facts.scenario.questions)}`);
    return [{ type: drillEventTypes.answered, payload: { questionId: question.id, question: question.text, answer: input.answer } }];
  });
  return runOf(ctx, readDrill(ctx, input.id), 'participant');
}

export function finishDrill(ctx: ServiceContext, input: ParsedInput<'drill.finish'>): DrillRun {
  deliverDueInjects(ctx, input.id);
  writeTransaction(ctx.db, () => {
    const { state } = recordDrill(ctx, input.id, ({ state: current, facts }, at) => {
      const nowMs = Date.parse(at);
      // clockChange refuses a second finish (a conflict naming why).
      const finish = clockChange(facts.clock, { action: 'finish' }, nowMs);
      // Scored as finished: an action not done by now is missed, not pending.
      const score = scoreDrill({ ...facts, clock: [...facts.clock, finish] }, current.responseMinutes, nowMs);
      return [{ type: drillEventTypes.finished, payload: { elapsedMs: finish.elapsedMs, score } }];
    });
    // The normal status change, so the drill incident's record reads like any closed incident's.
    if (state.status !== 'Closed') setStatus(ctx, { id: input.id, status: 'Closed', note: 'Drill finished' });
  });
  return runOf(ctx, readDrill(ctx, input.id), 'facilitator');
}
