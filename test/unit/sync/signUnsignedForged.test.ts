import { describe, expect, it } from 'vitest';
import { hashEvent, signatureValid, type EventV2, type SignedEvent } from '../../../src-main/domain/sync/eventV2';
import { appendV2, headsOf, signUnsigned, type SyncIdentity } from '../../../src-main/store/dagStore';
import { makeDevice, seededRng, timeAt } from '../../support/dagReplica';

// Someone with write access to the data dir but not the vault adds rows that claim to be this
// laptop's events written while it was locked: the next unlock signs unsigned events of its key.
const incidentId = 'INC-20261123-141502';

function lockedLaptop() {
  const alice = makeDevice('alice', seededRng(5), incidentId);
  const locked: SyncIdentity = { ...alice.identity, privateKey: null };
  const write = (type: string, payload: Record<string, unknown>) => appendV2(alice.db, locked, { incidentId, type, at: timeAt(1), actor: 'alice', deviceId: 'alice', payload });
  write('incident.declared', { title: 'Leaked token' });
  return { alice, write };
}

/** A row put straight into the events table, as its columns are stored. */
function insertByHand(db: ReturnType<typeof makeDevice>['db'], hash: string, event: EventV2): void {
  db.prepare(
    `INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash, event_uuid, actor_key, actor_seq, actor_prev, lamport, parents, sig)
     VALUES (?, (SELECT max(seq) + 1 FROM events), 2, ?, ?, ?, 'alice', ?, '', ?, ?, ?, ?, ?, ?, ?, NULL)`,
  ).run(event.incident, event.type, event.time, event.actor, JSON.stringify(event.payload), hash, event.id, event.actor_key, event.actor_seq, event.actor_prev, event.lamport, JSON.stringify(event.parents));
}

const sigOf = (db: ReturnType<typeof makeDevice>['db'], hash: string) => db.prepare<[string], string | null>('SELECT sig FROM events WHERE hash = ?').pluck().get(hash);

describe('the unlock signs only what this laptop could have written', () => {
  it('a row whose hash is that of another event is never signed: the key is no signing oracle', () => {
    const { alice, write } = lockedLaptop();
    const mine = write('incident.noteAdded', { text: 'written while locked' });
    // The event the intruder wants this laptop's signature on, to ship elsewhere as alice's.
    const wanted: EventV2 = { ...mine.event, id: '00000000-0000-4000-8000-00000000beef', actor_seq: 3, actor_prev: mine.hash, parents: [mine.hash], lamport: mine.event.lamport + 1, type: 'incident.statusChanged', payload: { from: 'Active', to: 'Closed', note: '' } };
    const wantedHash = hashEvent(wanted);
    insertByHand(alice.db, wantedHash, { ...wanted, payload: { text: 'harmless note' }, type: 'incident.noteAdded' });

    expect(signUnsigned(alice.db, alice.identity)).toBe(2);
    expect(sigOf(alice.db, wantedHash)).toBeNull();
    expect(signatureValid(mine.hash, sigOf(alice.db, mine.hash)!, alice.identity.actorKey)).toBe(true);
  });

  it('a row that does not continue this laptop\'s own chain is left unsigned', () => {
    const { alice, write } = lockedLaptop();
    const mine = write('incident.noteAdded', { text: 'written while locked' });
    const parents = headsOf(alice.db, incidentId);
    const skipping: EventV2 = { ...mine.event, id: '00000000-0000-4000-8000-00000000cafe', actor_seq: 9, actor_prev: mine.hash, parents, lamport: mine.event.lamport + 1, payload: { text: 'planted' } };
    const skippingHash = hashEvent(skipping);
    insertByHand(alice.db, skippingHash, skipping);

    expect(signUnsigned(alice.db, alice.identity)).toBe(2);
    expect(sigOf(alice.db, skippingHash)).toBeNull();
  });

  it('events written while locked, in order, are all signed', () => {
    const { alice, write } = lockedLaptop();
    const written: SignedEvent[] = [write('incident.noteAdded', { text: 'one' }), write('incident.noteAdded', { text: 'two' })];
    expect(signUnsigned(alice.db, alice.identity)).toBe(3);
    for (const signed of written) expect(signatureValid(signed.hash, sigOf(alice.db, signed.hash)!, alice.identity.actorKey)).toBe(true);
  });
});
