import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedEvent } from '../../src-main/domain/sync/eventV2';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { SyncClient } from '../../src-main/services/sync/syncClient';
import { signedEvents } from '../support/dagReplica';
import { freshHubDatabase, hubRole, teamIncident } from '../support/hubFixtures';
import { connectRaw, deeplyNested, insertRaw, nextEvent, signedBody, type RawEvent } from '../support/hubInsider';
import { clusterForThisFile } from '../support/clusterForThisFile';
import type { PostgresCluster } from '../support/postgresCluster';

// A member pushes events the hub takes (right hash, valid JSON, signed with the member's own key)
// but that are not events. Every other laptop pulls them: it must refuse each with a reason, keep
// its data, and move its cursor past them, or one row would stop every laptop's pull for good.

let cluster: PostgresCluster;
clusterForThisFile((started) => (cluster = started));

describe('poisoned events from a member', () => {
  const team = teamIncident(2101, ['alice', 'bob']);
  const [alice, bob] = team.devices as [(typeof team.devices)[0], (typeof team.devices)[0]];
  let adminUrl: string;
  let aliceHub: PostgresHub;
  let bobSql: pg.Client;
  let laptop: SyncClient;
  let head: SignedEvent;

  const hubCursor = async () => {
    const admin = await connectRaw(adminUrl);
    try {
      return Number((await admin.query<{ top: string }>('SELECT max(hub_seq) AS top FROM firebreak.events')).rows[0]!.top);
    } finally {
      await admin.end();
    }
  };
  const eventCount = () => alice.db.prepare<[string], number>('SELECT count(*) FROM events WHERE incident_id = ?').pluck().get(team.incidentId);

  beforeAll(async () => {
    adminUrl = await freshHubDatabase(cluster, 'poison');
    aliceHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'poison', 'pz_alice', alice.identity.actorKey) });
    bobSql = await connectRaw(await hubRole(adminUrl, cluster, 'poison', 'pz_bob', bob.identity.actorKey));
    laptop = new SyncClient(alice.db, 'hub', () => '2026-11-30T18:00:00.000Z', () => alice.identity);
    expect((await laptop.sync(aliceHub)).pushed).toBe(2);
    head = signedEvents(alice.db, team.incidentId).at(-1)!;
  }, 60_000);
  afterAll(async () => {
    await aliceHub?.close();
    await bobSql?.end();
  });

  it('each malformed event is refused with a reason, the good one after them is applied, and the cursor moves past all', async () => {
    const poison: [string, RawEvent][] = [
      ['parents a number', signedBody(bob, nextEvent(bob, head, 2002, { parents: 5 }))],
      ['parents a string', signedBody(bob, nextEvent(bob, head, 2003, { parents: head.hash }))],
      ['no parents', signedBody(bob, nextEvent(bob, head, 2004, { parents: undefined }))],
      ['parents not hashes', signedBody(bob, nextEvent(bob, head, 2005, { parents: [{ hash: head.hash }] }))],
      ['huge lamport', signedBody(bob, nextEvent(bob, head, 2006, { lamport: 1e300 }))],
      ['lamport a string', signedBody(bob, nextEvent(bob, head, 2007, { lamport: String(head.event.lamport + 1) }))],
      ['sequence a string', signedBody(bob, nextEvent(bob, head, 2008, { actor_seq: '2008' }))],
      ['type a number', signedBody(bob, nextEvent(bob, head, 2009, { type: 42 }))],
      ['time an object', signedBody(bob, nextEvent(bob, head, 2010, { time: {} }))],
      ['payload a string', signedBody(bob, nextEvent(bob, head, 2011, { payload: 'text' }))],
      ['admission without payload', signedBody(bob, nextEvent(bob, head, 2012, { type: 'member.added', payload: null }))],
      ['no actor', signedBody(bob, nextEvent(bob, head, 2013, { actor: undefined }))],
      ['previous a number', signedBody(bob, nextEvent(bob, head, 2014, { actor_prev: 12 }))],
      ['version 3', signedBody(bob, nextEvent(bob, head, 2015, { v: 3 }))],
      ['nesting too deep to hash', deeplyNested(bob, nextEvent(bob, head, 2016), 4000)],
      ['extra field', signedBody(bob, nextEvent(bob, head, 2017, { admin: true }))],
      ['not canonical', signedBody(bob, Buffer.from(JSON.stringify(nextEvent(bob, head, 2018), null, 2)))],
      ['signature not base64url', { ...signedBody(bob, nextEvent(bob, head, 2019)), sig: '!!! not a signature !!!' }],
    ];
    const good = signedBody(bob, nextEvent(bob, head, 1));
    const taken = new Set((await insertRaw(bobSql, [...poison.map(([, row]) => row), good])).map((row) => row.hash));
    // The hub itself refuses a body without parents; every other row is the laptops' to judge.
    expect(poison.filter(([, row]) => !taken.has(row.hash)).map(([what]) => what)).toEqual(['no parents']);
    const before = eventCount();

    const result = await laptop.sync(aliceHub);

    expect(result.pulled).toBe(taken.size);
    const refused = new Map(result.refused.map((item) => [item.hash, item.reason]));
    for (const [what, row] of poison.filter(([, item]) => taken.has(item.hash))) {
      expect(refused.get(row.hash), what).toMatch(/^event [0-9a-f]{12}… .{10,}/);
    }
    expect(result.refused).toHaveLength(taken.size - 1);
    expect(eventCount()).toBe(before! + 1);
    expect(alice.db.prepare('SELECT 1 FROM events WHERE hash = ?').get(good.hash)).toBeDefined();
    expect(alice.db.prepare<[], number>('SELECT count(*) FROM pending_events').pluck().get()).toBe(0);
    expect(laptop.state().pull_cursor).toBe(await hubCursor());
    // Caught up: the next sync pulls nothing and fails on nothing.
    expect(await laptop.sync(aliceHub)).toEqual({ pushed: 0, pulled: 0, refused: [] });
  });

  it('incidents another member starts and admits this laptop to: a bad id or a bad first event is refused, a good one arrives', async () => {
    const declaration = { title: 'Invited', scenario: 'generic', schemeId: 'p0-p3', severity: 'P2', responseMinutes: 240, impact: { confidentiality: 0, integrity: 0, availability: 0 }, commander: 'bob', detectionSource: '', description: '' };
    const start = (incident: string, seq: number, overrides: Record<string, unknown> = {}) => {
      const genesis = { ...nextEvent(bob, head, 1, { id: `bob-genesis-${seq}` }), incident, parents: [], lamport: 1, type: 'incident.declared', payload: declaration, ...overrides };
      const first = signedBody(bob, genesis);
      const admit = signedBody(bob, { ...nextEvent(bob, head, 2, { id: `bob-admit-${seq}` }), incident, parents: [first.hash], actor_prev: first.hash, lamport: 2, type: 'member.added', payload: { actorKey: alice.identity.actorKey, name: 'alice' } });
      return [first, admit];
    };
    const odd = [
      ...start('../../../etc/passwd', 1),
      ...start(team.incidentId.toLowerCase(), 2),
      ...start('INC-20261130-180003', 3, { type: 'incident.noteAdded', payload: { text: 'not a declaration' } }),
      ...start('INC-20261130-180004', 4, { payload: { ...declaration, impact: 'none', responseMinutes: 'soon' } }),
    ];
    const good = start('INC-20261130-180005', 5);
    await insertRaw(bobSql, [...odd, ...good], true);
    const incidents = () => alice.db.prepare<[], string>('SELECT id FROM incidents ORDER BY id').pluck().all();
    const before = incidents();

    const result = await laptop.sync(aliceHub);

    expect(result.pulled).toBe(odd.length + good.length);
    const refused = new Set(result.refused.map((item) => item.hash));
    for (const [index, row] of odd.entries()) if (index % 2 === 0) expect(refused.has(row.hash), `first event ${index / 2 + 1}`).toBe(true);
    expect(incidents()).toEqual([...before, 'INC-20261130-180005'].sort());
    expect(laptop.state().pull_cursor).toBe(await hubCursor());
  });

  it('a page of 1,000 events with one that throws applies the other 999', async () => {
    let previous = signedEvents(alice.db, team.incidentId).find((signed) => signed.event.actor_key === bob.identity.actorKey)!;
    const rows: RawEvent[] = [];
    for (let seq = 2; seq <= 1000; seq++) {
      const body = { ...nextEvent(bob, previous, seq), id: `bob-chain-${seq}`, actor_prev: previous.hash };
      const row = signedBody(bob, body);
      rows.push(row);
      previous = { hash: row.hash, sig: row.sig, event: body as unknown as SignedEvent['event'] };
    }
    const thrower = deeplyNested(bob, nextEvent(bob, head, 5000, { id: 'bob-deep' }), 4000);
    rows.splice(500, 0, thrower);
    await bobSql.query('BEGIN');
    await insertRaw(bobSql, rows, true);
    await bobSql.query('COMMIT');
    const before = eventCount()!;

    const result = await laptop.sync(aliceHub, { pull: 1000 });

    expect(result.pulled).toBe(1000);
    expect(result.refused.map((item) => item.hash)).toEqual([thrower.hash]);
    expect(eventCount()).toBe(before + 999);
    expect(laptop.state().pull_cursor).toBe(await hubCursor());
  });
});
