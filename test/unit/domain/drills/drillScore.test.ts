import { describe, expect, it } from 'vitest';
import { expectedStates, scoreDrill } from '../../../../src-main/domain/drills/drillScore';
import { DrillLog, drillScenario, sla, wallMs } from './drillFixture';

/** Everything right and in time: acknowledged within the SLA, every step done, phases and comms on time. */
function rightRun(): DrillLog {
  return new DrillLog()
    .declare(0)
    .clock('start', 0)
    .phase(8, 'Identify', 'Triage')
    .ack(12.5)
    .step(12.5, 'acknowledge', 'done')
    .step(18, 'revoke-key', 'done')
    .comms(20, 'internal-notification')
    .step(22, 'rotate-key', 'done')
    .phase(34, 'Triage', 'Contain')
    .status(40, 'Contained')
    .finish(50);
}

/** The same run acknowledging at minute 22 (SLA 15) and skipping one critical step. */
function flawedRun(): DrillLog {
  return new DrillLog()
    .declare(0)
    .clock('start', 0)
    .phase(8, 'Identify', 'Triage')
    .step(18, 'revoke-key', 'done')
    .comms(20, 'internal-notification')
    .step(21, 'rotate-key', 'skipped')
    .ack(22)
    .phase(34, 'Triage', 'Contain')
    .status(40, 'Contained')
    .finish(50);
}

const texts = (lines: { text: string; deduction: number }[]) => lines.map((line) => [line.text, line.deduction]);

