import { describe, expect, it } from 'vitest';
import { drillRunView } from '../../../../src-main/domain/drills/drillView';
import { DrillLog, incidentId, sla, wall, wallMs } from './drillFixture';

const options = (view: 'facilitator' | 'participant', minute: number) => ({ view, nowMs: wallMs(minute), slaMinutes: sla, severity: 'P2' });

function runningDrill(): DrillLog {
  return new DrillLog().declare(0).clock('start', 0).inject(10, 'new-ip', 'fired', 10).inject(11, 'press', 'skipped', 11, 'facilitator').answer(12, 'q-rotate', 'The on-call SRE');
}

describe('a drill run as each viewer sees it', () => {
  it('shows the facilitator everything, with the score so far', () => {
    const run = drillRunView(incidentId, runningDrill().facts(), options('facilitator', 20));
    expect(run).toMatchObject({ incidentId, drillId: 'leaked-key-drill', view: 'facilitator', severity: 'P2', playbook: 'secret-leaked', facilitatorNotes: 'Watch who owns the key.', finished: null });
    expect(run.clock).toEqual({ state: 'running', speed: 1, elapsedMs: 20 * 60_000, asOf: wall(20) });
    expect(run.injects.map((inject) => inject.status)).toEqual(['fired', 'pending', 'pending', 'skipped']);
    expect(run.nextInject?.id).toBe('legal-asks');
    expect(run.expected).toHaveLength(5);
    expect(run.score?.objectives[0]?.score).toBe(80);
    expect(run.questions).toEqual([
      { questionId: 'q-rotate', text: 'Who can rotate the key at night?', answer: 'The on-call SRE' },
      { questionId: 'q-pipe', text: 'Which | table | breaks?', answer: null },
    ]);
  });

  it('shows participants only what arrived: no notes, no expected actions, no next inject, no score before the finish', () => {
    const log = runningDrill();
    const run = drillRunView(incidentId, log.facts(), options('participant', 20));
    expect(run.injects.map((inject) => [inject.id, inject.note])).toEqual([['new-ip', '']]);
    expect(run).toMatchObject({ nextInject: null, expected: [], facilitatorNotes: '', score: null });
    expect(run.situation).toContain('public commit');
    log.finish(30);
    const finished = drillRunView(incidentId, log.facts(), options('participant', 40));
    expect(finished.score).toEqual(log.facts().finished!.score);
    expect(finished.clock).toMatchObject({ state: 'finished', elapsedMs: 30 * 60_000 });
  });

  it('shows the facilitator the score recorded at the finish, not one recomputed later (the rules may have changed since)', () => {
    const log = runningDrill().finish(30).ack(31);
    const recorded = log.events.at(-2)!.payload.score as { overall: number };
    recorded.overall = 42;
    const run = drillRunView(incidentId, log.facts(), options('facilitator', 40));
    expect(run.score?.overall).toBe(42);
  });
});
