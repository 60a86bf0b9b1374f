import type { DrillClock, DrillHistory, DrillList, DrillRun, DrillScore, InjectState, InjectTrigger, ScoreLine } from '../contract';
import { commandModules } from './context';
import { table } from './table';

/** "minute 12.5, running ×10": where the drill clock stands now. */
export function formatClock(clock: DrillClock, nowMs = Date.now()): string {
  const elapsed = clock.state === 'running' ? clock.elapsedMs + Math.max(0, nowMs - Date.parse(clock.asOf)) * clock.speed : clock.elapsedMs;
  const state = clock.state === 'ready' ? 'ready to start' : clock.state;
  return `minute ${commandModules().drillClock.toMinute(elapsed)}, ${state}${clock.speed !== 1 ? ` ×${clock.speed}` : ''}`;
}

export function formatTrigger(trigger: InjectTrigger): string {
  if ('minute' in trigger) return `at minute ${trigger.minute}`;
  if ('phase' in trigger) return `when ${trigger.phase} is entered`;
  return `when step ${trigger.step} is done`;
}

function injectRow(inject: InjectState): string[] {
  const when = inject.status === 'pending' ? formatTrigger(inject.trigger) : `minute ${inject.atMinute}`;
  return [inject.status.toUpperCase(), when, inject.id, inject.title];
}

/** Lines of an explained score: deductions first in each objective, as the report has them. */
export function formatScore(score: DrillScore, heading: string): string {
  const line = (entry: ScoreLine) => `    ${entry.deduction ? `−${entry.deduction}`.padStart(4) : '    '}  ${entry.text}`;
  const lines = [`${heading}: ${score.overall}/100`, table(['  OBJECTIVE', 'SCORE', 'TITLE'], score.objectives.map((objective) => [`  ${objective.id}`, `${objective.score}/100`, objective.title]))];
  for (const objective of score.objectives) {
    if (objective.lines.length === 0) continue;
    lines.push('', `  ${objective.title}:`, ...objective.lines.map(line));
  }
  if (score.info.length) lines.push('', '  Also:', ...score.info.map(line));
  return lines.join('\n');
}

export function formatRun(run: DrillRun, nowMs = Date.now()): string {
  const lines = [
    `${run.incidentId} ${run.title} — DRILL (${run.drillId}), ${run.severity}, playbook ${run.playbook}, ${run.view} view`,
    `Clock: ${formatClock(run.clock, nowMs)}`,
    '',
    `Situation: ${run.situation}`,
  ];
  const arrived = run.view === 'participant' ? 'Injects arrived' : 'Injects';
  lines.push('', run.injects.length ? `${arrived}:\n${table(['  STATUS', 'WHEN', 'INJECT', 'TITLE'], run.injects.map((inject) => injectRow(inject).map((cell, column) => (column === 0 ? `  ${cell}` : cell))))}` : `${arrived}: none yet`);
  if (run.view === 'participant') {
    for (const inject of run.injects) lines.push('', `  ${inject.title} (minute ${inject.atMinute}):`, ...inject.body.split('\n').map((text) => `    ${text}`));
  }
  if (run.nextInject) lines.push('', `Next inject: ${run.nextInject.id} ${formatTrigger(run.nextInject.trigger)}: ${run.nextInject.title}`);
  if (run.expected.length) {
    lines.push('', 'Expected actions:', table(['  OUTCOME', 'BY', 'DONE', 'POINTS', 'ACTION'], run.expected.map((action) => [`  ${action.outcome}`, `minute ${action.byMinute}`, action.doneMinute === null ? '—' : `minute ${action.doneMinute}`, String(action.points), `${action.id}: ${action.title}`])));
  }
  if (run.questions.length) {
    lines.push('', 'Questions:');
    for (const question of run.questions) lines.push(`  ${question.questionId}: ${question.text}`, `    ${question.answer ?? '(not answered)'}`);
  }
  if (run.facilitatorNotes) lines.push('', `Facilitator notes: ${run.facilitatorNotes}`);
  if (run.score) lines.push('', formatScore(run.score, run.finished ? 'Score' : 'Score so far'));
  return lines.join('\n');
}

export function formatDrillList(list: DrillList): string {
  const lines = list.drills.length
    ? [table(['DRILL', 'SEVERITY', 'PLAYBOOK', 'INJECTS', 'TITLE'], list.drills.map((drill) => [drill.id, drill.severity, drill.playbook, String(drill.injectCount), `${drill.title}${drill.origin === 'data-dir' ? ' (data dir)' : ''}`]))]
    : ['No drill scenarios.'];
  if (list.errors.length) lines.push('', `${list.errors.length} scenario file(s) skipped:`, ...list.errors.map((error) => `  ${error.file}${error.path ? ` at ${error.path}` : ''}: ${error.message}`));
  return lines.join('\n');
}

export function formatHistory(history: DrillHistory): string {
  if (history.runs.length === 0) return 'No finished drills yet. Start one with: firebreak drill start DRILL_ID';
  return table(
    ['FINISHED (UTC)', 'INCIDENT', 'DRILL', 'SCORE', 'OBJECTIVES'],
    history.runs.map((run) => [run.finishedAt.slice(0, 16).replace('T', ' '), run.incidentId, run.drillId, `${run.overall}/100`, run.objectives.map((objective) => `${objective.id} ${objective.score}`).join(', ')]),
  );
}