describe('scoring a drill', () => {
  it('gives a run that does everything right 100 on every objective and 100 overall', () => {
    const score = scoreDrill(rightRun().facts(), sla, wallMs(60));
    expect(score.objectives.map((objective) => [objective.id, objective.score])).toEqual([
      ['respond', 100],
      ['contain', 100],
      ['communicate', 100],
    ]);
    expect(score.overall).toBe(100);
    expect(score.criticalStepsSkipped).toEqual([]);
    expect(texts(score.objectives[0]!.lines)).toEqual([['Acknowledged at minute 12.5, SLA 15 minutes: in time', 0]]);
    expect(texts(score.info)).toEqual([
      ['Acknowledged at minute 12.5 (SLA 15 minutes)', 0],
      ['Entered Triage at minute 8', 0],
      ['Entered Contain at minute 34', 0],
      ['Sent internal-notification at minute 20', 0],
    ]);
    expect(score).toMatchObject({ acknowledgedMinute: 12.5, slaMinutes: 15, phaseMinutes: { Identify: 0, Triage: 8, Contain: 34 }, commsSent: [{ templateId: 'internal-notification', minute: 20 }] });
  });

  it('takes exactly what a late acknowledgement and a skipped critical step cost, and says so', () => {
    const score = scoreDrill(flawedRun().facts(), sla, wallMs(60));
    const [respond, contain, communicate] = score.objectives;
    // Late: half the acknowledgement's 20 points, rounded up; the skipped critical step: criticalSteps.points.
    expect([respond!.score, contain!.score, communicate!.score]).toEqual([100 - 10, 100 - 15, 100]);
    expect(score.overall).toBe(Math.round((90 + 85 + 100) / 3));
    expect(texts(respond!.lines)).toEqual([['Acknowledged at minute 22, SLA 15 minutes: late, \u221210 of 20', 10]]);
    expect(texts(contain!.lines)).toEqual([
      ['Revoke the key: done at minute 18, due by minute 30: in time', 0],
      ['Enter Contain: done at minute 34, due by minute 40: in time', 0],
      ['Mark the incident contained: done at minute 40, due by minute 60: in time', 0],
      ['Critical step skipped: Rotate dependent keys, \u221215', 15],
    ]);
    expect(contain!.lines.at(-1)).toMatchObject({ kind: 'critical-step', outcome: 'skipped' });
    expect(score.criticalStepsSkipped).toEqual(['Rotate dependent keys']);
    expect(score.info[0]!.text).toBe('Acknowledged at minute 22 (SLA 15 minutes)');
  });

  it('rounds half of an odd late deduction up, and counts a step marked not applicable as skipped', () => {
    const scenario = drillScenario();
    scenario.expected[0] = { ...scenario.expected[0]!, points: 15 };
    const log = new DrillLog(scenario).declare(0).clock('start', 0).ack(16).step(17, 'revoke-key', 'na');
    const score = scoreDrill(log.facts(), sla, wallMs(20));
    expect(texts(score.objectives[0]!.lines)).toEqual([['Acknowledged at minute 16, SLA 15 minutes: late, \u22128 of 15', 8]]);
    expect(score.objectives[1]!.lines.at(-1)!.text).toBe('Critical step marked not applicable: Revoke the leaked key, \u221215');
  });

  it('tells missed from late from still pending while the drill runs, and never counts a phase passed over as entered', () => {
    const log = new DrillLog().declare(0).clock('start', 0).phase(18, 'Identify', 'Eradicate');
    const facts = log.facts();
    const states = (minute: number) => expectedStates(facts, sla, wallMs(minute)).map((state) => [state.id, state.outcome, state.byMinute, state.doneMinute]);
    expect(states(20)).toEqual([
      ['ack', 'missed', 15, null],
      ['revoke', 'pending', 30, null],
      // Jumping from Identify to Eradicate passes over Contain: "Enter Contain" is not done.
      ['contain', 'pending', 40, null],
      ['contained', 'pending', 60, null],
      ['notify', 'pending', 25, null],
    ]);
    // At the deadline itself an action is still pending; a moment past it, missed.
    expect(states(25)[4]).toEqual(['notify', 'pending', 25, null]);
    expect(states(25.5)[4]).toEqual(['notify', 'missed', 25, null]);
    const live = scoreDrill(facts, sla, wallMs(20));
    expect(texts(live.objectives[1]!.lines)[0]).toEqual(['Revoke the key: not done yet, due by minute 30: still open, 30 points at stake', 0]);
    expect(texts(live.objectives[0]!.lines)).toEqual([['Not acknowledged, SLA 15 minutes: missed, \u221220 of 20', 20]]);
    expect(live.info.map((line) => line.text)).toEqual([
      'Not acknowledged (SLA 15 minutes)',
      'Passed over Triage at minute 18, straight to a later phase',
      'Passed over Contain at minute 18, straight to a later phase',
      'Entered Eradicate at minute 18',
    ]);
    log.step(45, 'revoke-key', 'done');
    expect(expectedStates(log.facts(), sla, wallMs(46))[1]).toMatchObject({ outcome: 'late', doneMinute: 45 });
  });

  it('calls everything not done missed once the drill is finished, deadline ahead or not, and ignores work after the finish', () => {
    const log = new DrillLog().declare(0).clock('start', 0).finish(10).comms(11, 'internal-notification').ack(11);
    const score = scoreDrill(log.facts(), sla, wallMs(12));
    expect(expectedStates(log.facts(), sla, wallMs(12)).map((state) => state.outcome)).toEqual(['missed', 'missed', 'missed', 'missed', 'missed']);
    expect(score.objectives.map((objective) => objective.score)).toEqual([80, 50, 80]);
    expect(score.overall).toBe(70);
    expect(score.commsSent).toEqual([]);
    expect(score.acknowledgedMinute).toBeNull();
  });

  it('counts a status reached by moving past it', () => {
    const log = new DrillLog().declare(0).clock('start', 0).status(30, 'Resolved');
    expect(expectedStates(log.facts(), sla, wallMs(31))[3]).toMatchObject({ id: 'contained', outcome: 'in-time', doneMinute: 30 });
  });

  it('counts a status from the start of the last stretch held at or beyond it', () => {
    const log = new DrillLog().declare(0).clock('start', 0).status(30, 'Resolved');
    // Back from Resolved to Contained: still contained since minute 30.
    log.add('incident.statusChanged', 35, { from: 'Resolved', to: 'Contained', reason: 'reopened', reversal: true });
    expect(expectedStates(log.facts(), sla, wallMs(36))[3]).toMatchObject({ outcome: 'in-time', doneMinute: 30 });
    // Back to Active, then contained again after the deadline: late, from the second stretch.
    log.add('incident.statusChanged', 40, { from: 'Contained', to: 'Active', reason: 'not contained', reversal: true }).status(65, 'Contained');
    expect(expectedStates(log.facts(), sla, wallMs(66))[3]).toMatchObject({ outcome: 'late', doneMinute: 65 });
  });

  it('never scores an event earlier than one before it on the timeline (the wall clock stepped back)', () => {
    const log = new DrillLog().declare(0).clock('start', 0).inject(40, 'new-ip', 'fired', 40);
    // The wall clock was corrected 35 minutes back: these read wall minutes 5 and 6, after minute 40 was shown.
    log.ack(5).comms(6, 'internal-notification');
    const score = scoreDrill(log.facts(), sla, wallMs(41));
    expect(score.acknowledgedMinute).toBe(40);
    expect(score.commsSent).toEqual([{ templateId: 'internal-notification', minute: 40 }]);
    expect(score.objectives[0]!.lines[0]).toMatchObject({ outcome: 'late', deduction: 10 });
  });

  it('ignores work after the finish even when the wall clock stepped back before it', () => {
    const log = new DrillLog().declare(0).clock('start', 0).finish(10);
    log.ack(2).comms(3, 'internal-notification');
    const score = scoreDrill(log.facts(), sla, wallMs(12));
    expect(score.acknowledgedMinute).toBeNull();
    expect(score.commsSent).toEqual([]);
  });

  it('keeps the SLA the drill was declared with when the severity is lowered later', () => {
    const log = new DrillLog().declare(0).clock('start', 0);
    log.add('incident.severityChanged', 20, { from: 'P1', to: 'P3', responseMinutes: 240, reason: 'not that bad' }).ack(21).finish(30);
    // The incident's SLA is now 240 minutes; the drill's stays the 15 it started with.
    const score = scoreDrill(log.facts(), 240, wallMs(30));
    expect(score.slaMinutes).toBe(sla);
    expect(score.objectives[0]!.lines[0]).toMatchObject({ outcome: 'late', text: 'Acknowledged at minute 21, SLA 15 minutes: late, \u221210 of 20' });
    expect(expectedStates(log.facts(), 240, wallMs(30))[0]).toMatchObject({ byMinute: sla, outcome: 'late' });
  });

  it('keeps the deduction of a critical step skipped before the playbook was switched', () => {
    const log = new DrillLog().declare(0).clock('start', 0).step(5, 'rotate-key', 'skipped');
    log.add('checklist.snapshotted', 6, { playbookId: 'generic', reason: 'scenario-changed', steps: [{ id: 'triage', phase: 'Triage', text: 'Triage', critical: false }] });
    const score = scoreDrill(log.finish(10).facts(), sla, wallMs(10));
    expect(score.criticalStepsSkipped).toEqual(['Rotate dependent keys']);
    expect(score.objectives[1]!.lines.at(-1)).toMatchObject({ kind: 'critical-step', text: 'Critical step skipped: Rotate dependent keys, \u221215', deduction: 15 });
  });

  it('never scores an objective below 0, and its lines take exactly what it lost', () => {
    const scenario = { ...drillScenario(), criticalSteps: { objective: 'contain', points: 60 } };
    const log = new DrillLog(scenario).declare(0).clock('start', 0).step(1, 'revoke-key', 'skipped').step(2, 'rotate-key', 'na').finish(3);
    const contain = scoreDrill(log.facts(), sla, wallMs(4)).objectives[1]!;
    expect(contain.score).toBe(0);
    // 50 for the missed actions, then 60 of which only 50 are left, then nothing.
    expect(texts(contain.lines)).toEqual([
      ['Revoke the key: not done, due by minute 30: missed, \u221230 of 30', 30],
      ['Enter Contain: not done, due by minute 40: missed, \u221210 of 10', 10],
      ['Mark the incident contained: not done, due by minute 60: missed, \u221210 of 10', 10],
      ['Critical step skipped: Revoke the leaked key, \u221260, only 50 taken: the objective reached 0', 50],
      ['Critical step marked not applicable: Rotate dependent keys, \u221260, none taken: the objective was already at 0', 0],
    ]);
  });
});
