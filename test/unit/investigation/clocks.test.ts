import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncidentInput, type Incident, type IncidentDetail, type PushedEvent, type RegulatoryClocks, type VerifyResult } from '../../../src-main/contract';
import { foldClocks } from '../../../src-main/domain/investigation/assets/clockFold';
import { createServiceContext } from '../../../src-main/services/context';
import { dispatch } from '../../../src-main/services/dispatch';
import { declareIncident } from '../../../src-main/services/incidents/incidents';
import { raiseDueClocks } from '../../../src-main/services/investigation/clockReminders';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-11-23T12:00:00.000Z');
});
afterEach(() => t.close());

const hour = 3_600_000;
const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const fail = (name: string, input: unknown) => {
  const result = dispatch(t.ctx, name, input);
  if (result.ok) throw new Error(`${name} succeeded`);
  return result.error;
};
const clock = (id: string, name: string) => call<RegulatoryClocks>('clock.list', { incidentId: id }).clocks.find((held) => held.name === name)!;
const dueEvents = () => t.events.filter((event): event is Extract<PushedEvent, { type: 'clock.due' }> => event.type === 'clock.due').map((event) => `${event.name} ${event.stage}`);

function declare(): string {
  return call<Incident>('incident.declare', { title: 'Customer data exposed', severity: 'P1' }).id;
}

