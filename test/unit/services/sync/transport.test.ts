import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashEvent, signHash, type SignedEvent } from '../../../../src-main/domain/sync/eventV2';
import { InMemoryHub } from '../../../../src-main/services/sync/transport';
import { listWitnesses } from '../../../../src-main/store/dagNodes';
import { Responder } from '../../../sim/responder';
import { Rng, ed25519FromSeed } from '../../../sim/rng';

const incidentId = 'INC-20261123-080000';
const at = '2026-11-23T08:00:00.000Z';
const names = ['alice', 'bob'];
const dirs: string[] = [];
const opened: Responder[] = [];

function responder(index: number, fileBacked = false): Responder {
  const rng = new Rng(100 + index);
  const dir = fileBacked ? fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-sync-')) : null;
  if (dir) dirs.push(dir);
  const r = new Responder(index, names[index]!, ed25519FromSeed(rng.bytes(32)), rng, dir, () => at);
  opened.push(r);
  return r;
}

afterEach(() => {
  for (const r of opened.splice(0)) r.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Alice declares and admits Bob: the events a hub would see first. */
function declared(): { alice: Responder; bob: Responder; events: SignedEvent[] } {
  const alice = responder(0);
  const bob = responder(1);
  const events = [...alice.declare(incidentId, at), alice.addMember(incidentId, bob, at)];
  return { alice, bob, events };
}

describe('in-memory hub', () => {
  it('keeps one copy of each event however often it is pushed, and pages by its own arrival cursor', async () => {
    const { events } = declared();
    const hub = new InMemoryHub();
    expect((await hub.push(events)).acknowledged).toEqual(events.map((e) => e.hash));
    expect((await hub.push([...events].reverse())).acknowledged).toHaveLength(events.length);
    expect(hub.size).toBe(events.length);
    const first = await hub.pull(0, 2);
    expect(first.events.map((e) => e.hash)).toEqual(events.slice(0, 2).map((e) => e.hash));
    const rest = await hub.pull(first.cursor, 2);
    expect(rest.events.map((e) => e.hash)).toEqual(events.slice(2).map((e) => e.hash));
    expect((await hub.pull(rest.cursor)).events).toEqual([]);
  });

  it('refuses altered content, a second hash for an id, and a second event for one device sequence', () => {
    const { alice, events } = declared();
    const hub = new InMemoryHub();
    hub.accept(events);
    const note = alice.append(incidentId, 'note', at, names);
    hub.accept([note]);
    const altered = { ...note, event: { ...note.event, payload: { text: 'rewritten' } } };
    const sameId = (() => {
      const event = { ...note.event, payload: { text: 'same id, other text' } };
      const hash = hashEvent(event);
      return { hash, sig: note.sig, event };
    })();
    const result = hub.accept([altered, sameId]);
    expect(result.acknowledged).toEqual([]);
    expect(result.refused.map((r) => r.reason)).toEqual([expect.stringMatching(/does not match its hash/), expect.stringMatching(/already held with hash/)]);
    const equivocation = (() => {
      const event = { ...note.event, id: '00000000-0000-4000-8000-000000000001', payload: { text: 'forked' } };
      return { hash: hashEvent(event), sig: null, event };
    })();
    expect(hub.accept([equivocation]).refused[0]!.reason).toMatch(/equivocation/);
    expect(hub.size).toBe(events.length + 1);
  });
});

describe('sync client', () => {
  it('pushes what the hub lacks, pulls what the laptop lacks, and records a sync witness', async () => {
    const { alice, bob } = declared();
    const hub = new InMemoryHub();
    expect((await alice.client.sync(hub)).pushed).toBe(3);
    const bobSync = await bob.client.sync(hub);
    expect(bobSync.pulled).toBe(3);
    expect(bob.hashes()).toEqual(alice.hashes());
    expect(bob.verify(incidentId).verdict).toBe('ok');
    expect(listWitnesses(bob.db, incidentId).map((w) => w.reason)).toEqual(['sync']);
    // Bob writes; only Bob's event travels back, and Alice's events pulled by Bob are not pushed again.
    bob.append(incidentId, 'severity', at, names);
    expect(bob.client.outbox().events.map((e) => e.event.actor_key)).toEqual([bob.actorKey]);
    await bob.client.sync(hub);
    await alice.client.sync(hub);
    expect(alice.hashes()).toEqual(bob.hashes());
    expect(hub.size).toBe(4);
  });

  it('a lost acknowledgement only means the batch is pushed again; the outbox survives a restart', async () => {
    const alice = responder(0, true);
    alice.declare(incidentId, at);
    const hub = new InMemoryHub();
    const batch = alice.client.outbox();
    hub.accept(batch.events); // the hub took it, but the reply never arrived
    alice.crashAndReopen(incidentId, false, at, names);
    expect(alice.client.outbox().events.map((e) => e.hash)).toEqual(batch.events.map((e) => e.hash));
    await alice.client.sync(hub);
    expect(hub.size).toBe(2);
    alice.crashAndReopen(incidentId, false, at, names);
    expect(alice.client.outbox().events).toEqual([]);
    expect(alice.client.state().pushed_through).toBeGreaterThan(0);
  });

  it('a batch the hub refused in part stays in the outbox', () => {
    const { alice } = declared();
    const batch = alice.client.outbox();
    const accepted = alice.client.acknowledge(batch, { acknowledged: batch.events.slice(1).map((e) => e.hash), refused: [{ hash: batch.events[0]!.hash, reason: 'x' }] });
    expect(accepted).toBe(false);
    expect(alice.client.outbox().events).toHaveLength(batch.events.length);
  });
});

describe('event set exchange (bundle transport)', () => {
  it('is a set union: any order, any number of times, parents arriving last', () => {
    const { alice, bob } = declared();
    for (const command of ['severity', 'note', 'tick', 'commander'] as const) alice.append(incidentId, command, at, names);
    const set = alice.exportSet(incidentId);
    const reversed = [...set].reverse();
    const first = bob.importSet(reversed, at);
    expect(first.refused).toEqual([]);
    expect(first.applied).toHaveLength(set.length);
    expect(bob.pendingCount()).toBe(0);
    expect(bob.hashes()).toEqual(alice.hashes());
    const again = bob.importSet(set, at);
    expect(again).toMatchObject({ applied: [], duplicates: set.length, refused: [] });
    expect(bob.heads(incidentId)).toEqual(alice.heads(incidentId));
  });

  it('refuses an event whose signature is not its author\'s', () => {
    const { alice, bob } = declared();
    const set = alice.exportSet(incidentId);
    const forged = ed25519FromSeed(Buffer.alloc(32, 7));
    const tampered = set.map((signed, i) => (i === 1 ? { ...signed, sig: signHash(signed.hash, forged) } : signed));
    const outcome = bob.importSet(tampered, at);
    expect(outcome.refused).toEqual([{ hash: set[1]!.hash, reason: expect.stringMatching(/not signed by the key it names/) }]);
  });
});
