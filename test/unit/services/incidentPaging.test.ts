import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentPage } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { compareUrgency } from '../../../src-main/services/incidents/incidentView';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-11-23T08:00:00.000Z');
  t.ctx.db.pragma('synchronous = OFF'); // many declarations; durability is not what is tested
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const minute = 60_000;

function declare(title: string, severity: string, then: ('ack' | 'contain' | 'resolve' | 'close')[] = []): Incident {
  let incident = call<Incident>('incident.declare', { title, severity });
  for (const step of then) {
    if (step === 'ack') incident = call<Incident>('incident.acknowledge', { id: incident.id });
    else incident = call<Incident>('incident.setStatus', { id: incident.id, status: { contain: 'Contained', resolve: 'Resolved', close: 'Closed' }[step] });
  }
  return incident;
}

/**
 * Two schemes, every severity, incidents waiting on their SLA (running and overdue, Active and
 * Contained), acknowledged, resolved and closed ones; several declared in the same second (same
 * declared time, ids with -2, -10 suffixes) and several due at the same moment.
 */
function seedMixed(): void {
  const p = ['P0', 'P1', 'P2', 'P3'];
  for (let round = 0; round < 6; round += 1) {
    for (let i = 0; i < 12; i += 1) {
      const fate: ('ack' | 'contain' | 'resolve' | 'close')[][] = [[], ['ack'], ['close'], ['ack', 'close'], ['contain'], ['resolve'], ['ack', 'contain'], []];
      declare(`Round ${round} incident ${i}`, p[(i + round) % 4]!, fate[(i + round) % fate.length]);
    }
    t.advance(45 * minute); // a P0 declared now is due with a P1 declared 45 minutes ago
  }
  call('settings.update', { activeSchemeId: 'sev-1-4' });
  for (let i = 0; i < 14; i += 1) declare(`Sev scheme ${i}`, `SEV-${(i % 4) + 1}`, i % 3 === 0 ? ['ack'] : i % 5 === 0 ? ['close'] : []);
  t.advance(7 * minute);
  for (let i = 0; i < 5; i += 1) declare(`Same second ${i}`, i % 2 ? 'SEV-2' : 'SEV-1');
  t.advance(90 * minute); // some of it overdue, some still running
}

function walk(input: Record<string, unknown>, limit: number, between?: (page: number) => void): { incidents: Incident[]; totals: number[] } {
  const incidents: Incident[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10_000; page += 1) {
    const result = call<IncidentPage>('incident.list', { ...input, limit, ...(cursor && { cursor }) });
    expect(result.incidents.length).toBeLessThanOrEqual(limit);
    incidents.push(...result.incidents);
    totals.push(result.total);
    if (result.nextCursor === null) return { incidents, totals };
    expect(result.incidents).toHaveLength(limit);
    cursor = result.nextCursor;
    between?.(page);
  }
  throw new Error('paging never ended');
}

const ids = (incidents: Incident[]) => incidents.map((incident) => incident.id);