describe('regulatory clocks', () => {
  it('takes a clock named like an object property (constructor) as a named clock, not a preset', () => {
    const id = declare();
    expect(fail('clock.start', { incidentId: id, name: 'constructor' }).message).toMatch(/label/);
    call('clock.start', { incidentId: id, name: 'constructor', label: 'Board deadline', hours: 5 });
    expect(clock(id, 'constructor')).toMatchObject({ label: 'Board deadline', hours: 5, state: 'running' });
  });

  it('keeps reminding of every clock when one has a span of fractional hours (whole milliseconds in the due-time index)', () => {
    const id = declare();
    expect(fail('clock.start', { incidentId: id, name: 'tiny', label: 'tiny', hours: 0.00000123 }).message).toMatch(/at least a minute/);
    call('clock.start', { incidentId: id, name: 'odd-span', label: 'Odd span', hours: 1.2345678 });
    call('clock.start', { incidentId: id, name: 'gdpr-authority' });
    t.advance(73 * hour);
    expect(raiseDueClocks(t.ctx).map((due) => `${due.name} ${due.stage}`).sort()).toEqual(['gdpr-authority overdue', 'odd-span overdue']);
  });

  it('runs a preset from the moment of awareness in its own offset, and is met in time', () => {
    const id = declare();
    const started = call<RegulatoryClocks>('clock.start', { incidentId: id, name: 'gdpr-authority', startedAt: '2026-11-23T10:30:00+01:00', note: 'DPO informed' });
    expect(started.clocks[0]).toMatchObject({ name: 'gdpr-authority', label: 'GDPR Art. 33: notify the supervisory authority', hours: 72, startedAt: '2026-11-23T09:30:00.000Z', dueAt: '2026-11-26T09:30:00.000Z', state: 'running' });
    expect(started.presets.map((preset) => preset.name)).toContain('hipaa-individuals');
    t.advance(48 * hour);
    call('clock.stop', { incidentId: id, name: 'gdpr-authority', note: 'notified the ICO, reference 123' });
    expect(clock(id, 'gdpr-authority')).toMatchObject({ state: 'met', stoppedAt: '2026-11-25T12:00:00.000Z', note: 'notified the ICO, reference 123' });
    const timeline = call<IncidentDetail>('incident.get', { id }).timeline.map((entry) => entry.summary);
    expect(timeline).toContain('Regulatory clock started: GDPR Art. 33: notify the supervisory authority (72 h from 2026-11-23T09:30:00.000Z): DPO informed');
    expect(timeline).toContain('Regulatory clock met: gdpr-authority: notified the ICO, reference 123');
    expect(call<VerifyResult>('incident.verify', { id }).intact).toBe(true);
  });

  it('goes overdue past its deadline, is met late after it, and reminds once soon and once overdue, never twice', () => {
    const id = declare();
    call('clock.start', { incidentId: id, name: 'contract-60d', label: 'Customer contract: notify within 60 days', hours: 60 * 24 });
    raiseDueClocks(t.ctx);
    expect(dueEvents()).toEqual([]);
    t.advance(59 * 24 * hour); // one day left: soon
    expect(raiseDueClocks(t.ctx).map((due) => due.stage)).toEqual(['soon']);
    expect(raiseDueClocks(t.ctx)).toEqual([]);
    t.advance(24 * hour + 1_000);
    expect(clock(id, 'contract-60d').state).toBe('overdue'); // clock.list raises the overdue reminder itself
    expect(raiseDueClocks(t.ctx)).toEqual([]);
    // A second process on the same data (a restart, the CLI beside the console) raises nothing again.
    const other = createServiceContext({ dataDir: t.dataDir, transport: 'cli', clock: () => t.ctx.clock() });
    expect(raiseDueClocks(other)).toEqual([]);
    other.db.close();
    expect(dueEvents()).toEqual(['contract-60d soon', 'contract-60d overdue']);
    const pushed = t.events.find((event) => event.type === 'clock.due');
    expect(pushed).toMatchObject({ incidentId: id, label: 'Customer contract: notify within 60 days', dueAt: '2027-01-22T12:00:00.000Z', stage: 'soon' });
    call('clock.stop', { incidentId: id, name: 'contract-60d', note: 'letters sent' });
    expect(clock(id, 'contract-60d').state).toBe('met-late');
    const timeline = call<IncidentDetail>('incident.get', { id }).timeline.map((entry) => entry.summary);
    expect(timeline.filter((line) => line.startsWith('Regulatory clock'))).toEqual([
      'Regulatory clock started: Customer contract: notify within 60 days (60 days from 2026-11-23T12:00:00.000Z)',
      'Regulatory clock due soon: Customer contract: notify within 60 days (due 2027-01-22T12:00:00.000Z)',
      'Regulatory clock overdue: Customer contract: notify within 60 days (was due 2027-01-22T12:00:00.000Z)',
      'Regulatory clock met: contract-60d: letters sent',
    ]);
  });

  it('warns a quarter of the span ahead when that is under a day, and says overdue only for a clock started past its deadline', () => {
    const id = declare();
    call('clock.start', { incidentId: id, name: 'nis2-early-warning' });
    t.advance(17 * hour);
    expect(raiseDueClocks(t.ctx)).toEqual([]);
    t.advance(1 * hour + 1_000);
    expect(raiseDueClocks(t.ctx).map((due) => `${due.name} ${due.stage}`)).toEqual(['nis2-early-warning soon']);
    call('clock.start', { incidentId: id, name: 'late-one', label: 'Found late', hours: 2, startedAt: '2026-11-23T10:00:00Z' });
    expect(raiseDueClocks(t.ctx).map((due) => `${due.name} ${due.stage}`)).toEqual(['late-one overdue']);
  });

  it('raises no reminder for a drill, as the response SLA does not', () => {
    const drill = declareIncident(t.ctx, declareIncidentInput.parse({ title: 'Tabletop', severity: 'P1' }), { kind: 'drill' });
    call('clock.start', { incidentId: drill.id, name: 'nis2-early-warning' });
    t.advance(30 * hour);
    expect(raiseDueClocks(t.ctx)).toEqual([]);
    expect(clock(drill.id, 'nis2-early-warning').state).toBe('overdue');
    expect(dueEvents()).toEqual([]);
  });

  it('refuses what would be a wrong deadline, clearly', () => {
    const id = declare();
    expect(fail('clock.start', { incidentId: id, name: 'gdpr-authority', hours: 96 })).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('gdpr-authority is a preset of 72 h') });
    const missing = fail('clock.start', { incidentId: id, name: 'contract-60d', hours: 1_440 });
    expect(missing.message).toContain('contract-60d is not a preset');
    expect(missing.fields).toEqual([{ field: 'label', message: 'is required for a clock that is not a preset' }]);
    expect(fail('clock.start', { incidentId: id, name: 'gdpr-authority', startedAt: '2026-11-23T14:00:00+01:00' })).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('cannot be in the future') });
    // A minute ahead is another laptop's clock, not a mistake.
    call('clock.start', { incidentId: id, name: 'gdpr-authority', startedAt: '2026-11-23T12:00:30Z' });
    expect(fail('clock.start', { incidentId: id, name: 'gdpr-authority' })).toMatchObject({ code: 'conflict', message: expect.stringContaining('already running') });
    expect(fail('clock.stop', { incidentId: id, name: 'sec-8k', note: 'x' })).toMatchObject({ code: 'not-found', message: `no clock sec-8k on ${id}: it has gdpr-authority` });
    expect(fail('clock.stop', { incidentId: id, name: 'gdpr-authority', note: '' }).fields?.[0]).toMatchObject({ field: 'note' });
    expect(fail('clock.start', { incidentId: id, name: 'GDPR', label: 'x', hours: 1 }).fields?.[0]).toMatchObject({ field: 'name' });
    expect(fail('clock.start', { incidentId: id, name: 'forever', label: 'x', hours: 87_601 }).fields?.[0]).toMatchObject({ field: 'hours', message: 'must be at most ten years' });
    expect(call<RegulatoryClocks>('clock.start', { incidentId: id, name: 'ten-years', label: 'Retention', hours: 87_600 }).clocks[1]).toMatchObject({ dueAt: '2036-11-20T12:00:00.000Z', state: 'running' });
  });

  it('folds the same events the same way, skips payloads that do not parse and keeps the first of two starts', () => {
    const start = (hash: string, hours: unknown, startedAt: unknown) => ({ type: 'clock.started', at: '2026-11-23T12:00:00.000Z', actor: 'a', hash, payload: { name: 'x', label: 'X', hours, startedAt, offset: 'Z', note: '' } });
    const events = [
      start('h1', 'many', '2026-11-23T12:00:00Z'),
      start('h2', 1e9, '2026-11-23T12:00:00Z'),
      start('h3', 24, 'yesterday'),
      { type: 'clock.stopped', at: 'never', actor: 'a', hash: 'h4', payload: { name: 'x', note: 'ghost' } },
      start('h5', 24, '2026-11-23T12:00:00Z'),
      start('h6', 48, '2026-11-23T12:00:00Z'),
    ];
    const folded = foldClocks(events, '2026-11-24T13:00:00.000Z');
    expect(folded).toEqual([expect.objectContaining({ name: 'x', hours: 24, state: 'overdue', stoppedAt: null })]);
    expect(foldClocks([...events], '2026-11-24T13:00:00.000Z')).toEqual(folded);
  });
});
