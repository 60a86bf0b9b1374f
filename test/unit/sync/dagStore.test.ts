import { describe, expect, it } from 'vitest';
import { hashEvent, signatureValid, signHash, type EventV2, type SignedEvent } from '../../../src-main/domain/sync/eventV2';
import { verifyDag } from '../../../src-main/domain/sync/verifyDag';
import { appendV2, headsOf, listDagRows, receiveEvent, signUnsigned, type SyncIdentity } from '../../../src-main/store/dagStore';
import { dagNodes } from '../../../src-main/store/dagNodes';
import { insertIncidentRow, makeDevice, seededRng, signedEvents, timeAt, type Device } from '../../support/dagReplica';

const incidentId = 'INC-20261123-141502';

function team(seed = 1) {
  const rng = seededRng(seed);
  const alice = makeDevice('alice', rng, incidentId);
  const bob = makeDevice('bob', rng, incidentId);
  return { rng, alice, bob };
}

function append(device: Device, type: string, payload: Record<string, unknown> = {}, minute = 1, identity: SyncIdentity = device.identity): SignedEvent {
  return appendV2(device.db, identity, { incidentId, type, at: timeAt(minute), actor: device.name, deviceId: device.name, payload });
}

const receive = (device: Device, signed: SignedEvent) => receiveEvent(device.db, signed, { receivedAt: timeAt(99), ensureIncident: (genesis) => insertIncidentRow(device.db, genesis.incident) });
const verify = (device: Device) => verifyDag({ incidentId, nodes: dagNodes(device.db, incidentId), localActorKey: device.identity.actorKey });

/** Alice declares and admits Bob; Bob holds both events. */
function declared(seed = 1) {
  const t = team(seed);
  const genesis = append(t.alice, 'incident.declared', { title: 'Leak' }, 0);
  const admitted = append(t.alice, 'member.added', { actorKey: t.bob.identity.actorKey, name: 'bob' }, 1);
  for (const signed of [genesis, admitted]) expect(receive(t.bob, signed).status).toBe('inserted');
  return { ...t, genesis, admitted };
}

describe('appendV2', () => {
  it('chains a device\'s events: genesis with no parents, then every head as parents, Lamport and actor_seq counting up, signed', () => {
    const { alice, genesis, admitted } = declared();
    expect(genesis.event).toMatchObject({ parents: [], lamport: 1, actor_seq: 1, actor_prev: null });
    expect(admitted.event).toMatchObject({ parents: [genesis.hash], lamport: 2, actor_seq: 2, actor_prev: genesis.hash });
    expect(hashEvent(admitted.event)).toBe(admitted.hash);
    expect(signatureValid(admitted.hash, admitted.sig!, alice.identity.actorKey)).toBe(true);
    expect(headsOf(alice.db, incidentId)).toEqual([admitted.hash]);
  });

  it('a fork leaves two heads; the next append merges them as sorted parents with Lamport 1 + max', () => {
    const { alice, bob } = declared();
    const fromAlice = append(alice, 'incident.severityChanged', { to: 'P1' }, 2);
    append(alice, 'incident.noteAdded', { text: 'more' }, 3);
    const fromBob = append(bob, 'incident.severityChanged', { to: 'P0' }, 2);
    for (const signed of signedEvents(bob.db, incidentId)) receive(alice, signed);
    const heads = headsOf(alice.db, incidentId);
    expect(heads).toHaveLength(2);
    expect(heads).toContain(fromBob.hash);
    expect(heads).not.toContain(fromAlice.hash);
    const merge = append(alice, 'incident.noteAdded', { text: 'seen both' }, 4);
    expect(merge.event.parents).toEqual([...heads].sort());
    expect(merge.event.lamport).toBe(5);
    expect(headsOf(alice.db, incidentId)).toEqual([merge.hash]);
    expect(verify(alice).verdict).toBe('ok');
  });
});

