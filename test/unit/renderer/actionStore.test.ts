import { describe, expect, it } from 'vitest';
import type { ActionItem } from '../../../src-main/contract';
import { createActionStore } from '../../../src-renderer/stores/actionStore';
import { scriptedApi } from '../../support/scriptedApi';

const item = (id: string, extra: Partial<ActionItem> = {}): ActionItem => ({
  incidentId: 'INC-1',
  incidentTitle: 'OpenAI key pushed to GitHub',
  id,
  title: 'Add a pre-commit secret scan',
  owner: 'dana',
  due: '2026-12-04',
  status: 'open',
  overdue: false,
  createdAt: '2026-11-30T14:00:00.000Z',
  createdBy: 'dana',
  updatedAt: '2026-11-30T14:00:00.000Z',
  doneAt: null,
  doneBy: null,
  ...extra,
});

describe('the action store', () => {
  it('lists every item of an incident (done ones too), and keeps why it failed until a retry works', async () => {
    const { api, calls, answers } = scriptedApi({ 'action.list': { ok: false, error: { code: 'io-error', message: 'database or disk is full' } } });
    const store = createActionStore(api);
    await store.getState().load('INC-1');
    expect(store.getState().loadErrors['INC-1']).toBe('database or disk is full');
    expect(calls[0]?.input).toEqual({ incidentId: 'INC-1', status: 'all' });
    answers['action.list'] = { ok: true, value: { items: [item('A1')] } };
    await store.getState().load('INC-1');
    expect(store.getState()).toMatchObject({ loadErrors: {}, items: { 'INC-1': [{ id: 'A1' }] } });
  });

  it('adds without blank optional fields, then refreshes the incident and the dashboard list', async () => {
    const { api, calls } = scriptedApi({ 'action.add': { ok: true, value: item('A1') }, 'action.list': { ok: true, value: { items: [item('A1')] } } });
    const store = createActionStore(api);
    await store.getState().loadOpen();
    await store.getState().add('INC-1', { title: 'Add a pre-commit secret scan', owner: '', due: '' });
    expect(calls.find((call) => call.name === 'action.add')?.input).toEqual({ incidentId: 'INC-1', title: 'Add a pre-commit secret scan' });
    expect(calls.map((call) => call.name)).toEqual(['action.list', 'action.add', 'action.list', 'action.list']);
    expect(store.getState().open).toHaveLength(1);
  });

  it('marks done and says why when it cannot, leaving the list as it was', async () => {
    const { api, calls, answers } = scriptedApi({ 'action.update': { ok: false, error: { code: 'not-found', message: 'INC-1 has no action item A9' } } });
    const store = createActionStore(api);
    const failed = await store.getState().update('INC-1', 'A9', { status: 'done' });
    expect(failed).toMatchObject({ ok: false, error: { message: 'INC-1 has no action item A9' } });
    expect(calls.map((call) => call.name)).toEqual(['action.update']);
    answers['action.update'] = { ok: true, value: item('A1', { status: 'done' }) };
    answers['action.list'] = { ok: true, value: { items: [item('A1', { status: 'done' })] } };
    await store.getState().update('INC-1', 'A1', { status: 'done' });
    expect(store.getState().items['INC-1']?.[0]?.status).toBe('done');
  });

  it('reloads what it shows when an incident changes elsewhere (the CLI, another window)', async () => {
    const { api, calls } = scriptedApi({ 'action.list': { ok: true, value: { items: [] } } });
    const store = createActionStore(api);
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    expect(calls).toEqual([]);
    await store.getState().loadOpen();
    await store.getState().load('INC-1');
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    await Promise.resolve();
    expect(calls.map((call) => call.input)).toEqual([{ status: 'open' }, { incidentId: 'INC-1', status: 'all' }, { incidentId: 'INC-1', status: 'all' }, { status: 'open' }]);
  });
});
