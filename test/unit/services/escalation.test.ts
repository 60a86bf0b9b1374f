import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Contact, Incident, IncidentDetail, Reminder, SeverityAssessment } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { raiseDueEscalations } from '../../../src-main/services/escalations/escalations';
import { recordSlaBreaches } from '../../../src-main/services/escalations/slaWatcher';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const minutes = (n: number) => n * 60_000;

describe('SLA and escalation', () => {
  it('turns an unacknowledged P1 overdue and raises exactly one reminder per escalation step; acknowledging stops the SLA', () => {
    call<Contact>('contacts.save', { name: 'Ana', role: 'Security', email: 'ana@example.com', onCall: true });
    call<Contact>('contacts.save', { name: 'Carol', role: 'dev-lead', phone: '+1 555 0100' });
    call<Contact>('contacts.save', { name: 'Bob', role: 'CTO' });
    const { id } = call<Incident>('incident.declare', { title: 'Credential stuffing', severity: 'P1' });
    const keys = () => call<{ reminders: Reminder[] }>('reminders.list', { scope: 'all', id }).reminders.map((reminder) => reminder.key);

    expect(raiseDueEscalations(t.ctx).map((reminder) => [reminder.notify, reminder.recipients.map((r) => r.name)])).toEqual([['Security Team', ['Ana']]]);
    t.advance(minutes(59));
    expect(raiseDueEscalations(t.ctx)).toEqual([]);
    expect(call<IncidentDetail>('incident.get', { id }).incident.sla.state).toBe('running');

    t.advance(minutes(2));
    expect(call<IncidentDetail>('incident.get', { id }).incident.sla.state).toBe('overdue');
    expect(recordSlaBreaches(t.ctx)).toEqual([id]);
    expect(raiseDueEscalations(t.ctx).map((reminder) => [reminder.key, reminder.notify, reminder.recipients.map((r) => r.name)])).toEqual([['r1-60m', 'Dev/Ops Leads', ['Carol']]]);

    t.advance(minutes(24 * 60));
    expect(raiseDueEscalations(t.ctx).map((reminder) => reminder.notify)).toEqual(['CTO', 'Status update']);
    for (let i = 0; i < 3; i += 1) expect(raiseDueEscalations(t.ctx)).toEqual([]);
    expect(keys()).toEqual(['r1-0m', 'r1-60m', 'r1-240m', 'r1-1440m']);
    expect(t.events.filter((event) => event.type === 'escalation.due')).toHaveLength(4);

    const detail = call<IncidentDetail>('incident.get', { id });
    expect(detail.timeline.filter((entry) => entry.type === 'escalation.due').map((entry) => entry.summary)).toEqual([
      'Escalation due: notify Security Team (Ana)',
      'Escalation due: notify Dev/Ops Leads (Carol)',
      'Escalation due: notify CTO (Bob)',
      'Escalation due: notify Status update',
    ]);

    const acknowledged = call<Incident>('incident.acknowledge', { id });
    expect(acknowledged.sla).toMatchObject({ state: 'missed', respondedAt: acknowledged.acknowledgedAt });
    t.advance(minutes(600));
    expect(call<IncidentDetail>('incident.get', { id }).incident.sla.state).toBe('missed');
    expect(dispatch(t.ctx, 'incident.acknowledge', { id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('stops the SLA as met when acknowledged in time, and shows the next escalation', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Phishing', severity: 'P2' });
    expect(call<IncidentDetail>('incident.get', { id }).incident.nextEscalation).toEqual({ key: 'r2-60m', notify: 'Team Lead', dueAt: '2026-11-23T15:15:02.000Z' });
    t.advance(minutes(30));
    expect(call<Incident>('incident.acknowledge', { id }).sla.state).toBe('met');
    t.advance(minutes(300));
    expect(call<IncidentDetail>('incident.get', { id }).incident.sla.state).toBe('met');
    expect(recordSlaBreaches(t.ctx)).toEqual([]);
  });

  it('records the acknowledgement of a reminder once, and drops it from the pending list', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Exfiltration', severity: 'P0' });
    raiseDueEscalations(t.ctx);
    const [pending] = call<{ reminders: Reminder[] }>('reminders.list', {}).reminders;
    expect(pending).toMatchObject({ incidentId: id, key: 'r0-0m', notify: 'Security Team + On-call', acknowledgedAt: null });
    const acknowledged = call<Reminder>('reminders.acknowledge', { id, key: 'r0-0m' });
    expect(acknowledged).toMatchObject({ acknowledgedAt: '2026-11-23T14:15:02.000Z', acknowledgedBy: expect.any(String) });
    expect(call<{ reminders: Reminder[] }>('reminders.list', {}).reminders).toEqual([]);
    expect(dispatch(t.ctx, 'reminders.acknowledge', { id, key: 'r0-0m' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(call<IncidentDetail>('incident.get', { id }).timeline.at(-1)!.summary).toBe('Escalation acknowledged: Security Team + On-call');
  });

  it('returns the newest reminders up to a limit, with the total', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Long one', severity: 'P1' });
    t.advance(minutes(25 * 60));
    raiseDueEscalations(t.ctx);
    const page = call<{ reminders: Reminder[]; total: number }>('reminders.list', { id, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.reminders.map((reminder) => reminder.key)).toEqual(['r1-240m', 'r1-1440m']);
  });

  it('raises nothing for resolved incidents', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Old', severity: 'P1' });
    call('incident.setStatus', { id, status: 'Resolved' });
    t.advance(minutes(48 * 60));
    expect(raiseDueEscalations(t.ctx)).toEqual([]);
  });
});

describe('contacts', () => {
  it('are created, updated, listed and removed, with clear errors for bad input', () => {
    const ana = call<Contact>('contacts.save', { name: 'Ana', role: 'Security', email: 'ana@example.com', onCall: true });
    call<Contact>('contacts.save', { id: ana.id, name: 'Ana Lima', role: 'Security', email: 'ana@example.com' });
    expect(call<{ contacts: Contact[] }>('contacts.list', {}).contacts).toMatchObject([{ id: ana.id, name: 'Ana Lima', onCall: false }]);
    expect(dispatch(t.ctx, 'contacts.save', { name: 'X', role: 'cto', email: 'not-an-email' })).toMatchObject({ ok: false, error: { message: 'email must be an email address like ana@example.com' } });
    expect(dispatch(t.ctx, 'contacts.save', { name: '', role: 'cto' })).toMatchObject({ ok: false, error: { message: 'name must not be empty' } });
    expect(call('contacts.remove', { id: ana.id })).toEqual({ removed: ana.id });
    expect(dispatch(t.ctx, 'contacts.remove', { id: ana.id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('severity assistant', () => {
  const ask = (answers: Partial<Record<string, unknown>>) =>
    call<SeverityAssessment>('severity.assess', { activeExploitation: false, dataExposed: false, secretsExposedPublicly: false, productionAffected: false, usersAffected: 'none', ...answers });

  it('suggests a severity in the active scheme, with impact and reasons', () => {
    expect(ask({ secretsExposedPublicly: true })).toMatchObject({ severity: 'P0', label: 'Critical', impact: { confidentiality: true }, reasons: [expect.stringContaining('secret exposed publicly')] });
    expect(ask({ productionAffected: true, usersAffected: 'many' })).toMatchObject({ severity: 'P1', impact: { availability: true } });
    expect(ask({ productionAffected: true, usersAffected: 'few' })).toMatchObject({ severity: 'P2' });
    expect(ask({})).toMatchObject({ severity: 'P3', reasons: ['No active impact yet: a potential issue, low.'] });
    call('settings.update', { activeSchemeId: 'sev-1-4' });
    expect(ask({ activeExploitation: true })).toMatchObject({ severity: 'SEV-1', impact: { integrity: true } });
  });

  it('records an overridden suggestion with the declaration', () => {
    const suggestion = ask({ dataExposed: true });
    const { id } = call<Incident>('incident.declare', { title: 'Maybe a breach', severity: 'P1', assessment: { answers: { dataExposed: true }, suggested: suggestion.severity, reasons: suggestion.reasons } });
    const declared = call<IncidentDetail>('incident.get', { id }).timeline[0]!;
    expect(declared.payload.assessment).toMatchObject({ suggested: 'P0', overridden: true });
  });
});
