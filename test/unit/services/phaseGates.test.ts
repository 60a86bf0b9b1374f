import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checklist, Incident, IncidentDetail, VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const events = (id: string) => call<IncidentDetail>('incident.get', { id }).timeline;

describe('phase gates', () => {
  it('refuses to move past required steps left open without a reason, naming the phase and the steps', () => {
    const { id } = call<Incident>('incident.declare', { title: 'DDoS', severity: 'P0', scenario: 'ddos' });
    const gates = call<Checklist>('checklist.get', { id }).gates;
    expect(gates.find((gate) => gate.phase === 'Identify')!.open).toEqual([{ stepId: 'acknowledge-and-assign', text: 'Acknowledge the alert and name the incident commander' }]);
    const before = events(id).length;
    const refused = dispatch(t.ctx, 'incident.advancePhase', { id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Identify has 1 required step open: Acknowledge the alert and name the incident commander. Give a reason to move on anyway' } });
    // A blank reason is no reason.
    expect(dispatch(t.ctx, 'incident.advancePhase', { id, reason: '   ' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(events(id)).toHaveLength(before);
    expect(call<Checklist>('checklist.get', { id }).currentPhase).toBe('Identify');
  });

  it('counts every phase skipped over, ad-hoc critical steps included, and records the reason with the steps left open', () => {
    const { id } = call<Incident>('incident.declare', { title: 'DDoS', severity: 'P0', scenario: 'ddos' });
    call('checklist.change', { id, stepId: 'acknowledge-and-assign', change: 'done' });
    call('checklist.addStep', { id, phase: 'Contain', text: 'Block the IP', critical: true });
    const refused = dispatch(t.ctx, 'incident.advancePhase', { id, to: 'Eradicate' });
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'Triage has 1 required step open: Preserve logs and evidence before changing anything. Contain has 2 required steps open: Enable WAF rules or upstream DDoS protection; Block the IP. Give a reason to move on anyway' },
    });
    t.advance(60_000);
    expect(call<Incident>('incident.advancePhase', { id, to: 'Eradicate', reason: 'the provider absorbed the traffic' }).currentPhase).toBe('Eradicate');
    const last = events(id).at(-1)!;
    expect(last.summary).toBe(
      'Phase Identify → Eradicate with 3 required steps open: Preserve logs and evidence before changing anything; Enable WAF rules or upstream DDoS protection; Block the IP. Reason: the provider absorbed the traffic',
    );
    expect(last.payload).toMatchObject({
      reason: 'the provider absorbed the traffic',
      openRequired: [
        { stepId: 'preserve-evidence', phase: 'Triage' },
        { stepId: 'enable-waf', phase: 'Contain' },
        { stepId: 'adhoc-1', text: 'Block the IP', phase: 'Contain' },
      ],
    });
    expect(call<VerifyResult>('incident.verify', { id }).intact).toBe(true);
  });

  it('moves freely once the required steps are done, skipped or not applicable', () => {
    const { id } = call<Incident>('incident.declare', { title: 'DDoS', severity: 'P0', scenario: 'ddos' });
    call('checklist.change', { id, stepId: 'acknowledge-and-assign', change: 'done' });
    call('checklist.change', { id, stepId: 'preserve-evidence', change: 'skip', reason: 'nothing to preserve' });
    expect(call<Incident>('incident.advancePhase', { id, to: 'Contain' }).currentPhase).toBe('Contain');
    expect(events(id).at(-1)!.summary).toBe('Phase Identify → Contain');
  });
});