describe('paging the incident list', () => {
  it('returns every row exactly once, in compareUrgency order, whatever the page size', () => {
    seedMixed();
    for (const scope of ['all', 'open'] as const) {
      const whole = call<IncidentPage>('incident.list', { scope });
      expect(whole.nextCursor).toBeNull();
      expect(whole.total).toBe(whole.incidents.length);
      const sorted = [...whole.incidents].sort((a, b) => compareUrgency(a, b, t.ctx.clock()));
      expect(ids(whole.incidents)).toEqual(ids(sorted));
      // The seed holds what the order has to get right: both schemes, every SLA state, ties.
      const states = new Set(whole.incidents.map((incident) => incident.sla.state));
      if (scope === 'all') expect([...states].sort()).toEqual(['met', 'never-acknowledged', 'overdue', 'running']);
      expect(new Set(whole.incidents.map((incident) => incident.schemeId))).toEqual(new Set(['p0-p3', 'sev-1-4']));
      const declaredTwice = whole.incidents.filter((incident, _, all) => all.filter((other) => other.declaredAt === incident.declaredAt).length > 1);
      expect(declaredTwice.length).toBeGreaterThan(4);
      const dueTwice = whole.incidents.filter((incident, _, all) => incident.sla.state === 'overdue' && all.filter((other) => other.sla.dueAt === incident.sla.dueAt && other.sla.state === incident.sla.state).length > 1);
      expect(dueTwice.length).toBeGreaterThan(2);

      for (const limit of [1, 2, 3, 7, 50, 1000]) {
        const paged = walk({ scope }, limit);
        expect(ids(paged.incidents), `${scope}, pages of ${limit}`).toEqual(ids(whole.incidents));
        expect(new Set(paged.totals)).toEqual(new Set([whole.total]));
      }
      // A page's rows are the same Incidents as the whole list's, progress included.
      expect(walk({ scope }, 7).incidents).toEqual(whole.incidents);
    }
  }, 60_000);

  it('never shows a row twice or skips one that existed when paging started, while incidents are declared', () => {
    seedMixed();
    const before = call<IncidentPage>('incident.list', { scope: 'all' });
    const added: string[] = [];
    const paged = walk({ scope: 'all' }, 4, (page) => {
      // More urgent than the cursor (a P0 due soonest among the running ones, an acknowledged P0 at the top of
      // its rank) and less (a P3 due in a day, an acknowledged P3 far below).
      added.push(declare(`Arrived during page ${page}`, page % 2 ? 'SEV-1' : 'SEV-4').id);
      added.push(declare(`Arrived and acknowledged during page ${page}`, page % 2 ? 'SEV-4' : 'SEV-1', ['ack']).id);
      t.advance(1_000);
    });
    const seen = ids(paged.incidents);
    expect(new Set(seen).size).toBe(seen.length);
    const original = ids(before.incidents);
    expect(seen.filter((id) => original.includes(id))).toEqual(original);
    // Those declared below the cursor showed up; those above it did not, and nothing else did.
    expect(seen.every((id) => original.includes(id) || added.includes(id))).toBe(true);
    expect(seen.length).toBeGreaterThan(original.length);
    expect(seen.length).toBeLessThan(original.length + added.length);
  });

  it('filters by text, status, severity and declaration time in SQL, and counts every match', () => {
    seedMixed();
    declare('ÜBERLAST on the Frankfurt edge', 'SEV-2');
    declare('100%_done_ flag\\ in title', 'SEV-3');
    const all = call<IncidentPage>('incident.list', { scope: 'all' }).incidents;
    const expectFilter = (input: Record<string, unknown>, keep: (incident: Incident) => boolean) => {
      const expected = all.filter(keep);
      const whole = call<IncidentPage>('incident.list', { scope: 'all', ...input });
      expect(ids(whole.incidents), JSON.stringify(input)).toEqual(ids(expected));
      expect(whole.total).toBe(expected.length);
      expect(ids(walk({ scope: 'all', ...input }, 3).incidents)).toEqual(ids(expected));
      expect(call<IncidentPage>('incident.list', { scope: 'all', ...input, limit: 2 }).total).toBe(expected.length);
      return expected;
    };
    expect(expectFilter({ text: 'round 3 INCIDENT 1' }, (incident) => incident.title.startsWith('Round 3 incident 1'))).toHaveLength(3);
    expect(expectFilter({ text: 'überlast' }, (incident) => incident.title.startsWith('ÜBERLAST'))).toHaveLength(1);
    // LIKE's wildcards and its escape character are searched for as themselves.
    expect(expectFilter({ text: '%_done_ flag\\' }, (incident) => incident.title.startsWith('100%'))).toHaveLength(1);
    expect(expectFilter({ text: '_' }, (incident) => incident.title.includes('_'))).toHaveLength(1);
    const someId = all[17]!.id;
    expect(expectFilter({ text: someId.slice(4).toLowerCase() }, (incident) => incident.id.includes(someId.slice(4)))).not.toHaveLength(0);
    expectFilter({ status: ['Contained', 'Resolved'] }, (incident) => incident.status === 'Contained' || incident.status === 'Resolved');
    expectFilter({ severity: ['p1', 'SEV-1'] }, (incident) => incident.severity === 'P1' || incident.severity === 'SEV-1');
    const from = all.map((incident) => incident.declaredAt).sort()[20]!;
    const to = all.map((incident) => incident.declaredAt).sort()[60]!;
    // Inclusive from, exclusive to; an offset is read as the instant it names.
    const fromWithOffset = new Date(from).toISOString().replace('Z', '+00:00');
    expectFilter({ declaredFrom: fromWithOffset, declaredTo: to }, (incident) => incident.declaredAt >= from && incident.declaredAt < to);
    expectFilter({ text: 'sev', status: ['Active'], severity: ['SEV-2'] }, (incident) => incident.title.startsWith('Sev') && incident.status === 'Active' && incident.severity === 'SEV-2');
    const open = call<IncidentPage>('incident.list', { status: ['Closed'] });
    expect(open).toEqual({ incidents: [], total: 0, nextCursor: null });
  });

  it('keeps the order and the cursors of incidents whose response time no date can hold', () => {
    seedMixed();
    // As a shared incident's signed severity change from another laptop can leave them (this laptop refuses such times).
    const [huge, negative] = call<IncidentPage>('incident.list', { scope: 'open' }).incidents.filter((incident) => incident.sla.state === 'running');
    t.ctx.db.prepare('UPDATE incidents SET response_minutes = ? WHERE id = ?').run(1e15, huge!.id);
    t.ctx.db.prepare('UPDATE incidents SET response_minutes = ? WHERE id = ?').run(-1e15, negative!.id);
    const whole = call<IncidentPage>('incident.list', { scope: 'all' }).incidents;
    const waiting = whole.filter((incident) => incident.sla.state === 'running' || incident.sla.state === 'overdue');
    expect(waiting[0]!.id).toBe(negative!.id);
    expect(waiting.at(-1)!.id).toBe(huge!.id);
    expect(ids(whole)).toEqual(ids([...whole].sort((a, b) => compareUrgency(a, b, t.ctx.clock()))));
    for (const limit of [1, 2, 5]) expect(ids(walk({ scope: 'all' }, limit).incidents)).toEqual(ids(whole));
  });

  it('refuses a cursor it did not hand out, naming the field', () => {
    seedMixed();
    const page = call<IncidentPage>('incident.list', { scope: 'all', limit: 5 });
    const timelineCursor = (call<{ newerCursor: string }>('incident.timeline', { id: page.incidents[0]!.id })).newerCursor;
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(page.nextCursor!, 'base64url').toString()), d: 'tomorrow', a: 'tomorrow' })).toString('base64url');
    for (const cursor of ['not a cursor', 'abc', page.nextCursor!.slice(0, -6), timelineCursor, tampered, Buffer.from('[1,2]').toString('base64url')]) {
      const result = dispatch(t.ctx, 'incident.list', { scope: 'all', limit: 5, cursor });
      expect(result.ok, cursor).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-input');
        expect(result.error.fields?.map((field) => field.field)).toEqual(['cursor']);
      }
    }
    for (const limit of [0, 1001, 2.5]) expect(dispatch(t.ctx, 'incident.list', { limit })).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'limit' }] } });
    expect(dispatch(t.ctx, 'incident.list', { declaredFrom: 'yesterday' })).toMatchObject({ ok: false, error: { fields: [{ field: 'declaredFrom' }] } });
    expect(dispatch(t.ctx, 'incident.list', { status: ['Sleeping'] })).toMatchObject({ ok: false, error: { fields: [{ field: 'status.0' }] } });
  });

  it('gives the cursor back byte for byte, even when it looks like a secret to the redactor', () => {
    seedMixed();
    const first = call<IncidentPage>('incident.list', { scope: 'all', limit: 30 });
    // base64url JSON starts like a Grafana key: any other field would be redacted on the way in.
    expect(call<{ redactions: unknown[] }>('text.check', { text: first.nextCursor }).redactions).not.toEqual([]);
    const second = dispatch(t.ctx, 'incident.list', { scope: 'all', limit: 30, cursor: first.nextCursor });
    expect(second).toMatchObject({ ok: true });
    if (second.ok) {
      expect(second.redactions).toBeUndefined();
      expect(ids((second.value as IncidentPage).incidents)).toEqual(ids(call<IncidentPage>('incident.list', { scope: 'all' }).incidents.slice(30, 60)));
    }
  });
});

