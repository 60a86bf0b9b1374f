import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentDetail, Reminder, SentCommunication, VerifyResult } from '../../../src-main/contract';
import { raiseDueUpdates } from '../../../src-main/services/comms/sent';
import { dispatch } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
const minute = 60_000;
const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const verify = () => call<VerifyResult>('incident.verify', { id });
const send = (channel = '#incident-42') => call<SentCommunication>('comms.markSent', { incidentId: id, templateId: 'status-update', body: 'We are on it.', channel });
const nextUpdate = () => call<{ reminders: Reminder[] }>('reminders.list', { id, scope: 'all' }).reminders.filter((reminder) => reminder.key === 'next-update');

beforeEach(() => {
  t = makeTestContext('2026-11-23T14:05:00.000Z');
  id = call<Incident>('incident.declare', { title: 'Checkout down', severity: 'P0' }).id;
});
afterEach(() => t.close());

describe('a message marked sent', () => {
  it('is on the timeline with its text, and the next update is due after the severity\'s cadence', () => {
    expect(send()).toMatchObject({ templateId: 'status-update', title: 'Status update', sentAt: '2026-11-23T14:05:00.000Z', channel: '#incident-42', nextUpdateAt: '2026-11-23T14:35:00.000Z' });
    const last = call<IncidentDetail>('incident.get', { id }).timeline.at(-1)!;
    expect(last).toMatchObject({ type: 'comms.sent', summary: 'Status update sent (#incident-42): next update due 14:35 UTC', payload: { body: 'We are on it.', templateId: 'status-update' } });
    expect(verify()).toMatchObject({ intact: true, mismatches: [] });
  });

  it('raises the next-update reminder once the clock passes it, not before, and only once', () => {
    send();
    t.advance(29 * minute);
    expect(raiseDueUpdates(t.ctx)).toEqual([]);
    t.advance(2 * minute);
    const [raised] = raiseDueUpdates(t.ctx);
    expect(raised).toMatchObject({ incidentId: id, key: 'next-update', dueAt: '2026-11-23T14:35:00.000Z', notify: '#incident-42 (the next status update is due)', acknowledgedAt: null });
    expect(t.events).toContainEqual({ type: 'escalation.due', reminder: raised });
    expect(raiseDueUpdates(t.ctx)).toEqual([]);
    expect(nextUpdate()).toHaveLength(1);
    const raisedEvents = call<IncidentDetail>('incident.get', { id }).timeline.filter((entry) => entry.payload.key === 'next-update');
    expect(raisedEvents).toEqual([expect.objectContaining({ type: 'escalation.due', actor: 'firebreak', summary: 'Escalation due: notify #incident-42 (the next status update is due)' })]);
    expect(verify()).toMatchObject({ intact: true, mismatches: [] });
  });

  it('is answered by the next message sent, which sets a new due time, raised in its turn', () => {
    send();
    t.advance(31 * minute);
    raiseDueUpdates(t.ctx);
    send('status page');
    expect(nextUpdate()).toEqual([expect.objectContaining({ acknowledgedAt: '2026-11-23T14:36:00.000Z', dueAt: '2026-11-23T14:35:00.000Z' })]);
    expect(verify()).toMatchObject({ intact: true, mismatches: [] });
    t.advance(30 * minute);
    // The listing raises what is due, as the banner's poll does.
    expect(nextUpdate()).toEqual([expect.objectContaining({ dueAt: '2026-11-23T15:06:00.000Z', acknowledgedAt: null, notify: 'status page (the next status update is due)' })]);
    expect(verify()).toMatchObject({ intact: true, mismatches: [] });
  });

  it('sets no reminder for a message without a cadence, and none once the incident is resolved', () => {
    call('comms.markSent', { incidentId: id, templateId: 'resolution-notice', body: 'Resolved.' });
    t.advance(24 * 60 * minute);
    expect(raiseDueUpdates(t.ctx)).toEqual([]);
    send();
    call('incident.setStatus', { id, status: 'Resolved' });
    t.advance(60 * minute);
    expect(raiseDueUpdates(t.ctx)).toEqual([]);
  });

  it('lets verify name a next-update reminder edited outside Firebreak', () => {
    send();
    t.advance(31 * minute);
    raiseDueUpdates(t.ctx);
    t.ctx.db.prepare("UPDATE reminders SET acknowledged_at = '2026-11-23T14:40:00.000Z', acknowledged_by = 'mallory' WHERE step_key = 'next-update'").run();
    expect(verify().mismatches).toEqual([expect.objectContaining({ record: 'reminder', key: 'next-update', message: expect.stringContaining('mallory') })]);
  });

  it('refuses an empty body and an unknown template', () => {
    expect(dispatch(t.ctx, 'comms.markSent', { incidentId: id, templateId: 'status-update', body: '' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(dispatch(t.ctx, 'comms.markSent', { incidentId: id, templateId: 'no-such', body: 'x' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
