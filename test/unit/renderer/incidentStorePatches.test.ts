import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, Incident, IncidentPage, OperationName, PushedEvent } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { sendingIncidentSummaries } from '../../../src-main/services/incidents/changeSummaries';
import type { Api } from '../../../src-renderer/api/api';
import { createIncidentStore, type IncidentStore } from '../../../src-renderer/stores/incidentStore';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

/**
 * The store against the real services, counting what it asks for; the changes another window or the
 * CLI makes reach it as the server pushes them (with the incident), so a change costs no list request.
 */
describe('incident store applying pushed changes', () => {
  let t: TestContext;
  let calls: OperationName[];
  let store: IncidentStore;
  let diskFull: string;
  const listCalls = () => calls.filter((name) => name === 'incident.list').length;
  const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const serverOrder = (scope: 'open' | 'all') => callOk<{ incidents: Incident[] }>(t, 'incident.list', { scope }).incidents.map((incident) => incident.id);
  const shownOrder = () => store.getState().incidents.map((incident) => incident.id);
  const declare = (title: string, severity: string) => callOk<Incident>(t, 'incident.declare', { title, severity }).id;

  beforeEach(async () => {
    t = makeTestContext();
    calls = [];
    const api: Api = {
      transport: 'http',
      call: async (name, input) => {
        calls.push(name);
        return dispatch(t.ctx, name, input) as Envelope<never>;
      },
      subscribe: () => () => {},
    };
    store = createIncidentStore(api);
    t.ctx.emit = sendingIncidentSummaries(() => t.ctx, (event) => store.getState().handleEvent(event));
    declare('Database down', 'P1');
    const acknowledged = declare('Phishing wave', 'P2');
    callOk(t, 'incident.acknowledge', { id: acknowledged });
    t.advance(60_000);
    diskFull = declare('Disk full', 'P3');
    declare('Key leaked', 'P0');
    await tick();
    await store.getState().loadList();
    calls = [];
  });
  afterEach(() => t.close());

  it('patches a changed row in place and moves it where the server lists it, without asking for the list', async () => {
    const [first] = serverOrder('open');
    callOk(t, 'incident.setCommander', { id: first, commander: 'dana' });
    await tick();
    expect(store.getState().incidents.find((incident) => incident.id === first)?.commander).toBe('dana');
    expect(shownOrder()).toEqual(serverOrder('open'));
    // A severity change moves the row: a P0's response is due sooner than a P3's.
    const before = shownOrder().indexOf(diskFull);
    callOk(t, 'incident.setSeverity', { id: diskFull, severity: 'P0' });
    await tick();
    expect(shownOrder()).toEqual(serverOrder('open'));
    expect(shownOrder().indexOf(diskFull)).toBeLessThan(before);
    expect(listCalls()).toBe(0);
  });

  it('drops a resolved incident from the open list and keeps it, moved, in the all list', async () => {
    const [first] = serverOrder('open');
    callOk(t, 'incident.setStatus', { id: first, status: 'Resolved' });
    await tick();
    expect(shownOrder()).not.toContain(first);
    expect(shownOrder()).toEqual(serverOrder('open'));
    await store.getState().setScope('all');
    callOk(t, 'incident.setStatus', { id: first, status: 'Closed' });
    await tick();
    expect(shownOrder()).toContain(first);
    expect(shownOrder()).toEqual(serverOrder('all'));
    expect(listCalls()).toBe(1); // the scope change only
  });

  it('places an incident declared elsewhere where the server lists it', async () => {
    t.advance(60_000);
    const fresh = declare('Certificate expired', 'P2');
    await tick();
    expect(shownOrder()).toContain(fresh);
    expect(shownOrder()).toEqual(serverOrder('open'));
    expect(listCalls()).toBe(0);
  });

  it('patches the open incident\'s header at once and asks only for the timeline entries added', async () => {
    const [first] = serverOrder('open');
    await store.getState().loadDetail(first!);
    calls = [];
    callOk(t, 'incident.setStatus', { id: first, status: 'Contained' });
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState().details[first!]?.incident.status).toBe('Contained');
    await tick();
    expect(calls).toEqual(['incident.timeline']);
    expect(store.getState().details[first!]?.timeline.at(-1)?.summary).toBe('Status Active → Contained');
  });

  it('asks for the list when a change comes without the incident', async () => {
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-20990101-000000' });
    await tick();
    expect(listCalls()).toBe(1);
  });

  it('changes made from the console cost no list request', async () => {
    const [first] = serverOrder('open');
    expect(await store.getState().setStatus(first!, 'Resolved')).toMatchObject({ ok: true });
    expect(shownOrder()).not.toContain(first);
    const declared = await store.getState().declare({ title: 'From the dialog', severity: 'P1' });
    expect(shownOrder()).toContain(declared.ok && declared.value.id);
    await tick();
    expect(shownOrder()).toEqual(serverOrder('open'));
    expect(listCalls()).toBe(0);
  });
});

describe('a change pushed while the list loads', () => {
  it('is applied on the answer, which may predate it', async () => {
    const incident = (id: string, title: string): Incident =>
      ({
        id,
        title,
        status: 'Active',
        severityRank: 1,
        declaredAt: '2026-11-23T14:00:00.000Z',
        sla: { responseMinutes: 30, dueAt: '2026-11-23T14:30:00.000Z', respondedAt: '2026-11-23T14:05:00.000Z', state: 'met' },
      }) as Incident;
    let answer: (value: Envelope<IncidentPage>) => void = () => {};
    const api = {
      transport: 'http',
      call: (name: string) => (name === 'incident.list' ? new Promise((resolve) => (answer = resolve)) : Promise.resolve({ ok: true, value: { reminders: [], total: 0 } })),
      subscribe: () => () => {},
    } as unknown as Api;
    const store = createIncidentStore(api);
    const loading = store.getState().loadList();
    const pushed: PushedEvent = { type: 'incident.changed', incidentId: 'INC-2', incident: incident('INC-2', 'renamed') };
    store.getState().handleEvent(pushed);
    answer({ ok: true, value: { incidents: [incident('INC-1', 'one'), incident('INC-2', 'old')], total: 2, nextCursor: null } });
    await loading;
    expect(store.getState().incidents.map((row) => row.title)).toEqual(['one', 'renamed']);
  });
});