describe('paging the incident list at the edges of the calendar', () => {
  it('orders incidents whose response time puts the due time before year 0 by their due time, as compareUrgency does', () => {
    seedMixed();
    // A signed severity change from another laptop can carry any response time (this laptop refuses such times):
    // due in 66 BC and in 1776 BC, both far overdue and both still within what a Date holds.
    const [a, b] = call<IncidentPage>('incident.list', { scope: 'open' }).incidents.filter((incident) => incident.sla.state === 'running');
    t.ctx.db.prepare('UPDATE incidents SET response_minutes = ? WHERE id = ?').run(-1_100_000_000, a!.id);
    t.ctx.db.prepare('UPDATE incidents SET response_minutes = ? WHERE id = ?').run(-2_000_000_000, b!.id);
    const whole = call<IncidentPage>('incident.list', { scope: 'all' }).incidents;
    // The longest overdue comes first.
    expect(ids(whole.slice(0, 2))).toEqual([b!.id, a!.id]);
    expect(ids(whole)).toEqual(ids([...whole].sort((x, y) => compareUrgency(x, y, t.ctx.clock()))));
  });

  it('reads back the cursor of a page ending on an incident due before year 0', () => {
    seedMixed();
    const [a] = call<IncidentPage>('incident.list', { scope: 'open' }).incidents.filter((incident) => incident.sla.state === 'running');
    t.ctx.db.prepare('UPDATE incidents SET response_minutes = ? WHERE id = ?').run(-1_100_000_000, a!.id);
    const first = call<IncidentPage>('incident.list', { scope: 'all', limit: 1 });
    expect(ids(first.incidents)).toEqual([a!.id]);
    const second = dispatch(t.ctx, 'incident.list', { scope: 'all', limit: 1, cursor: first.nextCursor });
    expect(second.ok ? 'next page' : second.error.message).toBe('next page');
  });

  it('orders incidents due after year 9999 by their due time, as compareUrgency does', () => {
    seedMixed();
    const [a, b] = call<IncidentPage>('incident.list', { scope: 'open' }).incidents.filter((incident) => incident.sla.state === 'running');
    // Due in about 13,400 and 11,500 AD: later than SQLite's calendar, well within a Date's.
    const [later, sooner] = a!.id < b!.id ? [a!, b!] : [b!, a!];
    t.ctx.db.prepare('UPDATE incidents SET response_minutes = ? WHERE id = ?').run(6_000_000_000, later.id);
    t.ctx.db.prepare('UPDATE incidents SET response_minutes = ? WHERE id = ?').run(5_000_000_000, sooner.id);
    const whole = call<IncidentPage>('incident.list', { scope: 'all' }).incidents;
    const waiting = ids(whole.filter((incident) => incident.sla.state === 'running' || incident.sla.state === 'overdue'));
    expect(waiting.slice(-2)).toEqual([sooner.id, later.id]);
    expect(ids(whole)).toEqual(ids([...whole].sort((x, y) => compareUrgency(x, y, t.ctx.clock()))));
  });

  it('reads a declaredFrom or declaredTo whose offset moves it past year 9999 or before year 0 as the instant it names', () => {
    seedMixed();
    const all = call<IncidentPage>('incident.list', { scope: 'all' });
    // 9999-12-31T23:59:59-12:00 is 10000-01-01T11:59:59Z: every incident was declared before it.
    expect(call<IncidentPage>('incident.list', { scope: 'all', declaredTo: '9999-12-31T23:59:59-12:00' }).total).toBe(all.total);
    expect(call<IncidentPage>('incident.list', { scope: 'all', declaredFrom: '9999-12-31T23:59:59-12:00' }).total).toBe(0);
    // 0000-01-01T00:00:00+01:00 is in 1 BC: none was declared before it.
    expect(call<IncidentPage>('incident.list', { scope: 'all', declaredTo: '0000-01-01T00:00:00+01:00' }).total).toBe(0);
    expect(call<IncidentPage>('incident.list', { scope: 'all', declaredFrom: '0000-01-01T00:00:00+01:00' }).total).toBe(all.total);
  });
});
