import type { DrillScore, ExpectedActionState, ScoreLine } from '../../contract';
import { cell, inline, paragraph, table } from '../comms/markdownText';
import { drillMsAt, toMinute } from './drillClock';
import type { DrillFacts } from './drillFacts';

export interface DrillReportInput {
  incident: { id: string; title: string; declaredAt: string; commander: string };
  facts: DrillFacts;
  score: DrillScore;
  expected: ExpectedActionState[];
  /** Every timeline entry, oldest first. */
  timeline: { at: string; actor: string; summary: string }[];
  actionItems: { title: string; owner: string; due: string | null; status: string }[];
}

/**
 * The drill's after-action report in Markdown. It says DRILL on its first line, so a copy read out of
 * context is never taken for a real incident. Everything that came from the data is escaped: a pipe or
 * a line break in a title stays text and never breaks a table.
 */

const outcomeWords: Record<ScoreLine['outcome'], string> = { 'in-time': 'In time', late: 'Late', missed: 'Missed', skipped: 'Skipped', info: '—' };
const points = (deduction: number) => (deduction > 0 ? `\u2212${deduction}` : '0');

function header(input: DrillReportInput): string[] {
  const { incident, facts } = input;
  const scenario = facts.scenario;
  const status = facts.finished ? `finished at ${facts.finished.at}` : 'not finished';
  return [
    `# DRILL — ${inline(scenario.title)}`,
    '',
    `A tabletop drill, not a real incident: ${incident.id} (${inline(incident.title)}) ran the scenario \`${scenario.id}\` to rehearse the response.`,
    '',
    table(
      ['Field', 'Value'],
      [
        ['Drill incident', cell(incident.id)],
        ['Scenario', cell(`${scenario.title} (${scenario.id})`)],
        ['Severity', cell(scenario.severity)],
        ['Playbook', cell(scenario.playbook)],
        ['Facilitator', cell(incident.commander)],
        ['Declared', cell(incident.declaredAt)],
        ['Drill', cell(status)],
      ],
    ),
  ];
}

function scenarioSection(facts: DrillFacts): string[] {
  const scenario = facts.scenario;
  return [
    '## Scenario',
    '',
    paragraph(scenario.summary),
    '',
    '### Situation at minute 0',
    '',
    paragraph(scenario.situation),
    '',
    '### Objectives',
    '',
    ...scenario.objectives.map((objective) => `- ${inline(objective.title)}`),
  ];
}

function participantsSection(facts: DrillFacts): string[] {
  return ['## Participants', '', ...(facts.participants.length > 0 ? facts.participants.map((name) => `- ${inline(name)}`) : ['No one took part.'])];
}

function timelineSection(input: DrillReportInput): string[] {
  // A running maximum, as the score reads it: an entry written after the wall clock stepped back
  // shows the time it was recorded at, but never a drill minute before the entries above it.
  let latestMs = -Infinity;
  const rows = input.timeline.map((entry) => [
    String(toMinute(drillMsAt(input.facts.clock, (latestMs = Math.max(latestMs, Date.parse(entry.at) || latestMs))))),
    cell(entry.at),
    cell(entry.actor),
    cell(entry.summary),
  ]);
  return ['## Timeline', '', rows.length > 0 ? table(['Drill minute', 'Time (UTC)', 'Who', 'What'], rows) : 'Nothing was recorded.'];
}

function scoreSection(input: DrillReportInput): string[] {
  const { score, facts } = input;
  const lines: string[] = ['## Score', ''];
  if (!facts.finished) {
    const lastAt = Math.max(Date.parse(facts.lastAt), ...input.timeline.map((entry) => Date.parse(entry.at) || -Infinity));
    const minute = toMinute(drillMsAt(facts.clock, lastAt));
    lines.push(`The drill was not finished: this is the score so far (as of the last timeline entry, drill minute ${minute}); actions still open cost nothing yet.`, '');
  }
  lines.push(`Overall: **${score.overall}** of 100.`, '');
  lines.push(table(['Objective', 'Score'], score.objectives.map((objective) => [cell(objective.title), `${objective.score}`])), '');
  for (const objective of score.objectives) {
    lines.push(`### ${inline(objective.title)}: ${objective.score}`, '');
    const rows = objective.lines.map((line) => [outcomeWords[line.outcome], cell(line.text), points(line.deduction)]);
    lines.push(rows.length > 0 ? table(['Outcome', 'What happened', 'Points'], rows) : 'Nothing was expected for this objective.', '');
  }
  lines.push('### Timing', '', ...score.info.map((line) => `- ${inline(line.text)}`));
  return lines;
}

function missedSection(input: DrillReportInput): string[] {
  const titles = new Map(input.facts.scenario.objectives.map((objective) => [objective.id, objective.title]));
  const wrong = input.expected.filter((state) => state.outcome === 'missed' || state.outcome === 'late');
  const skipped = input.score.criticalStepsSkipped;
  const lines = ['## Missed and late actions', ''];
  if (wrong.length === 0 && skipped.length === 0) return [...lines, 'None: every expected action that came due was done in time.'];
  if (wrong.length > 0) {
    const rows = wrong.map((state) => [
      cell(state.title),
      cell(titles.get(state.objective) ?? state.objective),
      `${state.byMinute}`,
      state.doneMinute === null ? 'not done' : `${state.doneMinute}`,
      state.outcome === 'late' ? 'Late' : 'Missed',
    ]);
    lines.push(table(['Action', 'Objective', 'Due by minute', 'Done at minute', 'Outcome'], rows));
  }
  if (skipped.length > 0) lines.push('', 'Critical steps skipped or marked not applicable:', '', ...skipped.map((text) => `- ${inline(text)}`));
  return lines;
}

function questionsSection(facts: DrillFacts): string[] {
  const questions = facts.scenario.questions;
  if (questions.length === 0) return ['## Discussion questions', '', 'The scenario asks none.'];
  return [
    '## Discussion questions',
    '',
    ...questions.flatMap((question, index) => {
      const answer = facts.answers.get(question.id);
      return [`### ${index + 1}. ${inline(question.text)}`, '', answer ? paragraph(answer) : '_not answered_', ''];
    }),
  ];
}

function actionItemsSection(input: DrillReportInput): string[] {
  const rows = input.actionItems.map((item) => [cell(item.title), cell(item.owner), cell(item.due ?? ''), cell(item.status)]);
  return ['## Follow-up action items', '', rows.length > 0 ? table(['Action', 'Owner', 'Due', 'Status'], rows) : 'None recorded.'];
}

export function renderDrillReport(input: DrillReportInput): string {
  const sections = [
    header(input),
    scenarioSection(input.facts),
    participantsSection(input.facts),
    timelineSection(input),
    scoreSection(input),
    missedSection(input),
    questionsSection(input.facts),
    actionItemsSection(input),
  ];
  return `${sections.map((lines) => lines.join('\n').trimEnd()).join('\n\n')}\n`;
}
