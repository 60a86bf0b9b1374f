import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, Incident, OperationName } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { sendingIncidentSummaries } from '../../../src-main/services/incidents/changeSummaries';
import type { Api } from '../../../src-renderer/api/api';
import { createIncidentStore, type IncidentStore } from '../../../src-renderer/stores/incidentStore';
import { firstListInput } from '../../../src-renderer/stores/listRequests';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

/** The store against the real services with more incidents and entries than a page holds, counting what it asks. */
describe('incident store paging', () => {
  const count = 450;
  let t: TestContext;
  let calls: { name: OperationName; input: Record<string, unknown> }[];
  let store: IncidentStore;
  let busy: string;
  const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const asked = (name: OperationName) => calls.filter((call) => call.name === name);

  beforeAll(() => {
    t = makeTestContext();
    t.ctx.db.pragma('synchronous = OFF');
    for (let i = 0; i < count; i += 1) callOk(t, 'incident.declare', { title: `Seeded ${i} on host-${i}`, severity: ['P0', 'P1', 'P2', 'P3'][i % 4] });
    busy = callOk<Incident>(t, 'incident.declare', { title: 'Busy incident', severity: 'P1' }).id;
    callOk(t, 'comms.markSent', { incidentId: busy, templateId: 'status-update', body: 'First update', channel: '#inc-busy' });
    for (let i = 0; i < 450; i += 1) callOk(t, 'incident.addNote', { id: busy, text: `note ${i}` });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    calls = [];
    const api: Api = {
      transport: 'http',
      call: async (name, input) => {
        calls.push({ name, input: input as Record<string, unknown> });
        return dispatch(t.ctx, name, input) as Envelope<never>;
      },
      subscribe: () => () => {},
    };
    store = createIncidentStore(api);
    t.ctx.emit = sendingIncidentSummaries(() => t.ctx, (event) => store.getState().handleEvent(event));
  });

  it('pages the All view by 200, counts every row and loads further pages as asked', async () => {
    await store.getState().setScope('all');
    expect(store.getState()).toMatchObject({ paged: true, total: count + 1 });
    expect(store.getState().incidents).toHaveLength(200);
    await store.getState().loadMore(420);
    expect(store.getState().incidents.length).toBeGreaterThan(420);
    await store.getState().loadMore(count);
    const all = callOk<{ incidents: Incident[] }>(t, 'incident.list', { scope: 'all' }).incidents.map((incident) => incident.id);
    expect(store.getState().incidents.map((incident) => incident.id)).toEqual(all);
    expect(store.getState().nextCursor).toBeNull();
    expect(asked('incident.list').every((call) => call.input.limit !== undefined)).toBe(true);
  });

  it('searches a paged list on the server', async () => {
    await store.getState().setScope('all');
    await store.getState().setListText('host-7');
    // host-7 and host-70 to host-79, and host-700… does not exist.
    expect(store.getState().total).toBe(11);
    expect(store.getState().incidents.map((incident) => incident.title).sort()).toContain('Seeded 7 on host-7');
    expect(asked('incident.list').at(-1)?.input).toMatchObject({ scope: 'all', text: 'host-7' });
  });

  it('loads the open view whole while it is small, and searches it in the console', async () => {
    await store.getState().loadList();
    // The same request main.tsx sends before the console's script loads, so that one answers it.
    expect(JSON.stringify(asked('incident.list')[0]?.input)).toBe(JSON.stringify(firstListInput));
    expect(store.getState()).toMatchObject({ paged: false, nextCursor: null });
    expect(store.getState().incidents).toHaveLength(count + 1);
    await store.getState().setListText('host-7');
    expect(asked('incident.list')).toHaveLength(1);
  });

  it('opens a busy incident with its newest entries, older ones a page at a time, new ones alone', async () => {
    await store.getState().loadDetail(busy);
    const detail = () => store.getState().details[busy]!;
    expect(detail().timeline).toHaveLength(200);
    expect(detail().timeline.at(-1)?.summary).toBe('note 449');
    expect(detail().timelineTotal).toBe(453);
    await store.getState().loadOlder(busy);
    expect(detail().timeline).toHaveLength(400);
    expect(detail().timeline[0]?.summary).toBe('note 50');
    calls = [];
    callOk(t, 'incident.addNote', { id: busy, text: 'one more' });
    await tick();
    callOk(t, 'incident.addNote', { id: busy, text: 'and another' });
    await tick();
    await tick();
    expect(detail().timeline.slice(-2).map((entry) => entry.summary)).toEqual(['one more', 'and another']);
    expect(detail().timeline).toHaveLength(402);
    expect(calls.map((call) => call.name)).toEqual(['incident.timeline', 'incident.timeline']);
    // The second asks only for what came after the first.
    expect(calls[1]?.input.after).toEqual(expect.any(String));
  });

  it('finds the last message sent further back than the entries held, without holding them', async () => {
    await store.getState().loadDetail(busy);
    expect(store.getState().details[busy]!.timeline.some((entry) => entry.type === 'comms.sent')).toBe(false);
    const found = await store.getState().findOlderEntry(busy, 'comms.sent');
    expect(found?.payload).toMatchObject({ channel: '#inc-busy' });
    expect(store.getState().details[busy]!.timeline).toHaveLength(200);
  });

  it('reads the incident again when more was added than a page holds', async () => {
    await store.getState().loadDetail(busy);
    const quiet = store.getState();
    t.ctx.emit = () => {};
    for (let i = 0; i < 250; i += 1) callOk(t, 'incident.addNote', { id: busy, text: `burst ${i}` });
    calls = [];
    await quiet.refreshDetail(busy);
    expect(calls.map((call) => call.name)).toEqual(['incident.timeline', 'incident.get']);
    expect(store.getState().details[busy]!.timeline.at(-1)?.summary).toBe('burst 249');
    expect(store.getState().details[busy]!.timeline).toHaveLength(200);
  });
});