describe('receiveEvent', () => {
  it('keeps an event whose parent has not arrived pending (incomplete), then applies both when it does', () => {
    const { alice, bob } = declared();
    const parent = append(alice, 'incident.noteAdded', { text: 'one' }, 2);
    const child = append(alice, 'incident.noteAdded', { text: 'two' }, 3);
    expect(receive(bob, child)).toEqual({ status: 'pending', missing: [parent.hash] });
    expect(listDagRows(bob.db, incidentId).map((row) => row.hash)).not.toContain(child.hash);
    const waiting = verify(bob);
    expect(waiting.verdict).toBe('incomplete');
    expect(waiting.missing).toEqual([parent.hash]);

    expect(receive(bob, parent)).toEqual({ status: 'inserted', applied: [parent.hash, child.hash] });
    expect(bob.db.prepare('SELECT count(*) FROM pending_events').pluck().get()).toBe(0);
    expect(headsOf(bob.db, incidentId)).toEqual([child.hash]);
    expect(verify(bob).verdict).toBe('ok');
  });

  it('takes the same event twice as one', () => {
    const { alice, bob } = declared();
    const note = append(alice, 'incident.noteAdded', { text: 'once' }, 2);
    expect(receive(bob, note).status).toBe('inserted');
    expect(receive(bob, note)).toEqual({ status: 'duplicate' });
    expect(listDagRows(bob.db, incidentId).filter((row) => row.hash === note.hash)).toHaveLength(1);
  });

  it('refuses an altered body, a signature by another key, and an unsigned event', () => {
    const { alice, bob } = declared();
    const note = append(alice, 'incident.noteAdded', { text: 'true' }, 2);
    const altered = { ...note, event: { ...note.event, payload: { text: 'false' } } };
    expect(receive(bob, altered)).toMatchObject({ status: 'refused', reason: expect.stringContaining('does not match its hash') });
    expect(receive(bob, { ...note, sig: signHash(note.hash, bob.key) })).toMatchObject({ status: 'refused', reason: expect.stringContaining('not signed by the key it names') });
    expect(receive(bob, { ...note, sig: null })).toMatchObject({ status: 'refused' });
    expect(listDagRows(bob.db, incidentId).map((row) => row.hash)).not.toContain(note.hash);
  });

  it('refuses a second event under an id already held', () => {
    const { alice, bob } = declared();
    const note = append(alice, 'incident.noteAdded', { text: 'first' }, 2);
    receive(bob, note);
    const reused: EventV2 = { ...note.event, actor_seq: 4, actor_prev: note.hash, parents: [note.hash], lamport: note.event.lamport + 1, payload: { text: 'other' } };
    const hash = hashEvent(reused);
    const outcome = receive(bob, { hash, sig: signHash(hash, alice.key), event: reused });
    expect(outcome).toMatchObject({ status: 'refused', reason: expect.stringContaining(`event id ${note.event.id} is already held`) });
  });

  it('refuses equivocation at the door: the same key signing two events with one actor_seq', () => {
    const { alice, bob } = declared();
    const note = append(alice, 'incident.noteAdded', { text: 'what happened' }, 2);
    receive(bob, note);
    const twin: EventV2 = { ...note.event, id: '00000000-0000-4000-8000-000000000099', payload: { text: 'what I now say happened' } };
    const hash = hashEvent(twin);
    const outcome = receive(bob, { hash, sig: signHash(hash, alice.key), event: twin });
    expect(outcome).toMatchObject({ status: 'refused', reason: expect.stringContaining(`equivocation`) });
    expect((outcome as { reason: string }).reason).toContain(note.hash.slice(0, 12));
  });
  it('refuses, whatever transport brings it, a signed event whose Lamport number, parents or previous event do not fit the held history', () => {
    const { alice, bob, admitted } = declared();
    const note = append(alice, 'incident.noteAdded', { text: 'x' }, 2);
    const resign = (event: EventV2) => {
      const hash = hashEvent(event);
      return receive(bob, { hash, sig: signHash(hash, alice.key), event });
    };
    expect(resign({ ...note.event, lamport: note.event.lamport + 5 })).toMatchObject({ status: 'refused', reason: expect.stringContaining('its parents make it 3') });
    expect(resign({ ...note.event, actor_prev: null })).toMatchObject({ status: 'refused', reason: expect.stringContaining('names no previous event') });
    expect(resign({ ...note.event, actor_seq: 5 })).toMatchObject({ status: 'refused', reason: expect.stringContaining("not that device's event 4") });
    expect(resign({ ...note.event, parents: [admitted.hash, admitted.hash] })).toMatchObject({ status: 'refused', reason: expect.stringContaining('unsorted or twice') });
    expect(receive(bob, note).status).toBe('inserted');
    expect(verify(bob).verdict).toBe('ok');
  });
});

describe('signUnsigned and the sig-only UPDATE trigger', () => {
  it('events written while the key was locked verify on this laptop, are signed once the key arrives, and nothing else can change', () => {
    const { alice, bob } = declared();
    const locked: SyncIdentity = { ...alice.identity, privateKey: null };
    const note = append(alice, 'incident.noteAdded', { text: 'written while locked' }, 2, locked);
    expect(note.sig).toBeNull();
    const here = verify(alice);
    expect(here.verdict).toBe('ok');
    expect(here.unsigned).toBe(1);
    // Elsewhere an unsigned event proves nothing.
    const elsewhere = verifyDag({ incidentId, nodes: dagNodes(alice.db, incidentId), localActorKey: bob.identity.actorKey });
    expect(elsewhere.verdict).toBe('tampered');
    expect(elsewhere.problems[0]).toMatchObject({ hash: note.hash, reason: 'bad-signature' });

    expect(signUnsigned(alice.db, alice.identity)).toBe(1);
    const sig = alice.db.prepare<[string], string>('SELECT sig FROM events WHERE hash = ?').pluck().get(note.hash)!;
    expect(signatureValid(note.hash, sig, alice.identity.actorKey)).toBe(true);
    expect(verify(alice).unsigned).toBe(0);
    expect(signUnsigned(alice.db, alice.identity)).toBe(0);

    const refused = /append-only: UPDATE refused/;
    expect(() => alice.db.prepare('UPDATE events SET sig = ? WHERE hash = ?').run(signHash(note.hash, bob.key), note.hash)).toThrow(refused);
    expect(() => alice.db.prepare("UPDATE events SET payload = '{}' WHERE hash = ?").run(note.hash)).toThrow(refused);
    const other = append(alice, 'incident.noteAdded', { text: 'also locked' }, 3, locked);
    // Setting the signature must be the only change in the statement.
    expect(() => alice.db.prepare("UPDATE events SET sig = ?, at = '2030-01-01T00:00:00.000Z' WHERE hash = ?").run(signHash(other.hash, alice.key), other.hash)).toThrow(refused);
    expect(() => alice.db.prepare('UPDATE events SET sig = ?, lamport = lamport + 1 WHERE hash = ?').run(signHash(other.hash, alice.key), other.hash)).toThrow(refused);
    expect(() => alice.db.prepare('DELETE FROM events WHERE hash = ?').run(other.hash)).toThrow(/append-only: DELETE refused/);
  });
});
