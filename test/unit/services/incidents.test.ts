import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentDetail } from '../../../src-main/contract';
import { dispatch, dispatchAsync } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const rowCount = (table: string) => t.ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('declaring an incident', () => {
  it('assigns an ID, starts the SLA of its severity and records the declaration', () => {
    const incident = call<Incident>('incident.declare', { title: 'AWS key in public repo', severity: 'p0', impact: { confidentiality: true, integrity: false, availability: false }, commander: 'Ana' });
    expect(incident).toMatchObject({
      id: 'INC-20261123-141502',
      severity: 'P0',
      severityLabel: 'Critical',
      status: 'Active',
      commander: 'Ana',
      sla: { responseMinutes: 15, dueAt: '2026-11-23T14:30:02.000Z', state: 'running', respondedAt: null },
    });
    const { timeline } = call<IncidentDetail>('incident.get', { id: incident.id });
    expect(timeline.map((entry) => entry.type)).toEqual(['incident.declared', 'checklist.snapshotted']);
    expect(timeline[1]!.summary).toBe('Checklist from playbook “Generic incident” (17 steps)');
    expect(timeline[0]).toMatchObject({ seq: 1, type: 'incident.declared', at: '2026-11-23T14:15:02.000Z', deviceId: t.ctx.deviceId, summary: 'Declared P0 — AWS key in public repo' });
    expect(t.events).toContainEqual({ type: 'incident.changed', incidentId: incident.id });
  });

  it('uses the active scheme from settings and the responder name as default commander', () => {
    call('settings.update', { activeSchemeId: 'sev-1-4', responderName: 'Ana Responder' });
    const incident = call<Incident>('incident.declare', { title: 'DDoS', severity: 'SEV-2' });
    expect(incident).toMatchObject({ schemeId: 'sev-1-4', severity: 'SEV-2', commander: 'Ana Responder', sla: { responseMinutes: 60 } });
    expect(call<IncidentDetail>('incident.get', { id: incident.id }).timeline[0]!.actor).toBe('Ana Responder');
  });

  it('writes nothing for bad input, and says what was wrong', () => {
    const cases: [unknown, string][] = [
      [{ title: '', severity: 'P1' }, 'title must not be empty'],
      [{ title: 'x', severity: 'P9' }, "unknown severity 'P9'"],
      [{ title: 'x'.repeat(1_048_576), severity: 'P1' }, 'title must be at most 200 characters'],
      [{ title: 'caf\uFFFD', severity: 'P1' }, 'title is not valid UTF-8 text'],
    ];
    for (const [input, message] of cases) {
      const result = dispatch(t.ctx, 'incident.declare', input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-input');
        expect(result.error.message).toContain(message);
      }
    }
    expect(rowCount('incidents')).toBe(0);
    expect(rowCount('events')).toBe(0);
  });

  it('refuses a long-running operation on the synchronous path before it starts', async () => {
    const file = `${t.dataDir}/suspect.bin`;
    fs.writeFileSync(file, 'x');
    expect(dispatch(t.ctx, 'quarantine.add', { file })).toMatchObject({ ok: false, error: { message: "operation 'quarantine.add' is long-running: call it through dispatchAsync" } });
    expect(fs.existsSync(file)).toBe(true);
    expect(await dispatchAsync(t.ctx, 'quarantine.add', { file })).toMatchObject({ ok: true, value: { originalPath: file } });
  });

  it('refuses an unknown operation and a missing incident with their own codes', () => {
    expect(dispatch(t.ctx, 'incident.explode', {})).toMatchObject({ ok: false, error: { code: 'not-found', message: "unknown operation 'incident.explode'" } });
    expect(dispatch(t.ctx, 'incident.get', { id: 'INC-20990101-000000' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(dispatch(t.ctx, 'incident.get', { id: '../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('working an incident', () => {
  it('recomputes the SLA from the declaration time when severity changes', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Vuln report', severity: 'P3' });
    t.advance(10 * 60_000);
    const raised = call<Incident>('incident.setSeverity', { id, severity: 'P1', reason: 'exploit published' });
    expect(raised.sla.dueAt).toBe('2026-11-23T15:15:02.000Z');
    t.advance(60 * 60_000);
    expect(call<IncidentDetail>('incident.get', { id }).incident.sla.state).toBe('overdue');
    expect(call<IncidentDetail>('incident.get', { id }).timeline[2]!.summary).toBe('Severity P3 → P1: exploit published');
  });

  it('moves status forward, each transition on the timeline; only the acknowledgement stops the SLA', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Brute force', severity: 'P1' });
    t.advance(5 * 60_000);
    expect(call<Incident>('incident.setStatus', { id, status: 'Contained', note: 'IP blocked' }).sla).toMatchObject({ state: 'running', respondedAt: null });
    expect(call<Incident>('incident.acknowledge', { id }).sla).toMatchObject({ state: 'met', respondedAt: '2026-11-23T14:20:02.000Z' });
    t.advance(5 * 60_000);
    call('incident.setStatus', { id, status: 'Resolved' });
    const back = dispatch(t.ctx, 'incident.setStatus', { id, status: 'Active' });
    expect(back).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('needs a reason') } });
    call('incident.setStatus', { id, status: 'Closed' });
    const summaries = call<IncidentDetail>('incident.get', { id }).timeline.filter((entry) => entry.type !== 'checklist.snapshotted').map((entry) => entry.summary);
    expect(summaries).toEqual(['Declared P1 — Brute force', 'Status Active → Contained: IP blocked', 'Acknowledged: the response SLA stops', 'Status Contained → Resolved', 'Status Resolved → Closed']);
  });

  it('keeps every note in order with who and when', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Leak', severity: 'P2' });
    for (let i = 1; i <= 3; i += 1) {
      t.advance(1_000);
      call('incident.addNote', { id, text: `note ${i}` });
    }
    call('incident.setCommander', { id, commander: 'Bob' });
    const { timeline, incident } = call<IncidentDetail>('incident.get', { id });
    expect(incident.commander).toBe('Bob');
    expect(timeline.map((entry) => [entry.seq, entry.summary, entry.at])).toEqual([
      [1, 'Declared P2 — Leak', '2026-11-23T14:15:02.000Z'],
      [2, 'Checklist from playbook “Generic incident” (17 steps)', '2026-11-23T14:15:02.000Z'],
      [3, 'note 1', '2026-11-23T14:15:03.000Z'],
      [4, 'note 2', '2026-11-23T14:15:04.000Z'],
      [5, 'note 3', '2026-11-23T14:15:05.000Z'],
      [6, expect.stringMatching(/^Commander .* → Bob$/), '2026-11-23T14:15:05.000Z'],
    ]);
  });

  it('lists open incidents most urgent first: overdue, then least time left, then responded ones', () => {
    call<Incident>('incident.declare', { title: 'low', severity: 'P3' });
    const contained = call<Incident>('incident.declare', { title: 'contained', severity: 'P0' });
    call('incident.acknowledge', { id: contained.id });
    call('incident.setStatus', { id: contained.id, status: 'Contained' });
    call<Incident>('incident.declare', { title: 'critical', severity: 'P0' });
    t.advance(20 * 60_000);
    call<Incident>('incident.declare', { title: 'high', severity: 'P1' });
    const resolved = call<Incident>('incident.declare', { title: 'resolved', severity: 'P2' });
    call('incident.setStatus', { id: resolved.id, status: 'Resolved' });
    const open = call<{ incidents: Incident[] }>('incident.list', { scope: 'open' }).incidents;
    expect(open.map((incident) => incident.title)).toEqual(['critical', 'high', 'low', 'contained']);
    expect(open[0]!.sla.state).toBe('overdue');
    expect(new Set(open.map((incident) => incident.id)).size).toBe(4);
    expect(call<{ incidents: Incident[] }>('incident.list', { scope: 'all' }).incidents.map((incident) => incident.id)).toContain(resolved.id);
  });
});
