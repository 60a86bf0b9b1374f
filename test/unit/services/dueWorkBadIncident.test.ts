import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incident, IncidentDetail } from '../../../src-main/contract';
import { raiseDueUpdates } from '../../../src-main/services/comms/sent';
import { raiseDueEscalations } from '../../../src-main/services/escalations/escalations';
import { recordSlaBreaches } from '../../../src-main/services/escalations/slaWatcher';
import { rebuildProjection } from '../../../src-main/services/sync/projection';
import { actorKeyOf, hashEvent, signHash, type EventV2 } from '../../../src-main/domain/sync/eventV2';
import { headsOf, listDagRows, receiveEvent, setSyncIdentity } from '../../../src-main/store/dagStore';
import { writeTransaction } from '../../../src-main/store/transaction';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

const minutes = (n: number) => n * 60_000;
let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => {
  vi.restoreAllMocks();
  t.close();
});
const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);

/** An incident shared with another laptop, whose signed severity change sets a response time of millions of years. */
function incidentWithAbsurdDeadline(): string {
  const { db } = t.ctx;
  const own = generateKeyPairSync('ed25519').privateKey;
  const other = generateKeyPairSync('ed25519').privateKey;
  setSyncIdentity(db, { actorKey: actorKeyOf(own), privateKey: own, newId: randomUUID });
  const odd = call<Incident>('incident.declare', { title: 'Shared with the hub', severity: 'P3' }).id;
  call('incident.addMember', { id: odd, actorKey: actorKeyOf(other), name: 'ben' });
  const lamport = 1 + Math.max(...listDagRows(db, odd).map((row) => row.lamport));
  const event = {
    v: 2, id: randomUUID(), incident: odd, actor: 'ben', actor_key: actorKeyOf(other), actor_seq: 1, actor_prev: null, parents: headsOf(db, odd), lamport,
    time: '2026-11-23T14:16:02.000Z', type: 'incident.severityChanged', payload: { from: 'P3', to: 'P2', responseMinutes: 1e15, reason: '' },
  } as EventV2;
  const hash = hashEvent(event);
  expect(receiveEvent(db, { hash, sig: signHash(hash, other), event }, { receivedAt: '2026-11-23T14:18:00.000Z', ensureIncident: () => undefined }).status).toBe('inserted');
  writeTransaction(db, () => rebuildProjection(db, odd));
  return odd;
}

describe('an incident whose response deadline no date can hold', () => {
  it('still lists and opens, its other due moments still come, and the deadline is logged once', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const odd = incidentWithAbsurdDeadline();
    const id = call<Incident>('incident.declare', { title: 'Credential stuffing', severity: 'P1' }).id;
    t.advance(minutes(61));
    const check = () => ({ breached: recordSlaBreaches(t.ctx), steps: raiseDueEscalations(t.ctx).map((r) => `${r.incidentId === odd ? 'odd' : 'other'} ${r.key}`), updates: raiseDueUpdates(t.ctx) });
    // Its P2 steps still come due beside the other incident's; only its breach never does.
    expect(check()).toEqual({ breached: [id], steps: ['odd r2-0m', 'odd r2-60m', 'other r1-0m', 'other r1-60m'], updates: [] });
    call('incident.addNote', { id: odd, text: 'still here' });
    expect(check()).toEqual({ breached: [], steps: [], updates: [] });
    expect(call<{ incidents: Incident[] }>('incident.list', {}).incidents.map((incident) => incident.id).sort()).toEqual([odd, id].sort());
    expect(call<IncidentDetail>('incident.get', { id: odd }).incident.sla.state).toBe('running');
    expect(logged.mock.calls.filter(([line]) => String(line).includes(`${odd}: its response deadline cannot come due`))).toHaveLength(1);
  });
});
