import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChecklistStep, Incident, IncidentDetail, RenderedReport, VerifyResult } from '../../../src-main/contract';
import { replayIncident } from '../../../src-main/domain/incidents/incidentState';
import { dispatch } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const timeline = (id: string) => call<IncidentDetail>('incident.get', { id }).timeline;

describe('closing without a response', () => {
  it('never shows a response for an incident nobody acknowledged, and stamps no skipped milestone', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Low noise', severity: 'P3' });
    t.advance(30 * 60_000);
    const closed = call<Incident>('incident.setStatus', { id, status: 'Closed', note: 'duplicate alert' });
    expect(closed.sla).toMatchObject({ state: 'never-acknowledged', respondedAt: null });
    expect(closed.acknowledgedAt).toBeNull();
    expect(closed.milestones).toEqual({ containedAt: null, recoveredAt: null, resolvedAt: null });
    expect(call<VerifyResult>('incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
    // The report records what happened, not "not yet" for an incident that is over.
    const { markdown } = call<RenderedReport>('report.render', { id, kind: 'incident' });
    expect(markdown).toContain('- **Acknowledged:** never acknowledged (Closed without it)');
    expect(markdown).toContain('- **Contained:** never contained (Closed without it)');
    expect(markdown).toMatch(/\| Time to acknowledge \|.*\| never acknowledged \|/);
  });

  it('stamps only the statuses actually reached: Contained then Closed leaves the resolution empty', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Brute force', severity: 'P2' });
    t.advance(60_000);
    call('incident.acknowledge', { id });
    t.advance(60_000);
    const contained = call<Incident>('incident.setStatus', { id, status: 'Contained' });
    t.advance(60_000);
    const closed = call<Incident>('incident.setStatus', { id, status: 'Closed', note: 'blocked for good' });
    expect(closed.milestones).toEqual({ containedAt: contained.milestones.containedAt, recoveredAt: null, resolvedAt: null });
    expect(closed.sla.state).toBe('met');
  });
});

describe('moving a status back', () => {
  it('needs a non-empty reason at the boundary, and says so', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Leak', severity: 'P1' });
    call('incident.setStatus', { id, status: 'Contained' });
    const blank = dispatch(t.ctx, 'incident.setStatus', { id, status: 'Active', reason: '   ' });
    expect(blank).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('reason must not be empty') } });
    const none = dispatch(t.ctx, 'incident.setStatus', { id, status: 'Active' });
    expect(none).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'moving an incident from Contained back to Active needs a reason (say why Contained was set by mistake)' } });
    expect(call<IncidentDetail>('incident.get', { id }).incident.status).toBe('Contained');
  });

  it('records the reversal and its reason on the timeline, clears the mistaken milestones, and still verifies', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Leak', severity: 'P1' });
    t.advance(60_000);
    call('incident.setStatus', { id, status: 'Contained' });
    t.advance(60_000);
    const back = call<Incident>('incident.setStatus', { id, status: 'Active', reason: 'the key is still valid: containment was marked too early' });
    expect(back).toMatchObject({ status: 'Active', milestones: { containedAt: null, resolvedAt: null } });
    const last = timeline(id).at(-1)!;
    expect(last.payload).toMatchObject({ from: 'Contained', to: 'Active', reversal: true, reason: 'the key is still valid: containment was marked too early' });
    expect(last.summary).toBe('Status moved back Contained → Active: the key is still valid: containment was marked too early');
    t.advance(60_000);
    const again = call<Incident>('incident.setStatus', { id, status: 'Contained' });
    expect(again.milestones.containedAt).toBe('2026-11-23T14:18:02.000Z');
    expect(call<VerifyResult>('incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
  });

  it('reopens a closed incident with a reason', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Leak', severity: 'P1' });
    call('incident.setStatus', { id, status: 'Closed', note: 'wrong one' });
    expect(call<Incident>('incident.setStatus', { id, status: 'Active', reason: 'closed the wrong incident' }).status).toBe('Active');
  });
});

describe('events written before reversals existed', () => {
  it('replay as they were recorded: the first move out of Active was the response and stamped every status passed', () => {
    const declared = { type: 'incident.declared', at: '2026-11-23T14:00:00.000Z', payload: { title: 'old', schemeId: 'p0-p3', severity: 'P3', responseMinutes: 1440, impact: {} } };
    const closed = { type: 'incident.statusChanged', at: '2026-11-23T15:00:00.000Z', payload: { from: 'Active', to: 'Closed', note: '' } };
    expect(replayIncident('INC-20261123-140000', [declared, closed])).toMatchObject({
      respondedAt: closed.at,
      containedAt: closed.at,
      resolvedAt: closed.at,
    });
  });
});

describe('a step that stands for acknowledging', () => {
  it('acknowledges the incident when ticked, once', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Leak', severity: 'P1', scenario: 'secret-leaked' });
    t.advance(2 * 60_000);
    const step = call<ChecklistStep>('checklist.change', { id, stepId: 'acknowledge-and-assign', change: 'done' });
    expect(step).toMatchObject({ status: 'done', action: { type: 'acknowledge', target: '' } });
    const { incident } = call<IncidentDetail>('incident.get', { id });
    expect(incident.acknowledgedAt).toBe('2026-11-23T14:17:02.000Z');
    expect(incident.sla.state).toBe('met');
    expect(timeline(id).slice(-2).map((entry) => entry.summary)).toEqual(['✓ Done: Acknowledge the alert and name the incident commander', 'Acknowledged: the response SLA stops']);
    // Reopening and ticking again does not acknowledge twice.
    call('checklist.change', { id, stepId: 'acknowledge-and-assign', change: 'reopen' });
    call('checklist.change', { id, stepId: 'acknowledge-and-assign', change: 'done' });
    expect(timeline(id).filter((entry) => entry.type === 'incident.acknowledged')).toHaveLength(1);
  });
});
