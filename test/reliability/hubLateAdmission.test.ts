import { randomUUID, type KeyObject } from 'node:crypto';
import { expect, it } from 'vitest';
import { actorKeyOf, hashEvent, signHash, type EventV2, type SignedEvent } from '../../src-main/domain/sync/eventV2';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { ed25519FromSeed, seededRng } from '../support/dagReplica';
import { freshHubDatabase, hubRole } from '../support/hubFixtures';
import { clusterForThisFile } from '../support/clusterForThisFile';
import type { PostgresCluster } from '../support/postgresCluster';

let cluster: PostgresCluster;
clusterForThisFile((started) => (cluster = started));

function device(seed: number): { key: KeyObject; actorKey: string } {
  const key = ed25519FromSeed(seededRng(seed).bytes(32));
  return { key, actorKey: actorKeyOf(key) };
}

function event(by: { key: KeyObject; actorKey: string }, incident: string, seq: number, parents: string[], type: string, payload: Record<string, unknown>): SignedEvent {
  const body: EventV2 = { v: 2, id: randomUUID(), incident, actor: 'responder', actor_key: by.actorKey, actor_seq: seq, actor_prev: seq === 1 ? null : parents[0]!, parents, lamport: seq, time: '2026-11-30T18:00:00.000Z', type, payload };
  const hash = hashEvent(body);
  return { hash, sig: signHash(hash, by.key), event: body };
}

// Row-level security hides an incident's rows from a role until it is admitted, and the pull cursor
// is one number for the whole hub: rows of incident X below the cursor the role reached while reading
// incident Y must still reach it once it is admitted to X (they are delivered at the admission).
it('a laptop admitted to an incident after its cursor moved past that incident\'s first rows still receives them', async () => {
  const adminUrl = await freshHubDatabase(cluster, 'late_admission');
  const alice = device(1);
  const bob = device(2);
  const aliceHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late_admission', 'late_alice', alice.actorKey) });
  const bobHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late_admission', 'late_bob', bob.actorKey) });
  try {
    // Alice opens X; Bob opens Y and pulls: he sees only Y, and his cursor passes X's first event.
    const declaredX = event(alice, 'INC-20261130-180001', 1, [], 'incident.declared', { title: 'X', severity: 'P2' });
    expect((await aliceHub.push([declaredX])).refused).toEqual([]);
    expect((await bobHub.push([event(bob, 'INC-20261130-180002', 1, [], 'incident.declared', { title: 'Y', severity: 'P3' })])).refused).toEqual([]);
    const first = await bobHub.pull(0, 1000);
    expect(first.events.map((signed) => signed.event.incident)).toEqual(['INC-20261130-180002']);
    // Alice admits Bob to X: from now on he may read all of X.
    const admitted = event(alice, 'INC-20261130-180001', 2, [declaredX.hash], 'member.added', { actorKey: bob.actorKey, name: 'bob' });
    expect((await aliceHub.push([admitted])).refused).toEqual([]);
    expect(await bobHub.countAfter(0)).toBe(3);
    // Bob syncs on from his cursor, as the sync client does: he must get X's first event too.
    const received: string[] = [];
    let cursor = first.cursor;
    for (let page = await bobHub.pull(cursor, 1000); page.events.length > 0; page = await bobHub.pull(cursor, 1000)) {
      received.push(...page.events.map((signed) => signed.hash));
      cursor = page.cursor;
    }
    expect(received).toContain(admitted.hash);
    expect(received).toContain(declaredX.hash);
  } finally {
    await aliceHub.close();
    await bobHub.close();
  }
});

// A laptop not admitted yet that pushes the incident's first event the hub already holds (it got it
// on a USB bundle) is refused, rightly, but told that someone else pushed another incident under this
// id, which would send a responder after a collision that does not exist: it is told it is not a
// member yet.
it('a laptop not admitted yet that pushes the first event the hub holds is told it is not a member yet', async () => {
  const adminUrl = await freshHubDatabase(cluster, 'late_first_event');
  const alice = device(3);
  const bob = device(4);
  const aliceHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late_first_event', 'first_alice', alice.actorKey) });
  const bobHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late_first_event', 'first_bob', bob.actorKey) });
  try {
    const declared = event(alice, 'INC-20261130-180003', 1, [], 'incident.declared', { title: 'X', severity: 'P2' });
    expect((await aliceHub.push([declared])).refused).toEqual([]);
    const result = await bobHub.push([declared]);
    expect(result.acknowledged).toEqual([]);
    expect(result.refused[0]?.reason).toMatch(/not a member/);
  } finally {
    await aliceHub.close();
    await bobHub.close();
  }
});

