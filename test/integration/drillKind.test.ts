import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncidentInput, type ExportedBundle, type Incident, type IncidentDetail, type IncidentPage, type RenderedReport, type RenderedTemplate, type Reminder, type VerifyResult } from '../../src-main/contract';
import { dispatch, dispatchAsync } from '../../src-main/services/dispatch';
import { settleDueWork } from '../../src-main/services/escalations/dueWork';
import { declareIncident, type DeclareOptions } from '../../src-main/services/incidents/incidents';
import { appendEvent, listEvents } from '../../src-main/store/eventLog';
import { runCli } from '../support/cli';
import { callOk, checkDue, makeTestContext, type TestContext } from '../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const minutes = (n: number) => n * 60_000;
const ids = (incidents: readonly Incident[]) => incidents.map((incident) => incident.id).sort();
const list = (input: Record<string, unknown>) => call<IncidentPage>('incident.list', input);

function declareDrill(title: string, severity: string, within?: DeclareOptions['within']): Incident {
  const incident = declareIncident(t.ctx, declareIncidentInput.parse({ title, severity }), { kind: 'drill', within });
  // Incident ids are per second: the next declaration gets its own.
  t.advance(1_000);
  return incident;
}
function declareReal(title: string, severity: string): Incident {
  const incident = call<Incident>('incident.declare', { title, severity });
  t.advance(1_000);
  return incident;
}

/** Real and drill incidents side by side; the drills are overdue and unacknowledged on purpose. */
function mixed() {
  const realOpen = declareReal('Leaked deploy key', 'P1');
  const realClosed = declareReal('Leaked test key', 'P2');
  call('incident.setStatus', { id: realClosed.id, status: 'Closed' });
  const realAcked = declareReal('Phishing wave', 'P0');
  call('incident.acknowledge', { id: realAcked.id });
  const drillOpen = declareDrill('Leaked deploy key (tabletop)', 'P0');
  const drillP1 = declareDrill('Ransomware on build server', 'P1');
  const drillClosed = declareDrill('Malicious package', 'P1');
  call('incident.setStatus', { id: drillClosed.id, status: 'Closed' });
  return { realOpen, realClosed, realAcked, drillOpen, drillP1, drillClosed, real: [realOpen, realClosed, realAcked], drills: [drillOpen, drillP1, drillClosed] };
}

