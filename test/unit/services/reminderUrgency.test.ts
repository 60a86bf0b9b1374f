import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Contact, Incident, Reminder } from '../../../src-main/contract';
import { raiseDueEscalations } from '../../../src-main/services/escalations/escalations';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const minutes = (n: number) => n * 60_000;
const pending = (input: Record<string, unknown> = {}) => call<{ reminders: Reminder[]; total: number }>('reminders.list', { scope: 'pending', order: 'urgency', ...input });

describe('pending reminders by urgency', () => {
  it('lists an overdue P0 above newer P3 and P2 reminders, each with its severity rank', () => {
    const p0 = call<Incident>('incident.declare', { title: 'Customer data exfiltrated', severity: 'P0' });
    t.advance(minutes(90));
    const p3 = call<Incident>('incident.declare', { title: 'Typo in the security page', severity: 'P3' });
    const p2 = call<Incident>('incident.declare', { title: 'Phishing mail reported', severity: 'P2' });
    raiseDueEscalations(t.ctx);
    const { reminders, total } = pending();
    expect(total).toBe(4);
    expect(reminders.map((r) => [r.incidentId, r.key, r.severityRank])).toEqual([
      [p0.id, 'r0-0m', 0],
      [p0.id, 'r0-60m', 0],
      [p2.id, 'r2-0m', 2],
      [p3.id, 'r3-0m', 3],
    ]);
    // The limit keeps the most urgent, not the newest.
    expect(pending({ limit: 1 }).reminders.map((r) => r.incidentId)).toEqual([p0.id]);
    expect(pending({ limit: 1 }).total).toBe(4);
  });

  it('names a contact added after the reminder came due, and pushes reminders.changed on every contact change', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Leaked key', severity: 'P1' });
    raiseDueEscalations(t.ctx);
    expect(pending().reminders[0]).toMatchObject({ incidentId: id, notify: 'Security Team', recipients: [] });

    const changes = () => t.events.filter((event) => event.type === 'reminders.changed').length;
    const ana = call<Contact>('contacts.save', { name: 'Ana', role: 'Security', email: 'ana@example.com' });
    expect(changes()).toBe(1);
    expect(pending().reminders[0]!.recipients.map((r) => r.name)).toEqual(['Ana']);

    call<Contact>('contacts.save', { id: ana.id, name: 'Ana Lima', role: 'Security', email: 'ana@example.com' });
    expect(changes()).toBe(2);
    expect(pending().reminders[0]!.recipients.map((r) => r.name)).toEqual(['Ana Lima']);

    call('contacts.remove', { id: ana.id });
    expect(changes()).toBe(3);
    expect(pending().reminders[0]!.recipients).toEqual([]);
  });

  it('keeps who was named when an acknowledged reminder was raised', () => {
    call<Contact>('contacts.save', { name: 'Ana', role: 'Security' });
    const { id } = call<Incident>('incident.declare', { title: 'Leaked key', severity: 'P1' });
    raiseDueEscalations(t.ctx);
    call('reminders.acknowledge', { id, key: 'r1-0m' });
    call<Contact>('contacts.save', { name: 'Bea', role: 'Security' });
    const [acknowledged] = call<{ reminders: Reminder[] }>('reminders.list', { scope: 'all', id }).reminders;
    expect(acknowledged!.recipients.map((r) => r.name)).toEqual(['Ana']);
  });

  it('drops the reminders of a resolved or closed incident from the pending list, and keeps them on record', () => {
    const kept = call<Incident>('incident.declare', { title: 'Still open', severity: 'P2' });
    const resolved = call<Incident>('incident.declare', { title: 'Fixed', severity: 'P0' });
    raiseDueEscalations(t.ctx);
    expect(pending().reminders.map((r) => r.incidentId)).toEqual([resolved.id, kept.id]);
    call('incident.setStatus', { id: resolved.id, status: 'Resolved' });
    expect(pending()).toMatchObject({ total: 1, reminders: [{ incidentId: kept.id }] });
    expect(call<{ reminders: Reminder[] }>('reminders.list', { scope: 'pending' }).reminders.map((r) => r.incidentId)).toEqual([kept.id]);
    // Still on record: the full list keeps every reminder ever raised.
    expect(call<{ total: number }>('reminders.list', { scope: 'all' }).total).toBe(2);
  });
});
