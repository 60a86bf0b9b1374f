import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, VerifyResult } from '../../../src-main/contract';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);

/** What an attacker with the database file can do: drop the guard, rewrite, put the guard back. */
function tamper(sql: string, ...params: unknown[]): void {
  const db = t.ctx.db;
  // Only the guards are dropped and put back: the table's other triggers (the due-time index's) stay as they are.
  const guards = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('events_append_only_update', 'events_append_only_delete')").pluck().all() as string[];
  expect(guards).toHaveLength(2);
  db.exec('DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;');
  db.prepare(sql).run(...params);
  for (const guard of guards) db.exec(guard);
}

beforeEach(() => {
  t = makeTestContext();
  id = call<Incident>('incident.declare', { title: 'Leak', severity: 'P1' }).id;
  call('incident.addNote', { id, text: 'first' });
  call('incident.addNote', { id, text: 'second' });
  call('incident.setStatus', { id, status: 'Contained' });
});
afterEach(() => t.close());

describe('incident verification', () => {
  it('passes an untouched chain', () => {
    expect(call<VerifyResult>('incident.verify', { id })).toMatchObject({ intact: true, events: 5, firstBreak: null, headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('names the event whose payload was edited', () => {
    tamper(`UPDATE events SET payload = '{"text":"nothing happened"}' WHERE incident_id = ? AND seq = 3`, id);
    expect(call<VerifyResult>('incident.verify', { id })).toMatchObject({
      intact: false,
      firstBreak: { seq: 3, type: 'incident.noteAdded', reason: 'hash-mismatch' },
    });
  });

  it('notices a deleted event', () => {
    tamper('DELETE FROM events WHERE incident_id = ? AND seq = 4', id);
    expect(call<VerifyResult>('incident.verify', { id }).firstBreak).toMatchObject({ seq: 5, reason: 'sequence-gap' });
  });

  it('notices an event rehashed on its own but no longer linked to its predecessor', () => {
    tamper("UPDATE events SET prev_hash = ? WHERE incident_id = ? AND seq = 4", 'a'.repeat(64), id);
    expect(call<VerifyResult>('incident.verify', { id }).firstBreak).toMatchObject({ seq: 4, reason: 'prev-hash-mismatch' });
  });

  it('notices a current state that the log does not support', () => {
    t.ctx.db.prepare("UPDATE incidents SET severity = 'P3', status = 'Closed' WHERE id = ?").run(id);
    expect(call<VerifyResult>('incident.verify', { id }).firstBreak).toMatchObject({ reason: 'state-mismatch', message: expect.stringContaining('severity, status') });
  });
});

describe('SLA breach reminders', () => {
  it('records a breach exactly once per deadline, on the timeline and as a pushed event', async () => {
    const { recordSlaBreaches } = await import('../../../src-main/services/escalations/slaWatcher');
    const fresh = call<Incident>('incident.declare', { title: 'Unanswered', severity: 'P1' });
    expect(recordSlaBreaches(t.ctx)).toEqual([]);
    t.advance(61 * 60_000);
    expect(recordSlaBreaches(t.ctx)).toEqual([fresh.id]);
    expect(recordSlaBreaches(t.ctx)).toEqual([]);
    expect(t.events.filter((event) => event.type === 'sla.breached')).toEqual([
      { type: 'sla.breached', incidentId: fresh.id, title: 'Unanswered', severity: 'P1', dueAt: '2026-11-23T15:15:02.000Z' },
    ]);
    // Raising severity sets a new (already passed) deadline: that one is recorded too, once.
    call('incident.setSeverity', { id: fresh.id, severity: 'P0' });
    expect(recordSlaBreaches(t.ctx)).toEqual([fresh.id]);
    expect(recordSlaBreaches(t.ctx)).toEqual([]);
    expect(call<VerifyResult>('incident.verify', { id: fresh.id }).intact).toBe(true);
  });
});

describe('breach on the timeline', () => {
  it('reads as a sentence without a raw timestamp', async () => {
    const { recordSlaBreaches } = await import('../../../src-main/services/escalations/slaWatcher');
    const fresh = call<Incident>('incident.declare', { title: 'Quiet', severity: 'P0' });
    t.advance(16 * 60_000);
    recordSlaBreaches(t.ctx);
    const detail = call<{ timeline: { summary: string; actor: string }[] }>('incident.get', { id: fresh.id });
    expect(detail.timeline.at(-1)).toMatchObject({ actor: 'firebreak', summary: 'Response SLA breached: no response within the P0 deadline' });
  });
});
