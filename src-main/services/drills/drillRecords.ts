import path from 'node:path';
import type { DrillHistory, DrillHistoryEntry, DrillReport, DrillScenario, DrillScore, ParsedInput } from '../../contract';
import { drillEventTypes } from '../../domain/drills/drillFacts';
import { renderDrillReport } from '../../domain/drills/drillReport';
import { expectedStates, scoreDrill } from '../../domain/drills/drillScore';
import { summarizeEvent } from '../../domain/incidents/timelineSummary';
import { writeFileAtomic } from '../../jobs/atomicFile';
import { listIncidentActions } from '../../store/actionRepo';
import { listEvents } from '../../store/eventLog';
import { readTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { targetFile, writeFailure } from '../comms/reports';
import { deliverDueInjects, drillNowMs, readDrill } from './drillRuns';

/** The report of a drill, finished (its final score) or still running (the score so far, which the report says). */
export function drillReport(ctx: ServiceContext, input: ParsedInput<'drill.report'>): DrillReport {
  deliverDueInjects(ctx, input.id);
  const markdown = readTransaction(ctx.db, () => {
    const { state, facts } = readDrill(ctx, input.id);
    const nowMs = drillNowMs(ctx, state.id, facts);
    const score = facts.finished?.score ?? scoreDrill(facts, state.responseMinutes, nowMs);
    return renderDrillReport({
      incident: { id: state.id, title: state.title, declaredAt: state.declaredAt, commander: state.commander },
      facts,
      score,
      expected: expectedStates(facts, state.responseMinutes, nowMs),
      timeline: listEvents(ctx.db, state.id).map((event) => ({ at: event.at, actor: event.actor, summary: summarizeEvent(event.type, event.payload) })),
      // "Overdue" depends on today; the report shows status and due date, which do not.
      actionItems: listIncidentActions(ctx.db, state.id, '0000-00-00').map((item) => ({ title: item.title, owner: item.owner, due: item.due, status: item.status })),
    });
  });
  if (input.output === undefined) return { incidentId: input.id, markdown };
  const file = targetFile(ctx, input.output, `${input.id}-drill-report.md`);
  try {
    writeFileAtomic(file, markdown);
  } catch (error) {
    throw writeFailure(error, path.dirname(file));
  }
  return { incidentId: input.id, markdown, path: file };
}

/** Finished drills, oldest first: read from each drill incident's start and finish events alone. */
export function drillHistory(ctx: ServiceContext, input: ParsedInput<'drill.history'>): DrillHistory {
  return readTransaction(ctx.db, () => {
    const ids = ctx.db.prepare<[], { id: string }>("SELECT id FROM incidents WHERE kind = 'drill'").all();
    const startAndFinish = ctx.db.prepare<[string, string, string], { type: string; at: string; payload: string }>('SELECT type, at, payload FROM events WHERE incident_id = ? AND type IN (?, ?) ORDER BY lamport, hash');
    const runs: DrillHistoryEntry[] = [];
    for (const { id } of ids) {
      const events = startAndFinish.all(id, drillEventTypes.started, drillEventTypes.finished);
      const started = events.find((event) => event.type === drillEventTypes.started);
      const finished = events.find((event) => event.type === drillEventTypes.finished);
      if (!started || !finished) continue;
      const { drillId, scenario } = JSON.parse(started.payload) as { drillId: string; scenario: DrillScenario };
      if (input.drillId !== undefined && drillId !== input.drillId) continue;
      const { score } = JSON.parse(finished.payload) as { score: DrillScore };
      runs.push({
        incidentId: id,
        drillId,
        title: scenario.title,
        startedAt: started.at,
        finishedAt: finished.at,
        overall: score.overall,
        objectives: score.objectives.map((objective) => ({ id: objective.id, title: objective.title, score: objective.score })),
      });
    }
    return { runs: runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.incidentId.localeCompare(b.incidentId)) };
  });
}
