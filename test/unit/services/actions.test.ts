import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionItem, Incident, IncidentDetail, VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const failure = (name: string, input: unknown) => {
  const result = dispatch(t.ctx, name, input);
  if (result.ok) throw new Error(`${name} succeeded`);
  return result.error;
};
const timeline = (incident = id) => call<IncidentDetail>('incident.get', { id: incident }).timeline.map((entry) => entry.summary);
const list = (input: Record<string, unknown> = {}) => call<{ items: ActionItem[] }>('action.list', input).items.map((item) => `${item.incidentId.slice(-2)} ${item.id}${item.overdue ? ' overdue' : ''}`);

beforeEach(() => {
  t = makeTestContext('2026-12-01T10:00:00.000Z');
  id = call<Incident>('incident.declare', { title: 'Deploy key leaked', severity: 'P1' }).id;
});
afterEach(() => t.close());

describe('action items', () => {
  it('are added as A1, A2… and every change is on the timeline, from → to', () => {
    expect(call<ActionItem>('action.add', { incidentId: id, title: 'Rotate deploy keys', owner: 'Dana', due: '2026-12-04' })).toMatchObject({
      id: 'A1', title: 'Rotate deploy keys', owner: 'Dana', due: '2026-12-04', status: 'open', overdue: false, doneAt: null,
    });
    call('action.add', { incidentId: id, title: 'Add secret scanning to CI' });
    t.advance(60_000);
    call('action.update', { incidentId: id, itemId: 'A2', owner: 'Lee', due: '2026-12-10' });
    call('action.update', { incidentId: id, itemId: 'A2', title: 'Add secret scanning to CI and pre-commit' });
    const done = call<ActionItem>('action.update', { incidentId: id, itemId: 'A1', status: 'done' });
    expect(done).toMatchObject({ status: 'done', doneAt: '2026-12-01T10:01:00.000Z' });
    expect(call<ActionItem>('action.update', { incidentId: id, itemId: 'A1', status: 'open' })).toMatchObject({ status: 'open', doneAt: null, doneBy: null });
    call('action.update', { incidentId: id, itemId: 'A2', owner: '', due: null });
    expect(timeline().slice(-7)).toEqual([
      'Action item A1 added: Rotate deploy keys (owner Dana, due 2026-12-04)',
      'Action item A2 added: Add secret scanning to CI',
      'Action item A2: owner (none) → Lee, due no due date → 2026-12-10',
      'Action item A2: title Add secret scanning to CI → Add secret scanning to CI and pre-commit',
      'Action item A1 done',
      'Action item A1 reopened',
      'Action item A2: owner Lee → (none), due 2026-12-10 → no due date',
    ]);
    expect(call<VerifyResult>('incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
  });

  it('list overdue first by the clock, then by due date, then incident and id; open only unless all', () => {
    const other = call<Incident>('incident.declare', { title: 'Second', severity: 'P3' }).id;
    call('action.add', { incidentId: id, title: 'undated' });
    call('action.add', { incidentId: id, title: 'later', due: '2026-12-20' });
    call('action.add', { incidentId: other, title: 'soon', due: '2026-12-03' });
    call('action.add', { incidentId: id, title: 'soon too', due: '2026-12-03' });
    call('action.add', { incidentId: other, title: 'finished', due: '2026-12-02' });
    call('action.update', { incidentId: other, itemId: 'A2', status: 'done' });
    const [a, b] = [id.slice(-2), other.slice(-2)];
    // Same due date: by incident id, then item number.
    expect(id < other).toBe(true);
    expect(list()).toEqual([`${a} A3`, `${b} A1`, `${a} A2`, `${a} A1`]);
    t.setNow('2026-12-05T00:00:00.000Z');
    expect(list()).toEqual([`${a} A3 overdue`, `${b} A1 overdue`, `${a} A2`, `${a} A1`]);
    t.setNow('2026-12-25T00:00:00.000Z');
    expect(list()).toEqual([`${a} A3 overdue`, `${b} A1 overdue`, `${a} A2 overdue`, `${a} A1`]);
    expect(list({ incidentId: other, status: 'all' })).toEqual([`${b} A1 overdue`, `${b} A2`]);
    expect(list({ incidentId: other })).toEqual([`${b} A1 overdue`]);
  });

  it("leave a drill's follow-ups out of the list across incidents, and list them with the drill's id", () => {
    const drill = call<{ id: string }>('drill.start', { drillId: 'leaked-api-key' }).id;
    call('action.add', { incidentId: id, title: 'Rotate the real key' });
    call('action.add', { incidentId: drill, title: 'Practise the runbook again' });
    const [real, practice] = [id.slice(-2), drill.slice(-2)];
    expect(real).not.toBe(practice);
    expect(list()).toEqual([`${real} A1`]);
    expect(list({ status: 'all' })).toEqual([`${real} A1`]);
    expect(list({ incidentId: drill })).toEqual([`${practice} A1`]);
  });

  it('refuses an unknown incident or item (not-found) and a change to nothing (invalid-input)', () => {
    call('action.add', { incidentId: id, title: 'Rotate deploy keys', owner: 'Dana' });
    expect(failure('action.add', { incidentId: 'INC-20990101-000000', title: 'x' })).toMatchObject({ code: 'not-found' });
    expect(failure('action.update', { incidentId: id, itemId: 'A9', status: 'done' })).toMatchObject({ code: 'not-found', message: expect.stringContaining('it has A1') });
    expect(failure('action.update', { incidentId: id, itemId: 'A1', owner: 'Dana', status: 'open' })).toMatchObject({ code: 'invalid-input' });
    expect(failure('action.update', { incidentId: id, itemId: 'A1' })).toMatchObject({ code: 'invalid-input' });
    expect(failure('action.add', { incidentId: id, title: 'x', due: '2026-02-30' })).toMatchObject({ code: 'invalid-input' });
    expect(timeline().filter((line) => line.startsWith('Action item'))).toHaveLength(1);
  });

  it('verify names an action item row edited outside Firebreak', () => {
    call('action.add', { incidentId: id, title: 'Rotate deploy keys', owner: 'Dana', due: '2026-12-04' });
    t.ctx.db.prepare("UPDATE action_items SET status = 'done', owner = 'mallory' WHERE incident_id = ? AND item_id = 'A1'").run(id);
    const result = call<VerifyResult>('incident.verify', { id });
    expect(result).toMatchObject({ intact: false, firstBreak: { reason: 'state-mismatch' } });
    expect(result.mismatches).toEqual([
      { record: 'action item', key: 'A1', message: 'action item A1: owner is "mallory" in the database, "Dana" on the timeline; status is "done" in the database, "open" on the timeline' },
    ]);
  });

  it('verify names an action item deleted from, or inserted into, the database by hand', () => {
    call('action.add', { incidentId: id, title: 'Rotate deploy keys' });
    t.ctx.db.prepare("DELETE FROM action_items WHERE incident_id = ? AND item_id = 'A1'").run(id);
    t.ctx.db.prepare("INSERT INTO action_items (incident_id, item_id, position, title, owner, status, created_at, created_by, updated_at, updated_by) VALUES (?, 'A7', 7, 'x', '', 'done', 'x', 'y', 'x', 'y')").run(id);
    expect(call<VerifyResult>('incident.verify', { id }).mismatches.map((mismatch) => mismatch.message)).toEqual([
      'action item A1 is on the timeline but missing from the database',
      'action item A7 is in the database but no event on the timeline records it',
    ]);
  });
});
