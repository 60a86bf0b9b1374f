import { describe, expect, it } from 'vitest';
import type { DrillRun, DrillView, InjectState } from '../../../src-main/contract';
import { arrivedKey, createDrillStore, viewOf } from '../../../src-renderer/stores/drillStore';
import { hashFromRoute, routeFromHash } from '../../../src-renderer/stores/uiStore';
import { scriptedApi } from '../../support/scriptedApi';

const id = 'INC-20261123-141502';
const inject = (injectId: string, status: InjectState['status']): InjectState => ({ id: injectId, title: `Inject ${injectId}`, trigger: { minute: 5 }, status, atMinute: status === 'pending' ? null : 5, body: 'body', note: '' });
const run = (view: DrillView, injects: InjectState[] = [], state: DrillRun['clock']['state'] = 'ready'): DrillRun => ({
  incidentId: id, drillId: 'leaked-api-key', title: 'Leaked API key', summary: '', situation: 'A key leaked.', severity: 'P0', playbook: 'secret-leaked', view,
  clock: { state, speed: 1, elapsedMs: 0, asOf: '2026-11-23T14:00:00.000Z' }, injects, nextInject: null, objectives: [], expected: [], questions: [], facilitatorNotes: '', score: null, finished: null,
});
const ok = <T>(value: T) => ({ ok: true as const, value });

describe('the drill store', () => {
  it('makes whoever started a drill its facilitator, and anyone else a participant until they switch', async () => {
    const { api, calls } = scriptedApi({ 'drill.start': ok({ id, run: run('facilitator') }), 'drill.get': () => ok(run((calls.at(-1)!.input as { view: DrillView }).view)) });
    const store = createDrillStore(api);
    expect(viewOf(store.getState(), 'INC-20261123-999999')).toBe('participant');
    await store.getState().start('leaked-api-key');
    expect(viewOf(store.getState(), id)).toBe('facilitator');
    expect(store.getState().runs[id]?.view).toBe('facilitator');
    store.getState().setView(id, 'participant');
    await expect.poll(() => store.getState().runs[id]?.view).toBe('participant');
    expect(calls.at(-1)).toEqual({ name: 'drill.get', input: { id, view: 'participant' } });
  });

  it('alerts on a pushed inject, marks it new, and reads the drill again', async () => {
    let now = 1_000;
    const { api, answers, calls } = scriptedApi({ 'drill.get': ok(run('participant', [inject('tor-usage', 'fired')])) });
    const store = createDrillStore(api, () => now);
    await store.getState().load(id);
    // Already there when the panel first loaded: not new.
    expect(store.getState().arrived[arrivedKey(id, 'tor-usage')]).toBe(0);
    now = 5_000;
    answers['drill.get'] = ok(run('participant', [inject('tor-usage', 'fired'), inject('refund', 'fired')]));
    store.getState().handleEvent({ type: 'drill.inject', incidentId: id, injectId: 'refund', title: 'A refund was created' });
    expect(store.getState().alerts).toEqual([{ incidentId: id, injectId: 'refund', title: 'A refund was created' }]);
    expect(store.getState().arrived[arrivedKey(id, 'refund')]).toBe(5_000);
    await expect.poll(() => store.getState().runs[id]?.injects.length).toBe(2);
    expect(calls.filter((call) => call.name === 'drill.get')).toHaveLength(2);
    store.getState().dismissAlert(id, 'refund');
    expect(store.getState().alerts).toEqual([]);
  });

  it('marks an inject new when a refresh shows it fired, even without the pushed event', async () => {
    let now = 1_000;
    const { api, answers } = scriptedApi({ 'drill.get': ok(run('participant')) });
    const store = createDrillStore(api, () => now);
    await store.getState().load(id);
    now = 9_000;
    answers['drill.get'] = ok(run('participant', [inject('tor-usage', 'fired')]));
    store.getState().handleEvent({ type: 'incident.changed', incidentId: id });
    await expect.poll(() => store.getState().arrived[arrivedKey(id, 'tor-usage')]).toBe(9_000);
  });

  it('follows its incident only: a change to another incident reads nothing', async () => {
    const { api, calls } = scriptedApi({ 'drill.get': ok(run('participant')) });
    const store = createDrillStore(api);
    await store.getState().load(id);
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-20261123-000001' });
    expect(calls).toHaveLength(1);
  });

  it('says why a clock command failed, and reads the drill again after a conflict', async () => {
    const { api, calls } = scriptedApi({ 'drill.clock': { ok: false, error: { code: 'conflict', message: 'the clock is not running' } }, 'drill.get': ok(run('facilitator')) });
    const store = createDrillStore(api);
    const result = await store.getState().clock(id, { action: 'pause' });
    expect(result.ok).toBe(false);
    expect(store.getState().actionErrors[id]).toMatch(/^Could not pause the clock: the clock is not running/);
    expect(store.getState().busy).toEqual({});
    await expect.poll(() => calls.some((call) => call.name === 'drill.get')).toBe(true);
  });

  it('keeps the run a change answers with, and clears the inject alerts of a finished drill', async () => {
    const { api } = scriptedApi({ 'drill.start': ok({ id, run: run('facilitator') }), 'drill.finish': ok(run('facilitator', [], 'finished')), 'drill.history': ok({ runs: [] }) });
    const store = createDrillStore(api);
    await store.getState().start('leaked-api-key');
    store.getState().handleEvent({ type: 'drill.inject', incidentId: id, injectId: 'tor-usage', title: 'Tor' });
    await store.getState().finish(id);
    expect(store.getState().runs[id]?.clock.state).toBe('finished');
    expect(store.getState().alerts).toEqual([]);
    await expect.poll(() => store.getState().history).toEqual({ runs: [] });
  });

  it('exports the report to the file named, or says why not', async () => {
    const { api, answers } = scriptedApi({ 'drill.report': { ok: false, error: { code: 'io-error', message: 'no such directory: /nope' } } });
    const store = createDrillStore(api);
    await store.getState().exportReport(id, '/nope/drill.md');
    expect(store.getState().exportErrors[id]).toBe('no such directory: /nope');
    answers['drill.report'] = ok({ incidentId: id, markdown: '# DRILL', path: '/tmp/drill.md' });
    await store.getState().exportReport(id, '/tmp/drill.md');
    expect(store.getState()).toMatchObject({ exported: { [id]: '/tmp/drill.md' }, exportErrors: {}, reports: { [id]: { markdown: '# DRILL' } } });
  });
});

