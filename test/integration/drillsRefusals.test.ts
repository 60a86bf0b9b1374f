import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DrillRun, Incident, TimelinePage } from '../../src-main/contract';
import { dispatch } from '../../src-main/services/dispatch';
import { deliverDueInjects, startDrillWatcher } from '../../src-main/services/drills/drillRuns';
import { requireDrillScenario } from '../../src-main/services/drills/drillScenarios';
import { facilitator, pushedInjects, startDrill } from '../support/drillScript';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-12-01T09:00:00.000Z');
});
afterEach(() => t.close());

const failure = (name: string, input: unknown) => {
  const envelope = dispatch(t.ctx, name, input);
  if (envelope.ok) throw new Error(`${name} succeeded`);
  return envelope.error;
};
const timeline = (id: string) => callOk<TimelinePage>(t, 'incident.timeline', { id }).entries.map((entry) => entry.summary);

describe('drill operations refuse what a facilitator cannot mean', () => {
  it('names a real incident as not a drill, for every drill operation', () => {
    const real = callOk<Incident>(t, 'incident.declare', { title: 'Real outage', severity: 'P2' });
    for (const [name, input] of [
      ['drill.get', { id: real.id }],
      ['drill.clock', { id: real.id, action: 'start' }],
      ['drill.inject', { id: real.id, injectId: 'any', action: 'fire' }],
      ['drill.answer', { id: real.id, questionId: 'any', answer: 'yes' }],
      ['drill.finish', { id: real.id }],
    ] as const) {
      expect(failure(name, input), name).toEqual({ code: 'invalid-input', message: `${real.id} is not a drill` });
    }
    expect(failure('drill.get', { id: 'INC-20200101-000000' }).code).toBe('not-found');
    expect(failure('drill.start', { drillId: 'no-such-drill' })).toMatchObject({ code: 'not-found', message: expect.stringContaining('leaked-api-key') });
  });

  it('fires or skips only a pending inject, names the injects of an unknown one, and keeps a skipped one unread', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const { id } = startDrill(t, scenario.id);
    const [first, second] = scenario.injects;
    const fired = callOk<DrillRun>(t, 'drill.inject', { id, injectId: first!.id, action: 'fire' });
    expect(fired.injects.find((inject) => inject.id === first!.id)).toMatchObject({ status: 'fired', atMinute: 0, body: first!.body });
    expect(failure('drill.inject', { id, injectId: first!.id, action: 'skip' })).toMatchObject({ code: 'conflict', message: expect.stringContaining('already fired') });

    const unknown = failure('drill.inject', { id, injectId: 'no-such-inject', action: 'fire' });
    expect(unknown.code).toBe('not-found');
    for (const inject of scenario.injects) expect(unknown.message).toContain(inject.id);

    callOk(t, 'drill.inject', { id, injectId: second!.id, action: 'skip' });
    const lines = timeline(id);
    expect(lines.some((line) => line.includes(first!.title))).toBe(true);
    expect(lines.filter((line) => line.includes(second!.title) || line.includes(second!.body))).toEqual([]);
    expect(lines).toContain('An inject was skipped by the facilitator at minute 0');
    // The entries' payloads too: no skipped inject, no inject still to come, no facilitator note.
    const entries = JSON.stringify(callOk<TimelinePage>(t, 'incident.timeline', { id }).entries);
    for (const hidden of [second!.title, ...scenario.injects.slice(2).map((inject) => inject.title), ...scenario.injects.map((inject) => inject.note), scenario.facilitatorNotes]) expect(entries).not.toContain(hidden);
    // Participants see what arrived, never what was skipped or is still to come.
    const participant = callOk<DrillRun>(t, 'drill.get', { id, view: 'participant' });
    expect(participant.injects.map((inject) => inject.id)).toEqual([first!.id]);
    expect(participant.expected).toEqual([]);
    expect(participant.facilitatorNotes).toBe('');
    expect(pushedInjects(t.events, id)).toEqual([first!.id]);
  });

  it('answers only the questions of the drill, and still takes answers after the finish', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const { id } = startDrill(t, scenario.id);
    const unknown = failure('drill.answer', { id, questionId: 'no-such-question', answer: 'x' });
    expect(unknown.code).toBe('not-found');
    for (const question of scenario.questions) expect(unknown.message).toContain(question.id);

    callOk(t, 'drill.clock', { id, action: 'start' });
    callOk(t, 'drill.finish', { id });
    expect(failure('drill.finish', { id }).code).toBe('conflict');
    expect(failure('drill.clock', { id, action: 'resume' }).code).toBe('conflict');
    expect(failure('drill.inject', { id, injectId: scenario.injects.at(-1)!.id, action: 'fire' }).code).toBe('conflict');
    const question = scenario.questions[0]!;
    const answered = callOk<DrillRun>(t, 'drill.answer', { id, questionId: question.id, answer: 'Whoever is on call, within the hour' });
    expect(answered.questions.find((entry) => entry.questionId === question.id)?.answer).toBe('Whoever is on call, within the hour');
    expect(timeline(id)).toContain(`Answer to “${question.text}”: Whoever is on call, within the hour`);
    expect(timeline(id).filter((line) => line.startsWith('Status Active → Closed'))).toEqual(['Status Active → Closed: Drill finished']);
  });

  it('the watcher delivers due injects of every open drill, once', () => {
    const scenario = requireDrillScenario(t.ctx, 'leaked-api-key');
    const minuteInjects = scenario.injects.filter((inject) => 'minute' in inject.trigger);
    const a = startDrill(t, scenario.id).id;
    t.advance(1_000);
    const b = startDrill(t, scenario.id).id;
    for (const id of [a, b]) callOk(t, 'drill.clock', { id, action: 'start' });
    t.advance(24 * 60 * 60_000);
    const stop = startDrillWatcher(t.ctx, 5);
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        stop();
        for (const id of [a, b]) expect(pushedInjects(t.events, id).sort()).toEqual(minuteInjects.map((inject) => inject.id).sort());
        expect(deliverDueInjects(t.ctx)).toBe(0);
        expect(facilitator(t, a).injects.filter((inject) => 'minute' in inject.trigger && inject.status !== 'fired')).toEqual([]);
        resolve();
      }, 60);
    });
  });
});
