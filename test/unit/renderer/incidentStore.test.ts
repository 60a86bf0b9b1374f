import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, PushedEvent } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { startServer, type RunningServer } from '../../../src-main/server/server';
import type { Api } from '../../../src-renderer/api/api';
import { createHttpApi } from '../../../src-renderer/api/httpApi';
import { createIncidentStore } from '../../../src-renderer/stores/incidentStore';
import { createUiStore, hashFromRoute, routeFromHash } from '../../../src-renderer/stores/uiStore';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

/** The renderer's store against the real services, as the IPC transport would reach them. */
function inProcessApi(t: TestContext): Api {
  return {
    transport: 'electron',
    call: async (name, input) => dispatch(t.ctx, name, input) as Envelope<never>,
    subscribe: () => () => {},
  };
}

describe('incident store', () => {
  let t: TestContext;
  beforeEach(() => {
    t = makeTestContext();
  });
  afterEach(() => t.close());

  it('declares, lists and follows an incident through its changes', async () => {
    const store = createIncidentStore(inProcessApi(t));
    await store.getState().loadMeta();
    expect(store.getState().activeSchemeId).toBe('p0-p3');
    expect(store.getState().schemes).toHaveLength(4);

    const declared = await store.getState().declare({ title: 'Leaked key', severity: 'P0' });
    if (!declared.ok) throw new Error(declared.error.message);
    expect(store.getState().incidents.map((incident) => incident.id)).toEqual([declared.value.id]);

    await store.getState().loadDetail(declared.value.id);
    expect(await store.getState().addNote(declared.value.id, 'revoked in IAM')).toMatchObject({ ok: true });
    expect(await store.getState().setStatus(declared.value.id, 'Contained')).toMatchObject({ ok: true });
    const detail = store.getState().details[declared.value.id]!;
    expect(detail.incident.status).toBe('Contained');
    expect(detail.timeline.map((entry) => entry.summary)).toEqual([
      'Declared P0 — Leaked key',
      'Checklist from playbook “Generic incident” (17 steps)',
      'revoked in IAM',
      'Status Active → Contained',
    ]);
    // Contained is still open; Resolved leaves the open list.
    await store.getState().setStatus(declared.value.id, 'Resolved');
    expect(store.getState().incidents).toEqual([]);
    await store.getState().setScope('all');
    expect(store.getState().incidents).toHaveLength(1);
  });

  it('hands field errors back to the form and keeps the list unchanged', async () => {
    const store = createIncidentStore(inProcessApi(t));
    const result = await store.getState().declare({ title: '   ', severity: 'P1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'title', message: 'must not be empty' }] } });
    expect(store.getState().incidents).toEqual([]);
  });

  it('remembers an unknown incident as an error the page can show', async () => {
    const store = createIncidentStore(inProcessApi(t));
    await store.getState().loadDetail('INC-20990101-000000');
    expect(store.getState().detailErrors['INC-20990101-000000']).toMatch(/^no incident INC-20990101-000000/);
  });

  it('raises one banner per breached incident and lets the responder dismiss it', () => {
    const store = createIncidentStore(inProcessApi(t));
    const breach: PushedEvent = { type: 'sla.breached', incidentId: 'INC-1', title: 'x', severity: 'P1', dueAt: '2026-11-23T15:15:02.000Z' };
    store.getState().handleEvent(breach);
    store.getState().handleEvent(breach);
    expect(store.getState().alerts).toHaveLength(1);
    store.getState().dismissAlert('INC-1');
    expect(store.getState().alerts).toEqual([]);
  });
});

describe('routes', () => {
  it('map to and from the URL hash so reload keeps the place', () => {
    expect(routeFromHash('#/incident/INC-20261123-141502-2')).toEqual({ name: 'incident', id: 'INC-20261123-141502-2' });
    expect(routeFromHash('#/')).toEqual({ name: 'dashboard' });
    expect(routeFromHash('#/incident/<script>')).toEqual({ name: 'dashboard' });
    expect(hashFromRoute({ name: 'incident', id: 'INC-1' })).toBe('#/incident/INC-1');
    expect(routeFromHash('#/incident/INC-1/evidence')).toEqual({ name: 'incident', id: 'INC-1', tab: 'evidence' });
    expect(hashFromRoute({ name: 'incident', id: 'INC-1', tab: 'evidence' })).toBe('#/incident/INC-1/evidence');
    const ui = createUiStore({ name: 'dashboard' });
    ui.getState().navigate({ name: 'incident', id: 'INC-1' });
    expect(ui.getState().route).toEqual({ name: 'incident', id: 'INC-1' });
  });
});

describe('HTTP Api', () => {
  let server: RunningServer;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-httpapi-'));
    server = await startServer({ dataDir, rendererDir: dataDir });
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const relativeFetch = (base: string): typeof fetch => (input, init) => fetch(`${base}${String(input)}`, init);

  it('calls operations with the token and receives pushed events', async () => {
    const api = createHttpApi(server.token, relativeFetch(`http://127.0.0.1:${server.port}`));
    const received: PushedEvent[] = [];
    const unsubscribe = api.subscribe((event) => received.push(event));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const declared = await api.call('incident.declare', { title: 'Over HTTP', severity: 'P2' });
    expect(declared).toMatchObject({ ok: true, value: { title: 'Over HTTP' } });
    for (let i = 0; i < 50 && received.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toContainEqual({ type: 'incident.changed', incidentId: declared.ok ? declared.value.id : '', incident: expect.objectContaining({ title: 'Over HTTP' }) });
    unsubscribe();
  });

  it('turns a wrong token and a dead server into messages a responder understands', async () => {
    const wrongToken = createHttpApi('nope', relativeFetch(`http://127.0.0.1:${server.port}`));
    expect(await wrongToken.call('incident.list', { scope: 'open' })).toMatchObject({ ok: false, error: { code: 'unauthorized', message: expect.stringContaining('open the link printed by firebreak serve') } });
    const dead = createHttpApi(server.token, relativeFetch('http://127.0.0.1:9'));
    expect(await dead.call('incident.list', { scope: 'open' })).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringContaining('not answering') } });
  });
});
