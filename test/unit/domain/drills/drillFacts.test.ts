import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-main/contract';
import { drillMsAt, toMinute } from '../../../../src-main/domain/drills/drillClock';
import { readDrillFacts } from '../../../../src-main/domain/drills/drillFacts';
import { DrillLog, drillScenario, incidentId, wall } from './drillFixture';

describe('the facts of a drill, read from its timeline', () => {
  it('refuses an incident without drill.started as not a drill', () => {
    const events = [{ type: 'incident.declared', at: wall(0), actor: 'ana', payload: {} }];
    expect(() => readDrillFacts(incidentId, events)).toThrow(new AppError('invalid-input', `${incidentId} is not a drill`));
  });

  it('reads every field from a realistic run', () => {
    const log = new DrillLog()
      .declare(0)
      .ack(1) // before the clock starts: drill minute 0
      .clock('start', 2)
      .inject(12, 'new-ip', 'fired', 10)
      .step(14, 'revoke-key', 'done', 'open', 'cy')
      .inject(14, 'ci-token', 'fired', 12, 'trigger')
      .ack(15, 'cy') // a second acknowledgement does not move the first
      .step(16, 'revoke-key', 'open', 'done') // reopened …
      .step(20, 'revoke-key', 'done') // … and done again: the last done stretch counts
      .step(21, 'rotate-key', 'skipped')
      .phase(22, 'Identify', 'Contain')
      .clock('pause', 23)
      .inject(24, 'press', 'skipped', 21, 'facilitator')
      .inject(25, 'press', 'fired', 21, 'facilitator') // the skip stands
      .clock('resume', 26)
      .comms(28, 'internal-notification')
      .status(30, 'Contained')
      .status(31, 'Active')
      .status(32, 'Contained')
      .answer(33, 'q-rotate', 'Nobody')
      .answer(34, 'q-rotate', 'The on-call SRE')
      .add('checklist.stepAdded', 35, { step: { id: 'adhoc-1', phase: 'Contain', text: 'Block the IP', critical: true } })
      .add('checklist.stepAdded', 35, { step: { id: 'adhoc-2', phase: 'Contain', text: 'Tell the CTO', critical: false } })
      .finish(40);
    const facts = log.facts();
    expect(facts.drillId).toBe('leaked-key-drill');
    expect(facts.scenario).toEqual(drillScenario());
    expect(facts.startedAt).toBe(wall(0));
    expect(facts.clock.map((change) => change.action)).toEqual(['start', 'pause', 'resume', 'finish']);
    expect(toMinute(drillMsAt(facts.clock, Date.parse(wall(40))))).toBe(35);
    expect([...facts.injects]).toEqual([
      ['new-ip', { status: 'fired', atMinute: 10, by: 'clock' }],
      ['ci-token', { status: 'fired', atMinute: 12, by: 'trigger' }],
      ['press', { status: 'skipped', atMinute: 21, by: 'facilitator' }],
    ]);
    expect([...facts.answers]).toEqual([['q-rotate', 'The on-call SRE']]);
    expect(facts.finished?.at).toBe(wall(40));
    expect(facts.finished?.score.overall).toBeTypeOf('number');
    expect(facts.acknowledgedAt).toBe(wall(1));
    // Acknowledged before the clock started: drill minute 0.
    expect(drillMsAt(facts.clock, Date.parse(facts.acknowledgedAt!))).toBe(0);
    // The jump from Identify to Contain reaches Triage at the same time.
    expect(facts.phaseEnteredAt).toEqual({ Identify: wall(0), Triage: wall(22), Contain: wall(22) });
    expect(facts.phasesPassedOver).toEqual(['Triage']);
    expect(facts.phaseNamedAt).toEqual({ Identify: wall(0), Contain: wall(22) });
    expect([...facts.stepsDoneAt]).toEqual([['revoke-key', wall(20)]]);
    expect([...facts.stepStatus]).toEqual([
      ['revoke-key', 'done'],
      ['rotate-key', 'skipped'],
    ]);
    expect(facts.criticalSteps).toEqual([
      { id: 'revoke-key', text: 'Revoke the leaked key' },
      { id: 'rotate-key', text: 'Rotate dependent keys' },
      { id: 'adhoc-1', text: 'Block the IP' },
    ]);
    // Contained at 30, moved back at 31, contained again at 32: the stretch from 32 counts.
    expect(facts.statusReachedAt).toEqual({ Active: wall(0), Contained: wall(32) });
    expect(facts.commsSent).toEqual([{ templateId: 'internal-notification', at: wall(28) }]);
    expect(facts.participants).toEqual(['fac', 'ana', 'cy', 'bo']);
  });

  it('counts a step done only if it is still done at the finish', () => {
    const log = new DrillLog().declare(0).clock('start', 0);
    log.step(1, 'revoke-key', 'done').step(2, 'revoke-key', 'open', 'done'); // ticked and taken back
    log.step(3, 'rotate-key', 'done').step(4, 'rotate-key', 'done', 'done'); // a repeated tick does not restart it
    log.step(5, 'scan-history', 'done').finish(6).step(7, 'scan-history', 'open', 'done'); // reopened after the finish
    expect([...log.facts().stepsDoneAt]).toEqual([
      ['rotate-key', wall(3)],
      ['scan-history', wall(5)],
    ]);
    expect(log.facts().stepStatus.get('scan-history')).toBe('done');
  });

  it('never runs drill time backwards for a clock change written while the wall clock had stepped back', () => {
    const log = new DrillLog().declare(0).clock('start', 0).inject(30, 'new-ip', 'fired', 30);
    // The wall clock stepped back 20 minutes: an older writer recorded the pause at wall minute 10, drill minute 10.
    log.add('drill.clock', 10, { action: 'pause', speed: 1, elapsedMs: 10 * 60_000 }, 'fac');
    const facts = log.facts();
    expect(facts.lastAt).toBe(wall(30));
    expect(facts.clock.at(-1)).toEqual({ at: wall(30), action: 'pause', speed: 1, elapsedMs: 30 * 60_000 });
    expect(toMinute(drillMsAt(facts.clock, Date.parse(wall(45))))).toBe(30);
  });

  it('takes the finish from drill.finished once, even when a finishing clock event came first', () => {
    const log = new DrillLog().declare(0).clock('start', 0).clock('finish', 10);
    log.add('drill.finished', 10, { elapsedMs: 600_000, score: {} }, 'fac');
    expect(log.facts().clock.map((change) => change.action)).toEqual(['start', 'finish']);
  });

  it('keeps the critical steps of every checklist snapshot (the playbook changed) and the added ones, once each', () => {
    const log = new DrillLog().declare(0);
    log.add('checklist.stepAdded', 1, { step: { id: 'adhoc-1', phase: 'Contain', text: 'Block the IP', critical: true } });
    log.add('checklist.snapshotted', 2, { reason: 'scenario-changed', steps: [{ id: 'wipe', text: 'Wipe the host', critical: true }, { id: 'revoke-key', text: 'Revoke the leaked key', critical: true }] });
    expect(log.facts().criticalSteps).toEqual([
      { id: 'revoke-key', text: 'Revoke the leaked key' },
      { id: 'rotate-key', text: 'Rotate dependent keys' },
      { id: 'adhoc-1', text: 'Block the IP' },
      { id: 'wipe', text: 'Wipe the host' },
    ]);
  });
});
