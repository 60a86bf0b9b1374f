import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checklist, ChecklistStep, Incident, IncidentDetail, IncidentRoles, VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { actorKeyOf, hashEvent, signHash, type EventV2 } from '../../../src-main/domain/sync/eventV2';
import { headsOf, listDagRows, receiveEvent, setSyncIdentity } from '../../../src-main/store/dagStore';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;

beforeEach(() => {
  t = makeTestContext();
  id = callOk<Incident>(t, 'incident.declare', { title: 'Payments API down', severity: 'P2', scenario: 'generic', commander: 'ana' }).id;
});
afterEach(() => t.close());

const detail = () => callOk<IncidentDetail>(t, 'incident.get', { id });

describe('incident roles', () => {
  it('a new incident has a commander and no other role held', () => {
    expect(detail().roles).toEqual({ scribe: '', communications: '', operations: '' });
  });

  it('giving a role records who and why on the timeline, and the incident shows who holds it', () => {
    expect(callOk<IncidentRoles>(t, 'incident.setRole', { id, role: 'scribe', name: 'ben', reason: 'ana is on the phone' })).toEqual({ scribe: 'ben', communications: '', operations: '' });
    callOk(t, 'incident.setRole', { id, role: 'communications', name: 'carla' });
    callOk(t, 'incident.setRole', { id, role: 'scribe', name: 'dan' });
    const { roles, timeline } = detail();
    expect(roles).toEqual({ scribe: 'dan', communications: 'carla', operations: '' });
    expect(timeline.filter((entry) => entry.type === 'incident.roleChanged').map((entry) => entry.summary)).toEqual([
      'Scribe: (none) → ben: ana is on the phone',
      'Communications lead: (none) → carla',
      'Scribe: ben → dan',
    ]);
  });

  it('an empty name leaves the role unheld; giving it to who has it already is refused', () => {
    callOk(t, 'incident.setRole', { id, role: 'operations', name: 'erin' });
    expect(dispatch(t.ctx, 'incident.setRole', { id, role: 'operations', name: 'erin' })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'erin is already Operations lead of ' + id } });
    callOk(t, 'incident.setRole', { id, role: 'operations', name: '' });
    expect(detail().roles.operations).toBe('');
    expect(detail().timeline.at(-1)!.summary).toBe('Operations lead: erin stepped down, nobody holds it');
  });

  it('refuses a role the console does not know, with the ones it does', () => {
    const result = dispatch(t.ctx, 'incident.setRole', { id, role: 'janitor', name: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!result.ok && result.error.message).toMatch(/role must be one of scribe, communications, operations/);
  });

  it('the report and the postmortem name who held each role, and leave out the ones nobody held', () => {
    callOk(t, 'incident.setRole', { id, role: 'communications', name: 'carla' });
    for (const kind of ['incident', 'postmortem']) {
      const { markdown } = callOk<{ markdown: string }>(t, 'report.render', { id, kind });
      expect(markdown).toContain('- **Incident commander:** ana\n- **Communications lead:** carla\n');
      expect(markdown).not.toContain('Scribe:**');
    }
  });

  it('the incident still verifies: roles live in its events alone', () => {
    callOk(t, 'incident.setRole', { id, role: 'scribe', name: 'ben' });
    expect(callOk<VerifyResult>(t, 'incident.verify', { id })).toMatchObject({ verdict: 'ok', mismatches: [] });
  });
});

describe('step assignees', () => {
  it('a step given to a responder shows its assignee, on the checklist and on the timeline', () => {
    const [first, second] = callOk<Checklist>(t, 'checklist.get', { id }).steps;
    expect(first!.assignee).toBe('');
    expect(callOk<ChecklistStep>(t, 'checklist.assign', { id, stepId: first!.id, assignee: 'ben' })).toMatchObject({ id: first!.id, assignee: 'ben' });
    callOk(t, 'checklist.assign', { id, stepId: second!.id, assignee: 'carla' });
    callOk(t, 'checklist.assign', { id, stepId: first!.id, assignee: '' });
    const steps = callOk<Checklist>(t, 'checklist.get', { id }).steps;
    expect(steps.map((step) => step.assignee).slice(0, 2)).toEqual(['', 'carla']);
    expect(detail().timeline.filter((entry) => entry.type === 'checklist.stepAssigned').map((entry) => entry.summary)).toEqual([
      `Step “${first!.text}” assigned to ben`,
      `Step “${second!.text}” assigned to carla`,
      `Step “${first!.text}” unassigned (was ben)`,
    ]);
  });

  it('names the step that does not exist', () => {
    expect(dispatch(t.ctx, 'checklist.assign', { id, stepId: 'no-such-step', assignee: 'ben' })).toMatchObject({ ok: false, error: { code: 'not-found', message: `no step 'no-such-step' in the checklist of ${id}` } });
  });
});

describe('roles and assignees set on two laptops apart', () => {
  it('are conflicts to settle, each role and step on its own; the later write applies meanwhile', () => {
    const own = generateKeyPairSync('ed25519').privateKey;
    const other = generateKeyPairSync('ed25519').privateKey;
    setSyncIdentity(t.ctx.db, { actorKey: actorKeyOf(own), privateKey: own, newId: randomUUID });
    callOk(t, 'incident.addMember', { id, actorKey: actorKeyOf(other), name: 'ben' });
    const step = callOk<Checklist>(t, 'checklist.get', { id }).steps[0]!;
    const before = headsOf(t.ctx.db, id);
    callOk(t, 'incident.setRole', { id, role: 'scribe', name: 'ana' });
    callOk(t, 'incident.setRole', { id, role: 'operations', name: 'ana' });
    callOk(t, 'checklist.assign', { id, stepId: step.id, assignee: 'ana' });
    const lamport = 1 + Math.max(...listDagRows(t.ctx.db, id).filter((row) => before.includes(row.hash)).map((row) => row.lamport));
    let seq = 0;
    let parents = before;
    for (const [type, payload] of [
      ['incident.roleChanged', { role: 'scribe', from: '', name: 'ben', reason: '' }],
      ['checklist.stepAssigned', { stepId: step.id, step: step.text, from: '', assignee: 'ben' }],
    ] as const) {
      seq += 1;
      const event: EventV2 = { v: 2, id: randomUUID(), incident: id, actor: 'ben', actor_key: actorKeyOf(other), actor_seq: seq, actor_prev: seq === 1 ? null : parents[0]!, parents, lamport: lamport + seq - 1, time: '2026-11-23T14:20:00.000Z', type, payload };
      const hash = hashEvent(event);
      expect(receiveEvent(t.ctx.db, { hash, sig: signHash(hash, other), event }, { receivedAt: '2026-11-23T14:21:00.000Z', ensureIncident: () => undefined }).status).toBe('inserted');
      parents = [hash];
    }
    const conflicts = detail().conflicts;
    expect(conflicts.map((conflict) => [conflict.field, conflict.key, conflict.writes.map((write) => write.value).sort()])).toEqual([
      ['role', 'scribe', ['ana', 'ben']],
      ['assignee', step.id, ['ana', 'ben']],
    ]);
    // Keeping the value that applies now is a write that follows both: settled.
    const scribe = conflicts[0]!.winner.value;
    callOk(t, 'incident.setRole', { id, role: 'scribe', name: scribe });
    callOk(t, 'checklist.assign', { id, stepId: step.id, assignee: conflicts[1]!.winner.value });
    expect(detail().conflicts).toEqual([]);
    expect(detail().roles).toMatchObject({ scribe, operations: 'ana' });
  });
});
