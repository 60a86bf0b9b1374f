import { describe, expect, it } from 'vitest';
import type { Envelope, RotationItem } from '../../../src-main/contract';
import type { Api } from '../../../src-renderer/api/api';
import { createRotationStore } from '../../../src-renderer/stores/rotationStore';
import { hashFromRoute, routeFromHash } from '../../../src-renderer/stores/uiStore';

function scriptedApi(answers: Record<string, Envelope<unknown>>) {
  const calls: string[] = [];
  const api = {
    transport: 'http',
    async call(name: string) {
      calls.push(name);
      return answers[name] ?? { ok: false, error: { code: 'not-found', message: `no answer scripted for ${name}` } };
    },
    subscribe: () => () => {},
  } as unknown as Api;
  return { api, calls, answers };
}

const item = { id: 'R1', name: 'OPENAI_API_KEY', status: 'pending', group: 'external', checks: [] } as unknown as RotationItem;

describe('the rotation store', () => {
  it('keeps why the list failed until a retry works', async () => {
    const { api, answers } = scriptedApi({ 'rotation.list': { ok: false, error: { code: 'io-error', message: 'database or disk is full' } } });
    const store = createRotationStore(api);
    await store.getState().load('INC-1');
    expect(store.getState().loadErrors['INC-1']).toBe('database or disk is full');
    answers['rotation.list'] = { ok: true, value: { items: [item] } };
    await store.getState().load('INC-1');
    expect(store.getState()).toMatchObject({ loadErrors: {}, items: { 'INC-1': [item] } });
  });

  it('refreshes after a conflict (rotated in another window) so the retry starts from what is true, but not after a failure that changed nothing', async () => {
    const { api, calls, answers } = scriptedApi({ 'rotation.list': { ok: true, value: { items: [item] } }, 'rotation.mark': { ok: false, error: { code: 'conflict', message: 'R1 (OPENAI_API_KEY) is already rotated' } } });
    const store = createRotationStore(api);
    const result = await store.getState().mark('INC-1', 'R1', 'rotated');
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already rotated') } });
    expect(calls).toEqual(['rotation.mark', 'rotation.list']);
    answers['rotation.check'] = { ok: false, error: { code: 'io-error', message: 'database or disk is full' } };
    await store.getState().check('INC-1', 'R1', 'ci-secrets', true);
    expect(calls).toEqual(['rotation.mark', 'rotation.list', 'rotation.check']);
  });

  it('reloads an incident it shows when the incident changes elsewhere (a finding sent from the Scans tab, a CLI call)', async () => {
    const { api, calls } = scriptedApi({ 'rotation.list': { ok: true, value: { items: [item] } } });
    const store = createRotationStore(api);
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    expect(calls).toEqual([]);
    await store.getState().load('INC-1');
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    await Promise.resolve();
    expect(calls).toEqual(['rotation.list', 'rotation.list']);
  });

  it('has its own address, so reload and back keep the responder on the Rotation tab', () => {
    expect(routeFromHash('#/incident/INC-20261123-141502/rotation')).toEqual({ name: 'incident', id: 'INC-20261123-141502', tab: 'rotation' });
    expect(hashFromRoute({ name: 'incident', id: 'INC-20261123-141502', tab: 'rotation' })).toBe('#/incident/INC-20261123-141502/rotation');
  });
});
