import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentDetail, VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { actorKeyOf, hashEvent, signHash, type EventV2 } from '../../../src-main/domain/sync/eventV2';
import { headsOf, listDagRows, receiveEvent, setSyncIdentity } from '../../../src-main/store/dagStore';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
const other = generateKeyPairSync('ed25519').privateKey;

/** An event written on the other laptop, on top of `parents`, signed by its device key: what a bundle brings. */
function otherLaptopWrites(key: KeyObject, parents: string[], type: string, payload: Record<string, unknown>): void {
  const lamport = 1 + Math.max(...listDagRows(t.ctx.db, id).filter((row) => parents.includes(row.hash)).map((row) => row.lamport));
  const event: EventV2 = { v: 2, id: randomUUID(), incident: id, actor: 'ben', actor_key: actorKeyOf(key), actor_seq: 1, actor_prev: null, parents, lamport, time: '2026-11-23T14:20:00.000Z', type, payload };
  const hash = hashEvent(event);
  const outcome = receiveEvent(t.ctx.db, { hash, sig: signHash(hash, key), event }, { receivedAt: '2026-11-23T14:21:00.000Z', ensureIncident: () => undefined });
  expect(outcome.status).toBe('inserted');
}

const conflictsOf = () => callOk<IncidentDetail>(t, 'incident.get', { id }).conflicts;

beforeEach(() => {
  t = makeTestContext();
  const own = generateKeyPairSync('ed25519').privateKey;
  setSyncIdentity(t.ctx.db, { actorKey: actorKeyOf(own), privateKey: own, newId: randomUUID });
  id = callOk<Incident>(t, 'incident.declare', { title: 'Payments API down', severity: 'P2', scenario: 'generic', commander: 'ana' }).id;
  callOk(t, 'incident.addMember', { id, actorKey: actorKeyOf(other), name: 'ben' });
});
afterEach(() => t.close());

describe('settling a concurrent write from the incident page', () => {
  it('keeping the severity that applies now is a new write that settles the conflict, and the incident verifies', () => {
    const before = headsOf(t.ctx.db, id);
    t.advance(60_000);
    callOk(t, 'incident.setSeverity', { id, severity: 'P1' });
    otherLaptopWrites(other, before, 'incident.severityChanged', { from: 'P2', to: 'P3', responseMinutes: 1440, reason: '' });
    const [conflict] = conflictsOf();
    expect(conflict?.field).toBe('severity');
    expect(conflict?.writes.map((write) => write.value).sort()).toEqual(['P1', 'P3']);

    // "Keep P1" while P1 may already apply: without a conflict this would be refused as "already P1".
    t.advance(60_000);
    const kept = dispatch(t.ctx, 'incident.setSeverity', { id, severity: conflict!.winner.value });
    expect(kept.ok).toBe(true);
    expect(conflictsOf()).toEqual([]);
    expect(callOk<IncidentDetail>(t, 'incident.get', { id }).incident.severity).toBe(conflict!.winner.value);
    expect(callOk<VerifyResult>(t, 'incident.verify', { id }).verdict).toBe('ok');

    // Once settled, writing the same value again is the usual refusal.
    const again = dispatch(t.ctx, 'incident.setSeverity', { id, severity: conflict!.winner.value });
    expect(again.ok).toBe(false);
  });

  it('a status one responder set behind the other can be kept, but only while it is in conflict', () => {
    const before = headsOf(t.ctx.db, id);
    t.advance(60_000);
    callOk(t, 'incident.setStatus', { id, status: 'Resolved' });
    otherLaptopWrites(other, before, 'incident.statusChanged', { from: 'Active', to: 'Contained', note: '' });
    expect(conflictsOf().map((conflict) => conflict.field)).toEqual(['status']);
    const kept = dispatch(t.ctx, 'incident.setStatus', { id, status: 'Contained' });
    expect(kept.ok).toBe(true);
    expect(conflictsOf()).toEqual([]);
    expect(dispatch(t.ctx, 'incident.setStatus', { id, status: 'Active' }).ok).toBe(false);
  });
});