describe('drills under way', () => {
  it('asks for open drill incidents only, again once a drill starts or finishes', async () => {
    const drill = { id, title: 'Drill: Leaked API key', kind: 'drill' };
    const { api, calls } = scriptedApi({
      'incident.list': ok({ incidents: [drill], total: 1, nextCursor: null }),
      'drill.start': ok({ id, run: run('facilitator') }),
      'drill.finish': ok(run('facilitator', [], 'finished')),
      'drill.history': ok({ runs: [] }),
    });
    const store = createDrillStore(api);
    await store.getState().loadUnderWay();
    expect(store.getState().underWay).toEqual([drill]);
    expect(calls[0]).toEqual({ name: 'incident.list', input: { kind: 'drill', scope: 'open', limit: 50 } });
    await store.getState().start('leaked-api-key');
    await store.getState().finish(id);
    await expect.poll(() => calls.filter((call) => call.name === 'incident.list').length).toBe(3);
  });
});

describe('drill routes', () => {
  it('keeps the Drills screen and a drill incident’s drill tab across a reload', () => {
    expect(hashFromRoute({ name: 'drills' })).toBe('#/drills');
    expect(routeFromHash('#/drills')).toEqual({ name: 'drills' });
    expect(routeFromHash(hashFromRoute({ name: 'incident', id, tab: 'drill' }))).toEqual({ name: 'incident', id, tab: 'drill' });
  });
});