describe('drill incidents beside real ones', () => {
  it('lists, counts, filters and pages real and drill incidents apart', () => {
    const m = mixed();
    expect(list({}).incidents.map((incident) => incident.kind)).toEqual(['real', 'real']);
    expect(list({})).toMatchObject({ total: 2 });
    expect(ids(list({}).incidents)).toEqual(ids([m.realOpen, m.realAcked]));
    expect(ids(list({ scope: 'all' }).incidents)).toEqual(ids(m.real));
    expect(list({ scope: 'all' }).total).toBe(3);

    expect(ids(list({ kind: 'drill' }).incidents)).toEqual(ids([m.drillOpen, m.drillP1]));
    expect(list({ kind: 'drill', scope: 'all' })).toMatchObject({ total: 3 });
    expect(list({ kind: 'drill', scope: 'all' }).incidents.every((incident) => incident.kind === 'drill')).toBe(true);

    // A filter both kinds match returns only the kind asked for.
    expect(ids(list({ scope: 'all', text: 'leaked deploy' }).incidents)).toEqual([m.realOpen.id]);
    expect(ids(list({ scope: 'all', text: 'leaked deploy', kind: 'drill' }).incidents)).toEqual([m.drillOpen.id]);
    expect(list({ scope: 'all', severity: ['P1'] })).toMatchObject({ total: 1, incidents: [{ id: m.realOpen.id }] });
    expect(list({ scope: 'all', severity: ['P1'], kind: 'drill' }).total).toBe(2);
    expect(list({ scope: 'all', status: ['Closed'] })).toMatchObject({ total: 1, incidents: [{ id: m.realClosed.id }] });
    expect(list({ scope: 'all', declaredFrom: m.drillOpen.declaredAt })).toMatchObject({ total: 0, incidents: [] });

    // One row a page: every page and its total hold one kind only, through both urgency segments.
    for (const kind of ['real', 'drill'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: IncidentPage = list({ scope: 'all', kind, limit: 1, ...(cursor ? { cursor } : {}) });
        expect(page.total).toBe(3);
        seen.push(...page.incidents.map((incident) => incident.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(ids(kind === 'real' ? m.real : m.drills));
    }
    expect(dispatch(t.ctx, 'incident.list', { kind: 'tabletop' })).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'kind', message: 'must be real or drill' }] } });
  });

  it('raises no SLA breach, escalation or update reminder for a drill, however late the clock, and still does for the real one', () => {
    // The index is built first (as by a running console), so each declaration enters it by its own write.
    settleDueWork(t.ctx);
    const m = mixed();
    // Nothing of a drill enters the due-time index: it is read before anything has come due.
    settleDueWork(t.ctx);
    const indexed = t.ctx.db.prepare<[], string>("SELECT DISTINCT incident_id FROM due_work WHERE kind <> 'stale'").pluck().all();
    expect(indexed.sort()).toEqual(ids([m.realOpen, m.realAcked]));
    // A message sent sets when the next one is due: a real incident gets an update reminder from that, a drill never.
    for (const incident of [m.drillOpen, m.realOpen]) call('comms.markSent', { incidentId: incident.id, templateId: 'status-update', body: 'We are on it.', channel: '#inc' });
    t.advance(minutes(3 * 24 * 60));
    const due = checkDue(t.ctx);
    expect(due.breached).toEqual([m.realOpen.id]);
    expect(due.steps.length).toBeGreaterThan(0);
    expect(due.updates).toEqual(['next-update']);

    const pushed = t.events.filter((event) => event.type === 'sla.breached' || event.type === 'escalation.due');
    expect(pushed.length).toBeGreaterThan(0);
    const about = pushed.map((event) => (event.type === 'sla.breached' ? event.incidentId : event.type === 'escalation.due' ? event.reminder.incidentId : ''));
    expect(new Set(about)).toEqual(new Set([m.realOpen.id, m.realAcked.id]));

    const reminders = call<{ reminders: Reminder[]; total: number }>('reminders.list', { scope: 'all' });
    expect(new Set(reminders.reminders.map((reminder) => reminder.incidentId))).toEqual(new Set([m.realOpen.id, m.realAcked.id]));
    expect(reminders.total).toBe(reminders.reminders.length);
    expect(call<{ reminders: Reminder[]; total: number }>('reminders.list', { scope: 'all', id: m.drillOpen.id })).toEqual({ reminders: [], total: 0 });

    for (const drill of m.drills) {
      const types = call<IncidentDetail>('incident.get', { id: drill.id }).timeline.map((entry) => entry.type);
      expect(types).not.toContain('sla.breached');
      expect(types).not.toContain('escalation.due');
    }
    // The drill's own view still shows its (facilitator-clock) SLA, and names no escalation to raise.
    expect(call<IncidentDetail>('incident.get', { id: m.drillOpen.id }).incident).toMatchObject({ kind: 'drill', sla: { state: 'overdue' }, nextEscalation: null });
  });

  it('records the kind in the declaration of a drill only, runs `within` in its transaction, and verifies both kinds', () => {
    const seen: { id: string; kind: string; actor: string }[] = [];
    const drill = declareDrill('Prompt injection leak', 'P2', (state, event) => {
      seen.push({ id: event.incidentId, kind: state.kind, actor: event.actor });
      appendEvent(t.ctx.db, { ...event, type: 'drill.started', payload: { drillId: 'prompt-injection-leak' } });
    });
    const real = declareReal('Prompt injection in support bot', 'P2');
    expect(seen).toEqual([{ id: drill.id, kind: 'drill', actor: expect.any(String) }]);

    const drillEvents = listEvents(t.ctx.db, drill.id);
    expect(drillEvents.map((event) => event.type)).toEqual(['incident.declared', 'checklist.snapshotted', 'drill.started']);
    expect(drillEvents[0]!.payload.kind).toBe('drill');
    expect('kind' in listEvents(t.ctx.db, real.id)[0]!.payload).toBe(false);

    for (const id of [drill.id, real.id]) expect(call<VerifyResult>('incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
    // The stored kind is checked against the chain like every other replayed field.
    t.ctx.db.prepare("UPDATE incidents SET kind = 'real' WHERE id = ?").run(drill.id);
    expect(call<VerifyResult>('incident.verify', { id: drill.id })).toMatchObject({ intact: false, mismatches: [{ record: 'incident', message: expect.stringContaining('kind') }] });
  });

  it('leaves nothing behind when `within` fails', () => {
    expect(() =>
      declareDrill('Broken start', 'P1', () => {
        throw new Error('scenario snapshot failed');
      }),
    ).toThrow('scenario snapshot failed');
    expect(list({ kind: 'drill', scope: 'all' }).total).toBe(0);
    expect(t.ctx.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
    expect(t.events).toEqual([]);
  });

  it('marks a drill on its reports and messages and refuses to share it with the hub', async () => {
    const drill = declareDrill('SQL injection in production', 'P1');
    const real = declareReal('SQL injection in staging', 'P1');
    const message = (id: string) => call<RenderedTemplate>('template.render', { incidentId: id, templateId: 'status-update' });
    expect(message(drill.id).body.split('\n')[0]).toBe('DRILL: a tabletop exercise, not a real incident.');
    expect(message(real.id).body).not.toContain('DRILL');
    expect(call<IncidentDetail>('incident.get', { id: real.id }).incident.nextEscalation).not.toBeNull();
    for (const kind of ['incident', 'postmortem']) {
      const drillReport = call<RenderedReport>('report.render', { id: drill.id, kind }).markdown;
      expect(drillReport.split('\n')[0]).toBe('**DRILL** — a tabletop exercise, not a real incident.');
      expect(call<RenderedReport>('report.render', { id: real.id, kind }).markdown).not.toContain('DRILL');
    }
    await expect(dispatchAsync(t.ctx, 'hub.sync', { incidentId: drill.id })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: `${drill.id} is a drill: drill incidents stay on this laptop and are never shared with the hub` },
    });
  });

  it('keeps a drill a drill through a bundle to another laptop, and out of its real list', async () => {
    const drill = declareDrill('Cross-user data', 'P1');
    const file = path.join(t.dataDir, 'drill-bundle.json');
    const exported = await dispatchAsync(t.ctx, 'incident.export', { id: drill.id, file });
    if (!exported.ok) throw new Error(exported.error.message);
    const other = makeTestContext(t.ctx.clock().toISOString());
    try {
      const imported = await dispatchAsync(other.ctx, 'incident.import', { file, trustedKeys: [(exported.value as ExportedBundle).keyFingerprint] });
      expect(imported).toMatchObject({ ok: true, value: { incidentId: drill.id } });
      expect(callOk<IncidentDetail>(other, 'incident.get', { id: drill.id }).incident.kind).toBe('drill');
      expect(callOk<IncidentPage>(other, 'incident.list', { scope: 'all' }).total).toBe(0);
      expect(callOk<VerifyResult>(other, 'incident.verify', { id: drill.id })).toMatchObject({ intact: true, mismatches: [] });
    } finally {
      other.close();
    }
  });

  it('keeps drills out of `incident list` on the command line, and `incident show` says DRILL', () => {
    const m = mixed();
    // The CLI is another process on the same database, as beside a running console.
    const open = runCli(t.dataDir, ['incident', 'list', '--json']);
    expect(open.status).toBe(0);
    expect(ids(open.json.value.incidents)).toEqual(ids([m.realOpen, m.realAcked]));
    expect(open.json.value.total).toBe(2);
    const all = runCli(t.dataDir, ['incident', 'list', '--all', '--json']).json.value;
    expect(ids(all.incidents)).toEqual(ids(m.real));
    const table = runCli(t.dataDir, ['incident', 'list', '--all']).stdout;
    for (const drill of m.drills) expect(table).not.toContain(drill.id);

    const shown = runCli(t.dataDir, ['incident', 'show', m.drillOpen.id]);
    expect(shown.status).toBe(0);
    expect(shown.stdout.split('\n')[0]).toBe('DRILL: a tabletop exercise, not a real incident');
    expect(runCli(t.dataDir, ['incident', 'show', m.realOpen.id]).stdout).not.toContain('DRILL');
  });
});
