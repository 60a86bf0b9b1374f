import { describe, expect, it } from 'vitest';
import { renderDrillReport, type DrillReportInput } from '../../../../src-main/domain/drills/drillReport';
import { expectedStates, scoreDrill } from '../../../../src-main/domain/drills/drillScore';
import { DrillLog, drillScenario, incidentId, sla, wall, wallMs } from './drillFixture';

const hostile = 'Leak | of\nthe key';

function reportOf(log: DrillLog, nowMinute: number, actionItems: DrillReportInput['actionItems'] = []): string {
  const facts = log.facts();
  const score = facts.finished?.score ?? scoreDrill(facts, sla, wallMs(nowMinute));
  return renderDrillReport({
    incident: { id: incidentId, title: hostile, declaredAt: wall(0), commander: 'fac' },
    facts,
    score,
    expected: expectedStates(facts, sla, wallMs(nowMinute)),
    timeline: log.events.map((event) => ({ at: event.at, actor: event.actor, summary: event.type === 'drill.answered' ? `Answered: ${String(event.payload.answer)}` : event.type })),
    actionItems,
  });
}

function finishedDrill(): DrillLog {
  const scenario = { ...drillScenario(), title: hostile };
  return new DrillLog(scenario)
    .declare(0)
    .clock('start', 2)
    .inject(12, 'new-ip', 'fired', 10)
    .step(14, 'revoke-key', 'done', 'open', 'cy')
    .step(15, 'rotate-key', 'skipped')
    .ack(22)
    .answer(30, 'q-pipe', 'This | one\n| and | this')
    .finish(40);
}

/** The unescaped pipes of a table row: its column borders. */
const borders = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;

/** Every block of table lines, each line's border count. */
function tables(markdown: string): number[][] {
  const blocks: number[][] = [];
  let current: number[] | null = null;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) (current ??= []).push(borders(line));
    else if (current) {
      blocks.push(current);
      current = null;
    }
  }
  if (current) blocks.push(current);
  return blocks;
}

const section = (markdown: string, heading: string) => {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThan(0);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
};

describe('the drill report', () => {
  const items = [{ title: 'Add a | key\nrotation runbook', owner: 'cy', due: '2026-12-15', status: 'open' }];
  const markdown = reportOf(finishedDrill(), 45, items);

  it('says DRILL on its first line, never passing for a real incident', () => {
    expect(markdown.split('\n')[0]).toBe('# DRILL — Leak \\| of the key');
    expect(markdown).toContain('A tabletop drill, not a real incident');
  });

  it('has the scenario, participants, timeline, score, missed actions, questions and action items', () => {
    expect(section(markdown, 'Scenario')).toContain('A scanner reports an AWS key in a public commit.\nIt was pushed 20 minutes ago.');
    expect(section(markdown, 'Scenario')).toContain('- Contain the leak');
    expect(section(markdown, 'Participants')).toContain('- fac\n- cy\n- ana');
    // Drill minutes: the clock started at wall minute 2, so the inject at wall minute 12 is drill minute 10.
    expect(section(markdown, 'Timeline')).toContain(`| 10 | ${wall(12)} | fac | drill.injected |`);
    expect(section(markdown, 'Timeline')).toContain(`| 0 | ${wall(0)} | fac | drill.started |`);
    const score = section(markdown, 'Score');
    expect(score).toContain('Overall: **78** of 100.');
    expect(score).toContain('| Respond fast | 90 |');
    expect(score).toContain('| Late | Acknowledged at minute 20, SLA 15 minutes: late, \u221210 of 20 | \u221210 |');
    expect(score).toContain('| Skipped | Critical step skipped: Rotate dependent keys, \u221215 | \u221215 |');
    expect(score).toContain('- Acknowledged at minute 20 (SLA 15 minutes)');
    expect(score).not.toContain('not finished');
    const missed = section(markdown, 'Missed and late actions');
    expect(missed).toContain('| Acknowledge the alert | Respond fast | 15 | 20 | Late |');
    expect(missed).toContain('| Notify internally | Keep people informed | 25 | not done | Missed |');
    expect(missed).toContain('- Rotate dependent keys');
    const questions = section(markdown, 'Discussion questions');
    expect(questions).toContain('### 1. Who can rotate the key at night?\n\n_not answered_');
    expect(questions).toContain('### 2. Which \\| table \\| breaks?\n\nThis \\| one\n\\| and \\| this');
    expect(section(markdown, 'Follow-up action items')).toContain('| Add a \\| key rotation runbook | cy | 2026-12-15 | open |');
  });

  it('keeps every table whole whatever pipes and line breaks the data holds', () => {
    const blocks = tables(markdown);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const block of blocks) expect(new Set(block).size, JSON.stringify(block)).toBe(1);
  });

  it('never shows a drill minute before the one above it when the wall clock stepped back', () => {
    const log = new DrillLog().declare(0).clock('start', 0).inject(20, 'new-ip', 'fired', 20).ack(5).finish(30);
    const rows = section(reportOf(log, 30), 'Timeline')
      .split('\n')
      .filter((line) => /^\| \d/.test(line))
      .map((line) => line.split(' | ')[0]!.slice(2));
    // The acknowledgement was recorded at wall minute 5, after minute 20 was reached: it reads 20.
    expect(rows.slice(-3)).toEqual(['20', '20', '30']);
  });

  it('reports a drill never finished with the score so far, and says so', () => {
    const log = new DrillLog().declare(0).clock('start', 0).ack(5).step(10, 'revoke-key', 'done');
    const unfinished = reportOf(log, 12);
    const score = section(unfinished, 'Score');
    expect(score).toContain('The drill was not finished: this is the score so far (as of the last timeline entry, drill minute 10)');
    expect(score).toContain('| Respond fast | 100 |');
    expect(score).toContain('Revoke the key: done at minute 10, due by minute 30: in time');
    expect(score).toContain('Notify internally: not done yet, due by minute 25: still open, 20 points at stake');
    expect(section(unfinished, 'Missed and late actions')).toContain('None: every expected action that came due was done in time.');
    expect(section(unfinished, 'Follow-up action items')).toContain('None recorded.');
    expect(unfinished.split('\n').find((line) => line.startsWith('| Drill |'))).toBe('| Drill | not finished |');
  });
});
