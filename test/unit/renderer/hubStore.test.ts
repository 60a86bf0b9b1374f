import { describe, expect, it, vi } from 'vitest';
import type { HubStatus, IncidentPresence } from '../../../src-main/contract';
import { createHubStore, pollHubStatus } from '../../../src-renderer/stores/hubStore';
import { scriptedApi } from '../../support/scriptedApi';

const notJoined: HubStatus = { state: 'not-joined', url: null, role: null, tls: false, toPush: 0, behind: 0, waiting: 0, lastContactAt: null, offlineSince: null, lastError: null, live: false };
const joined: HubStatus = { ...notJoined, state: 'connected', url: 'postgres://alice@hub:5432/firebreak', role: 'alice', lastContactAt: '2026-11-30T14:00:00.000Z' };
const presence: IncidentPresence = {
  incidentId: 'INC-1',
  responders: [{ actorKey: 'k1', name: 'ana', lastActivityAt: '2026-11-30T14:00:00.000Z', lastEventType: 'incident.noteAdded', events: 3, thisLaptop: true }],
};

describe('the hub store', () => {
  it('joins with only what was given, never sending an empty password or CA file', async () => {
    const { api, calls } = scriptedApi({ 'hub.join': { ok: true, value: joined } });
    const store = createHubStore(api);
    await store.getState().join({ url: ' postgres://alice@hub:5432/firebreak ', password: '', caFile: '  ' });
    await store.getState().join({ url: 'postgres://alice@hub:5432/firebreak', password: 's3cret', caFile: '/etc/ca.pem' });
    expect(calls.map((call) => call.input)).toEqual([
      { url: 'postgres://alice@hub:5432/firebreak' },
      { url: 'postgres://alice@hub:5432/firebreak', password: 's3cret', caFile: '/etc/ca.pem' },
    ]);
    expect(store.getState()).toMatchObject({ status: joined, busy: null, error: null });
  });

  it('keeps a refused join in the server words and the status as it was', async () => {
    const { api } = scriptedApi({ 'hub.status': { ok: true, value: notJoined }, 'hub.join': { ok: false, error: { code: 'unauthorized', message: 'the hub refused the password for this role' } } });
    const store = createHubStore(api);
    await store.getState().loadStatus();
    const result = await store.getState().join({ url: 'postgres://alice@hub/firebreak', password: 'wrong', caFile: '' });
    expect(result.ok).toBe(false);
    expect(store.getState()).toMatchObject({ status: notJoined, busy: null, error: 'the hub refused the password for this role' });
  });

  it('follows pushed statuses, and drops a poll answer that a pushed status overtook', async () => {
    let answer!: (value: unknown) => void;
    const { api } = scriptedApi({ 'hub.status': () => new Promise((resolve) => (answer = resolve)) as never });
    const store = createHubStore(api);
    const polled = store.getState().loadStatus();
    const offline = { ...joined, state: 'offline' as const, offlineSince: '2026-11-30T14:01:00.000Z', lastError: 'the hub at hub:5432 did not answer in time' };
    store.getState().handleEvent({ type: 'hub.status', status: offline });
    answer({ ok: true, value: joined });
    await polled;
    expect(store.getState().status).toEqual(offline);
  });

  it('shows pushing, pulling or a retry only when it lasts, so a routine round does not flicker', async () => {
    vi.useFakeTimers();
    try {
      const { api } = scriptedApi({});
      const store = createHubStore(api);
      const offline = { ...joined, state: 'offline' as const, offlineSince: '2026-11-30T14:01:00.000Z', lastError: 'the hub at hub:5432 refused the connection' };
      store.getState().handleEvent({ type: 'hub.status', status: joined });
      store.getState().handleEvent({ type: 'hub.status', status: { ...joined, state: 'pushing', toPush: 1 } });
      store.getState().handleEvent({ type: 'hub.status', status: { ...joined, state: 'pulling' } });
      await vi.advanceTimersByTimeAsync(100);
      expect(store.getState().status).toEqual(joined);
      store.getState().handleEvent({ type: 'hub.status', status: joined });
      await vi.advanceTimersByTimeAsync(5_000);
      expect(store.getState().status).toEqual(joined);
      // A retry that fails at once leaves "Offline since" in place.
      store.getState().handleEvent({ type: 'hub.status', status: offline });
      store.getState().handleEvent({ type: 'hub.status', status: { ...offline, state: 'connecting' } });
      await vi.advanceTimersByTimeAsync(50);
      expect(store.getState().status).toEqual(offline);
      store.getState().handleEvent({ type: 'hub.status', status: offline });
      await vi.advanceTimersByTimeAsync(5_000);
      expect(store.getState().status).toEqual(offline);
      // A long push shows.
      store.getState().handleEvent({ type: 'hub.status', status: { ...joined, state: 'pushing', toPush: 500 } });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(store.getState().status).toMatchObject({ state: 'pushing', toPush: 500 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('says the status is unknown when the console server does not answer, and recovers', async () => {
    const { api, answers } = scriptedApi({ 'hub.status': { ok: false, error: { code: 'io-error', message: 'The console server is not answering.' } } });
    const store = createHubStore(api);
    await store.getState().loadStatus();
    expect(store.getState().statusError).toBe('The console server is not answering.');
    answers['hub.status'] = { ok: true, value: joined };
    store.getState().handleEvent({ type: 'data.changed' });
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: joined, statusError: null }));
  });

  it('polls the status until stopped', async () => {
    vi.useFakeTimers();
    try {
      const { api, calls } = scriptedApi({ 'hub.status': { ok: true, value: notJoined } });
      const stop = pollHubStatus(createHubStore(api), 15_000);
      await vi.advanceTimersByTimeAsync(45_000);
      stop();
      await vi.advanceTimersByTimeAsync(45_000);
      expect(calls.filter((call) => call.name === 'hub.status')).toHaveLength(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('syncs now, shows the counts, and reads the status again', async () => {
    const { api, calls } = scriptedApi({ 'hub.sync': { ok: true, value: { pushed: 2, pulled: 5, pending: 0, waiting: 0, refused: [], incidents: [] } }, 'hub.status': { ok: true, value: joined } });
    const store = createHubStore(api);
    await store.getState().syncNow();
    expect(store.getState().lastSync).toMatchObject({ pushed: 2, pulled: 5 });
    await vi.waitFor(() => expect(calls.map((call) => call.name)).toEqual(['hub.sync', 'hub.status']));
  });

  it('reloads who is working an incident when that incident changes, and only one it shows', async () => {
    const { api, calls } = scriptedApi({ 'incident.presence': { ok: true, value: presence } });
    const store = createHubStore(api);
    await store.getState().loadPresence('INC-1');
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-2' });
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    await vi.waitFor(() => expect(calls.filter((call) => call.name === 'incident.presence').map((call) => call.input)).toEqual([{ id: 'INC-1' }, { id: 'INC-1' }]));
    expect(store.getState().presence['INC-1']).toEqual(presence);
  });
});
