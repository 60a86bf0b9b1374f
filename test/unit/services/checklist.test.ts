import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checklist, ChecklistStep, Incident, IncidentDetail, VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const fail = (name: string, input: unknown) => dispatch(t.ctx, name, input);

describe('checklist', () => {
  it('is the scenario\'s playbook, grouped by phase, with commands filled from the incident', () => {
    const { id } = call<Incident>('incident.declare', { title: 'AWS key in repo', severity: 'P0', scenario: 'secret-leaked' });
    const checklist = call<Checklist>('checklist.get', { id });
    expect(checklist).toMatchObject({ playbookId: 'secret-leaked', playbookTitle: 'Secret or credential leaked', currentPhase: 'Identify' });
    expect(checklist.phases.map((phase) => phase.phase)).toEqual(['Identify', 'Triage', 'Contain', 'Eradicate', 'Recover', 'Learn']);
    expect(checklist.phases.every((phase) => phase.total > 0 && phase.open === phase.total)).toBe(true);
    const evidence = checklist.steps.find((step) => step.id === 'preserve-evidence')!;
    expect(evidence.filledCommand).toBe(`firebreak evidence collect ./logs ./config --output evidence-${id}.tar.gz --incident ${id}`);
    expect(evidence.unfilledPlaceholders).toEqual([]);
    const history = checklist.steps.find((step) => step.id === 'scan-history')!;
    expect(history.filledCommand).toBe('git log -p --all -S {SECRET_PATTERN}');
    expect(history.unfilledPlaceholders).toEqual(['SECRET_PATTERN']);
  });

  it('records ticks, skips with reasons, not-applicable, notes and ad-hoc steps on the timeline with who and when', () => {
    call('settings.update', { responderName: 'Ana' });
    const { id } = call<Incident>('incident.declare', { title: 'Leak', severity: 'P1', scenario: 'secret-leaked' });
    t.advance(60_000);
    call('checklist.change', { id, stepId: 'acknowledge-and-assign', change: 'done' });
    t.advance(60_000);
    call('checklist.change', { id, stepId: 'open-channel', change: 'skip', reason: 'solo responder' });
    call('checklist.change', { id, stepId: 'remove-from-history', change: 'na', reason: 'never pushed' });
    call('checklist.change', { id, stepId: 'revoke-credential', change: 'note', text: 'waiting for AWS support' });
    const added = call<ChecklistStep>('checklist.addStep', { id, phase: 'Contain', text: 'Disable the CI job that printed the key', critical: true });
    expect(added).toMatchObject({ id: 'adhoc-1', phase: 'Contain', adhoc: true, status: 'open', critical: true });
    call('checklist.change', { id, stepId: 'acknowledge-and-assign', change: 'reopen' });

    const checklist = call<Checklist>('checklist.get', { id });
    const step = (stepId: string) => checklist.steps.find((candidate) => candidate.id === stepId)!;
    expect(step('open-channel')).toMatchObject({ status: 'skipped', reason: 'solo responder', updatedBy: 'Ana', updatedAt: '2026-11-23T14:17:02.000Z' });
    expect(step('remove-from-history')).toMatchObject({ status: 'na', reason: 'never pushed' });
    expect(step('revoke-credential').notes).toEqual([{ at: '2026-11-23T14:17:02.000Z', actor: 'Ana', text: 'waiting for AWS support' }]);
    expect(step('acknowledge-and-assign').status).toBe('open');
    expect(checklist.phases.find((phase) => phase.phase === 'Identify')).toMatchObject({ total: 3, skipped: 1, open: 2 });

    const timeline = call<IncidentDetail>('incident.get', { id }).timeline.slice(2);
    expect(timeline.map((entry) => [entry.actor, entry.at, entry.summary])).toEqual([
      ['Ana', '2026-11-23T14:16:02.000Z', '✓ Done: Acknowledge the alert and name the incident commander'],
      // The step stands for acknowledging: ticking it acknowledges the incident.
      ['Ana', '2026-11-23T14:16:02.000Z', 'Acknowledged: the response SLA stops'],
      ['Ana', '2026-11-23T14:17:02.000Z', 'Skipped: Open the incident channel and start the timeline: solo responder'],
      ['Ana', '2026-11-23T14:17:02.000Z', 'Not applicable: Remove the secret from git history and force-push (coordinate with the team first): never pushed'],
      ['Ana', '2026-11-23T14:17:02.000Z', 'Note on “Revoke the leaked credential at the provider”: waiting for AWS support'],
      ['Ana', '2026-11-23T14:17:02.000Z', 'Step added: Disable the CI job that printed the key'],
      ['Ana', '2026-11-23T14:17:02.000Z', 'Reopened: Acknowledge the alert and name the incident commander'],
    ]);
    expect(call<VerifyResult>('incident.verify', { id }).intact).toBe(true);
  });

  it('refuses a skip without a reason, an unknown step and a no-op change, writing nothing', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Leak', severity: 'P1', scenario: 'secret-leaked' });
    const events = () => t.ctx.db.prepare('SELECT count(*) FROM events').pluck().get();
    const before = events();
    expect(fail('checklist.change', { id, stepId: 'open-channel', change: 'skip', reason: ' ' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'reason must not be empty' } });
    expect(fail('checklist.change', { id, stepId: 'no-such-step', change: 'done' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(fail('checklist.change', { id, stepId: 'open-channel', change: 'reopen' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(fail('checklist.change', { id, stepId: 'open-channel', change: 'explode' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(events()).toBe(before);
  });

  it('advances phases forward when told, recording containment, recovery and resolution times', () => {
    const { id } = call<Incident>('incident.declare', { title: 'DDoS', severity: 'P0', scenario: 'ddos' });
    t.advance(10 * 60_000);
    call('checklist.change', { id, stepId: 'acknowledge-and-assign', change: 'done' });
    expect(call<Incident>('incident.advancePhase', { id }).currentPhase).toBe('Triage');
    call('checklist.change', { id, stepId: 'preserve-evidence', change: 'done' });
    expect(call<Incident>('incident.advancePhase', { id, to: 'Contain' }).currentPhase).toBe('Contain');
    expect(fail('incident.advancePhase', { id, to: 'Identify' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('only move forward') } });
    t.advance(20 * 60_000);
    expect(call<Incident>('incident.setStatus', { id, status: 'Contained' }).milestones).toEqual({ containedAt: '2026-11-23T14:45:02.000Z', recoveredAt: null, resolvedAt: null });
    t.advance(60 * 60_000);
    expect(call<Incident>('incident.advancePhase', { id, to: 'Learn', reason: 'the attack stopped on its own' }).milestones.recoveredAt).toBe('2026-11-23T15:45:02.000Z');
    expect(fail('incident.advancePhase', { id })).toMatchObject({ ok: false, error: { message: expect.stringContaining('already in the last phase') } });
    t.advance(60_000);
    expect(call<Incident>('incident.setStatus', { id, status: 'Resolved' }).milestones.resolvedAt).toBe('2026-11-23T15:46:02.000Z');
    expect(call<VerifyResult>('incident.verify', { id }).intact).toBe(true);
  });

  it('keeps the snapshot when the playbook file changes after declaration', () => {
    const userDir = path.join(t.dataDir, 'playbooks');
    fs.mkdirSync(userDir);
    const file = path.join(userDir, 'drill.yaml');
    fs.writeFileSync(file, 'id: drill\ntitle: Drill v1\nsteps:\n  - id: one\n    phase: Identify\n    text: Original step\n');
    const { id } = call<Incident>('incident.declare', { title: 'Drill', severity: 'P3', scenario: 'drill' });
    fs.writeFileSync(file, 'id: drill\ntitle: Drill v2\nsteps:\n  - id: one\n    phase: Identify\n    text: Rewritten step\n  - id: two\n    phase: Learn\n    text: New step\n');
    const checklist = call<Checklist>('checklist.get', { id });
    expect(checklist.playbookTitle).toBe('Drill v1');
    expect(checklist.steps.map((step) => step.text)).toEqual(['Original step']);
    const later = call<Incident>('incident.declare', { title: 'Later drill', severity: 'P3', scenario: 'drill' });
    expect(call<Checklist>('checklist.get', { id: later.id }).steps.map((step) => step.text)).toEqual(['Rewritten step', 'New step']);
  });

  it('takes a fresh snapshot when the scenario changes, and refuses unknown scenarios', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Odd logins', severity: 'P2' });
    expect(call<Checklist>('checklist.get', { id }).playbookId).toBe('generic');
    call('checklist.change', { id, stepId: 'initial-assessment', change: 'done' });
    expect(call<Incident>('incident.setScenario', { id, scenario: 'credential-compromise' }).scenario).toBe('credential-compromise');
    const checklist = call<Checklist>('checklist.get', { id });
    expect(checklist.playbookTitle).toBe('Credential compromise / brute force');
    expect(checklist.steps.every((step) => step.status === 'open')).toBe(true);
    expect(fail('incident.declare', { title: 'x', severity: 'P2', scenario: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining("unknown scenario 'nope'") } });
    expect(call<VerifyResult>('incident.verify', { id }).intact).toBe(true);
  });

  it('shows progress per incident on the dashboard list', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Leak', severity: 'P1', scenario: 'secret-leaked' });
    call('checklist.change', { id, stepId: 'acknowledge-and-assign', change: 'done' });
    call('checklist.change', { id, stepId: 'open-channel', change: 'na', reason: '' });
    const [listed] = call<{ incidents: Incident[] }>('incident.list', { scope: 'open' }).incidents;
    expect(listed).toMatchObject({ currentPhase: 'Identify', progress: { settled: 2, total: 21 } });
  });
});
