import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, VerifyResult } from '../../../src-main/contract';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const verify = () => call<VerifyResult>('incident.verify', { id });
const sql = (statement: string, ...params: unknown[]) => t.ctx.db.prepare(statement).run(...params);

beforeEach(() => {
  t = makeTestContext();
  id = call<Incident>('incident.declare', { title: 'Rotation after a leak', severity: 'P1' }).id;
  call('rotation.add', { incidentId: id, name: 'OPENAI_API_KEY', location: 'OpenAI dashboard', owner: 'dana', group: 'external', fingerprint: '0123456789abcdef' });
  call('rotation.add', { incidentId: id, name: 'SMTP credentials', location: 'Email provider', owner: 'sam', group: 'service' });
  t.advance(60_000);
  call('rotation.mark', { incidentId: id, itemId: 'R1', status: 'rotated' });
  call('rotation.check', { incidentId: id, itemId: 'R1', check: 'ci-secrets', done: true });
});
afterEach(() => t.close());

describe('verify replays the rotation tracker', () => {
  it('passes when the rotation rows match their events', () => {
    expect(verify()).toMatchObject({ intact: true, mismatches: [] });
  });

  it('names an item marked verified in the database behind the console\'s back', () => {
    sql("UPDATE rotation_items SET status = 'verified', verified_at = '2026-11-23T15:00:00.000Z', verified_by = 'mallory' WHERE incident_id = ? AND item_id = 'R1'", id);
    const result = verify();
    expect(result).toMatchObject({ intact: false, firstBreak: { reason: 'state-mismatch' } });
    expect(result.mismatches).toEqual([
      {
        record: 'rotation item',
        key: 'R1',
        message: 'rotation item R1: status is "verified" in the database, "rotated" on the timeline; verifiedAt is "2026-11-23T15:00:00.000Z" in the database, null on the timeline; verifiedBy is "mallory" in the database, null on the timeline',
      },
    ]);
  });

  it('names a check ticked without an event, an owner rewritten and an item inserted by hand', () => {
    sql("UPDATE rotation_checks SET done = 1, done_at = '2026-11-23T15:00:00.000Z', done_by = 'mallory' WHERE incident_id = ? AND item_id = 'R1' AND check_id = 'production'", id);
    sql("UPDATE rotation_items SET owner = 'nobody' WHERE incident_id = ? AND item_id = 'R2'", id);
    sql("INSERT INTO rotation_items (incident_id, item_id, position, name, location, owner, priority_group, status, added_at, added_by) VALUES (?, 'R3', 3, 'x', 'y', 'z', 'application', 'verified', 'x', 'y')", id);
    expect(verify().mismatches.map((mismatch) => `${mismatch.record}: ${mismatch.message}`)).toEqual([
      'rotation item: rotation item R2: owner is "nobody" in the database, "sam" on the timeline',
      'rotation item: rotation item R3 is in the database but no event on the timeline records it',
      'rotation check: rotation check R1 production: done is true in the database, false on the timeline; at is "2026-11-23T15:00:00.000Z" in the database, null on the timeline; by is "mallory" in the database, null on the timeline',
    ]);
  });

  it('names an item deleted from the database, and the firebreak verify all check counts it', () => {
    sql("DELETE FROM rotation_checks WHERE incident_id = ? AND item_id = 'R2'", id);
    sql("DELETE FROM rotation_items WHERE incident_id = ? AND item_id = 'R2'", id);
    const messages = verify().mismatches.map((mismatch) => mismatch.message);
    expect(messages[0]).toBe('rotation item R2 is on the timeline but missing from the database');
    expect(messages).toContain('rotation check R2 ci-secrets is on the timeline but missing from the database');
    expect(call<{ broken: number }>('verify.all', {}).broken).toBe(1);
  });
});