async function pullAll(hub: PostgresHub, from: number, limit: number): Promise<{ hashes: string[]; cursor: number }> {
  const hashes: string[] = [];
  let cursor = from;
  for (let page = await hub.pull(cursor, limit); page.events.length > 0; page = await hub.pull(cursor, limit)) {
    hashes.push(...page.events.map((signed) => signed.hash));
    cursor = page.cursor;
  }
  return { hashes, cursor };
}

it('an admission that delivers more events than a page holds delivers each once, and the cursor moves past them', async () => {
  const adminUrl = await freshHubDatabase(cluster, 'late_big');
  const alice = device(5);
  const bob = device(6);
  const aliceHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late_big', 'big_alice', alice.actorKey) });
  const bobHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late_big', 'big_bob', bob.actorKey) });
  try {
    const incident = 'INC-20261130-180005';
    const chain = [event(alice, incident, 1, [], 'incident.declared', { title: 'X', severity: 'P2' })];
    for (let seq = 2; seq <= 2500; seq++) chain.push(event(alice, incident, seq, [chain.at(-1)!.hash], 'incident.noteAdded', { text: `note ${seq}` }));
    expect((await aliceHub.push(chain)).refused).toEqual([]);
    expect((await bobHub.push([event(bob, 'INC-20261130-180006', 1, [], 'incident.declared', { title: 'Y', severity: 'P3' })])).refused).toEqual([]);
    const before = await pullAll(bobHub, 0, 1000);
    expect(before.hashes).toHaveLength(1);
    const admitted = event(alice, incident, 2501, [chain.at(-1)!.hash], 'member.added', { actorKey: bob.actorKey, name: 'bob' });
    expect((await aliceHub.push([admitted])).refused).toEqual([]);
    expect(await bobHub.countAfter(before.cursor)).toBe(2501);
    const after = await pullAll(bobHub, before.cursor, 1000);
    expect(after.hashes).toHaveLength(2501);
    expect(new Set(after.hashes)).toEqual(new Set([...chain, admitted].map((signed) => signed.hash)));
    expect(await bobHub.countAfter(after.cursor)).toBe(0);
    expect((await bobHub.pull(after.cursor, 1000)).events).toEqual([]);
  } finally {
    await aliceHub.close();
    await bobHub.close();
  }
});

it('a laptop that registers its device key after it was admitted receives the incident from its start', async () => {
  const adminUrl = await freshHubDatabase(cluster, 'late_device');
  const alice = device(7);
  const bob = device(8);
  const aliceHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late_device', 'dev_alice', alice.actorKey) });
  const bobHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late_device', 'dev_bob') });
  try {
    const incident = 'INC-20261130-180007';
    const declared = event(alice, incident, 1, [], 'incident.declared', { title: 'X', severity: 'P2' });
    const admitted = event(alice, incident, 2, [declared.hash], 'member.added', { actorKey: bob.actorKey, name: 'bob' });
    expect((await bobHub.push([event(bob, 'INC-20261130-180008', 1, [], 'incident.declared', { title: 'Y', severity: 'P3' })])).refused).toEqual([]);
    expect((await aliceHub.push([declared, admitted])).refused).toEqual([]);
    const before = await pullAll(bobHub, 0, 1000);
    expect(before.hashes).toHaveLength(1);
    await bobHub.registerDevice(bob.actorKey);
    const after = await pullAll(bobHub, before.cursor, 1000);
    expect(new Set(after.hashes)).toEqual(new Set([declared.hash, admitted.hash]));
  } finally {
    await aliceHub.close();
    await bobHub.close();
  }
});
