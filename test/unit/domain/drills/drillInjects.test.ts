import { describe, expect, it } from 'vitest';
import { dueInjects, injectStates, nextInject } from '../../../../src-main/domain/drills/drillInjects';
import { DrillLog, wallMs } from './drillFixture';

const due = (log: DrillLog, minute: number) => dueInjects(log.facts(), wallMs(minute)).map((inject) => inject.id);

describe('drill injects', () => {
  it('are never due while the clock is ready, even once a trigger is met', () => {
    const log = new DrillLog().declare(0).phase(1, 'Identify', 'Contain').step(2, 'revoke-key', 'done');
    expect(due(log, 60)).toEqual([]);
  });

  it('come due by minute only once the drill clock passes it, not the wall clock', () => {
    const log = new DrillLog().declare(0).clock('start', 5);
    expect(due(log, 14.9)).toEqual([]);
    expect(due(log, 15)).toEqual(['new-ip']);
    log.clock('pause', 6); // drill minute 1, and it stays there
    expect(due(log, 60)).toEqual([]);
    log.clock('resume', 60).clock('speed', 60, 10);
    expect(due(log, 60.8)).toEqual([]);
    expect(due(log, 61)).toEqual(['new-ip']);
  });

  it('are due once: a fired or skipped inject is never due again', () => {
    const log = new DrillLog().declare(0).clock('start', 0);
    expect(due(log, 50)).toEqual(['new-ip', 'press']);
    log.inject(50, 'new-ip', 'fired', 50).inject(50, 'press', 'skipped', 50, 'facilitator');
    expect(due(log, 90)).toEqual([]);
  });

  it('fire on their phase or a later one, and on their step done', () => {
    const log = new DrillLog().declare(0).clock('start', 0).phase(1, 'Identify', 'Eradicate');
    expect(due(log, 2)).toEqual(['legal-asks']);
    log.step(3, 'revoke-key', 'skipped');
    expect(due(log, 4)).toEqual(['legal-asks']);
    log.step(5, 'revoke-key', 'done', 'skipped');
    expect(due(log, 6)).toEqual(['legal-asks', 'ci-token']);
  });

  it('stop coming once the drill is finished', () => {
    const log = new DrillLog().declare(0).clock('start', 0).finish(5);
    expect(due(log, 60)).toEqual([]);
  });

  it('show the facilitator everything with notes, and participants only what arrived, without notes', () => {
    const log = new DrillLog()
      .declare(0)
      .clock('start', 0)
      .inject(3, 'press', 'fired', 3, 'facilitator')
      .inject(4, 'legal-asks', 'skipped', 4, 'facilitator')
      .inject(10, 'new-ip', 'fired', 10);
    const facts = log.facts();
    expect(injectStates(facts, 'facilitator').map((state) => [state.id, state.status, state.atMinute, state.note !== '', state.body !== ''])).toEqual([
      ['new-ip', 'fired', 10, true, true],
      ['legal-asks', 'skipped', 4, true, true],
      ['ci-token', 'pending', null, true, true],
      ['press', 'fired', 3, true, true],
    ]);
    expect(injectStates(facts, 'participant')).toEqual([
      { id: 'press', title: 'A journalist calls', trigger: { minute: 45 }, status: 'fired', atMinute: 3, body: 'They have the commit.', note: '' },
      { id: 'new-ip', title: 'The attacker IP changed', trigger: { minute: 10 }, status: 'fired', atMinute: 10, body: 'Calls now come from 203.0.113.9.', note: '' },
    ]);
  });

  it('name the next one: the earliest pending minute trigger, else the first pending event trigger', () => {
    const log = new DrillLog().declare(0);
    expect(nextInject(log.facts())?.id).toBe('new-ip');
    log.clock('start', 0).inject(10, 'new-ip', 'fired', 10);
    expect(nextInject(log.facts())).toMatchObject({ id: 'press', status: 'pending', atMinute: null, note: 'Only the comms lead speaks.' });
    log.inject(11, 'press', 'skipped', 11, 'facilitator');
    expect(nextInject(log.facts())?.id).toBe('legal-asks');
    log.inject(12, 'legal-asks', 'fired', 12, 'facilitator').inject(12, 'ci-token', 'fired', 12, 'facilitator');
    expect(nextInject(log.facts())).toBeNull();
  });
});
