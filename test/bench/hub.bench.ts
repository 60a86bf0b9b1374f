/**
 * Hub: events per second (and MB/s of signed bodies) pushed and pulled through `PostgresHub` on a
 * throw-away PostgreSQL cluster: one laptop (10,000 signed events in batches of 1,000), then five
 * laptops at once (five roles, five async clients each pushing 10,000 concurrently, then each
 * pulling all 50,005). Reference in the same run: the same rows by plain `INSERT … SELECT FROM
 * unnest` into an unconstrained table without triggers or RLS, and read back by an indexed key;
 * the ratio is what the hub's checks (hash, membership, push-order lock, RLS) cost.
 * BENCH_HUB_EVENTS changes the 10,000.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import pg from 'pg';
import { actorKeyOf, canonicalBytes, hashEvent, signHash, type EventV2, type SignedEvent } from '../../src-main/domain/sync/eventV2';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { ed25519FromSeed, seededRng } from '../support/dagReplica';
import { freshHubDatabase, hubRole } from '../support/hubFixtures';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';
import { writeReport } from './report';

const perLaptop = Number(process.env.BENCH_HUB_EVENTS ?? 10_000);
const batch = 1_000;
const laptops = 5;

interface Laptop {
  name: string;
  key: KeyObject;
  actorKey: string;
  seq: number;
  last: string | null;
}

function laptop(name: string, seed: number): Laptop {
  const key = ed25519FromSeed(seededRng(seed).bytes(32));
  return { name, key, actorKey: actorKeyOf(key), seq: 0, last: null };
}

/** A signed event on the laptop's own chain: what its outbox would push. */
function signed(by: Laptop, incident: string, type: string, payload: Record<string, unknown>, lamport: number, known: string | null = null): SignedEvent {
  const event: EventV2 = {
    v: 2,
    id: randomUUID(),
    incident,
    actor: by.name,
    actor_key: by.actorKey,
    actor_seq: ++by.seq,
    actor_prev: by.last,
    // Only the incident's first event has no parents: a laptop's first event names what it had received.
    parents: by.last ? [by.last] : known ? [known] : [],
    lamport,
    time: new Date(Date.UTC(2026, 10, 30, 18, 0, 0, lamport)).toISOString(),
    type,
    payload,
  };
  const hash = hashEvent(event);
  by.last = hash;
  return { hash, sig: signHash(hash, by.key), event };
}

function notes(by: Laptop, incident: string, count: number, known: string | null): SignedEvent[] {
  const text = 'Isolated the host from the VLAN; EDR shows no further beaconing to the C2 address since 17:42 UTC. Collecting memory image next.';
  return Array.from({ length: count }, (_, i) => signed(by, incident, 'incident.noteAdded', { text: `${text} (${by.name} ${i})` }, by.seq + 10, known));
}

/** The incident's first event and the admission of every other laptop, by the first one. */
function opening(laptopsOf: Laptop[], incident: string): SignedEvent[] {
  const [lead, ...others] = laptopsOf;
  const events = [signed(lead!, incident, 'incident.declared', { title: 'Hub benchmark', severity: 'P2' }, 1)];
  for (const other of others) events.push(signed(lead!, incident, 'member.added', { actorKey: other.actorKey, name: other.name }, lead!.seq + 1));
  return events;
}

const bytesOf = (events: readonly SignedEvent[]) => events.reduce((sum, e) => sum + canonicalBytes(e.event).length + e.sig!.length + 32, 0);

function rate(count: number, bytes: number, ms: number) {
  return { events: count, seconds: Number((ms / 1000).toFixed(2)), eventsPerSecond: Math.round((count * 1000) / ms), mbPerSecond: Number((bytes / 1e6 / (ms / 1000)).toFixed(2)) };
}

async function pushAll(hub: PostgresHub, events: readonly SignedEvent[]): Promise<void> {
  for (let at = 0; at < events.length; at += batch) {
    const slice = events.slice(at, at + batch);
    const result = await hub.push(slice);
    if (result.acknowledged.length !== slice.length) throw new Error(`push refused ${result.refused.length}: ${result.refused[0]?.reason}`);
  }
}

async function pullAll(hub: PostgresHub): Promise<string[]> {
  const hashes: string[] = [];
  let cursor = 0;
  for (;;) {
    const page = await hub.pull(cursor, batch);
    if (page.events.length === 0) return hashes;
    for (const event of page.events) hashes.push(event.hash);
    cursor = page.cursor;
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Plain INSERT … SELECT FROM unnest of the same rows, one transaction per batch, into a bare table. */
async function referenceInsert(admin: pg.Client, table: string, events: readonly SignedEvent[], offset: number): Promise<void> {
  for (let at = 0; at < events.length; at += batch) {
    const chunk = events.slice(at, at + batch);
    await admin.query('BEGIN');
    await admin.query(
      `INSERT INTO ${table} (n, hash, id, incident_id, actor_key, actor_seq, body, sig)
       SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bytea[], $8::text[])`,
      [
        chunk.map((_, i) => offset + at + i + 1),
        chunk.map((e) => Buffer.from(e.hash, 'hex')),
        chunk.map((e) => e.event.id),
        chunk.map((e) => e.event.incident),
        chunk.map((e) => e.event.actor_key),
        chunk.map((e) => e.event.actor_seq),
        chunk.map((e) => canonicalBytes(e.event)),
        chunk.map((e) => e.sig),
      ],
    );
    await admin.query('COMMIT');
  }
}

async function referencePull(admin: pg.Client, table: string): Promise<number> {
  let cursor = 0;
  let count = 0;
  for (;;) {
    const rows = await admin.query<{ n: string; body: Buffer }>(`SELECT n, hash, body, sig FROM ${table} WHERE n > $1 ORDER BY n LIMIT $2`, [cursor, batch]);
    if (rows.rows.length === 0) return count;
    for (const row of rows.rows) JSON.parse(row.body.toString('utf8'));
    count += rows.rows.length;
    cursor = Number(rows.rows.at(-1)!.n);
  }
}

async function referenceTable(admin: pg.Client, table: string): Promise<void> {
  // Logged, as the hub's table is: the same WAL and commit cost, none of the checks.
  await admin.query(`CREATE TABLE IF NOT EXISTS ${table} (n bigint, hash bytea, id text, incident_id text, actor_key text, actor_seq bigint, body bytea, sig text)`);
}

async function onePhase(cluster: PostgresCluster) {
  const adminUrl = await freshHubDatabase(cluster, 'bench_one');
  const lead = laptop('lead', 1);
  const events = [...opening([lead], 'INC-20261130-180000'), ...notes(lead, 'INC-20261130-180000', perLaptop - 1, null)];
  const hub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'bench_one', 'bench_lead', lead.actorKey) });
  const push = await timed(() => pushAll(hub, events));
  const pull = await timed(() => pullAll(hub));
  if (pull.value.length !== events.length) throw new Error(`pulled ${pull.value.length} of ${events.length}`);
  await hub.close();

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await referenceTable(admin, 'bench_reference');
  const refPush = await timed(() => referenceInsert(admin, 'bench_reference', events, 0));
  await admin.query('CREATE INDEX ON bench_reference (n)');
  const refPull = await timed(() => referencePull(admin, 'bench_reference'));
  await admin.end();
  const bytes = bytesOf(events);
  return {
    push: rate(events.length, bytes, push.ms),
    pull: rate(events.length, bytes, pull.ms),
    referencePlainInsert: rate(events.length, bytes, refPush.ms),
    referencePlainRead: rate(events.length, bytes, refPull.ms),
    pushCostRatio: Number((push.ms / refPush.ms).toFixed(2)),
    pullCostRatio: Number((pull.ms / refPull.ms).toFixed(2)),
    meanSignedEventBytes: Math.round(bytes / events.length),
  };
}

async function fivePhase(cluster: PostgresCluster) {
  const adminUrl = await freshHubDatabase(cluster, 'bench_five');
  const incident = 'INC-20261130-181500';
  const team = Array.from({ length: laptops }, (_, i) => laptop(`laptop${i}`, 100 + i));
  const hubs = await Promise.all(team.map(async (member) => new PostgresHub({ url: await hubRole(adminUrl, cluster, 'bench_five', `bench_${member.name}`, member.actorKey) })));
  // The lead declares and admits the others first (not timed): then every role is a member.
  const first = opening(team, incident);
  await pushAll(hubs[0]!, first);
  const outboxes = team.map((member) => notes(member, incident, perLaptop, first.at(-1)!.hash));
  const pushed = outboxes.flat();
  const push = await timed(() => Promise.all(hubs.map((hub, i) => pushAll(hub, outboxes[i]!))));
  const pull = await timed(() => Promise.all(hubs.map((hub) => pullAll(hub))));
  const total = first.length + pushed.length;
  for (const [i, hashes] of pull.value.entries()) {
    if (hashes.length !== total || new Set(hashes).size !== total) throw new Error(`${team[i]!.name} pulled ${hashes.length} (${new Set(hashes).size} distinct) of ${total}`);
  }
  await Promise.all(hubs.map((hub) => hub.close()));

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await referenceTable(admin, 'bench_reference');
  const refClients = await Promise.all(team.map(async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    return client;
  }));
  const refPush = await timed(() => Promise.all(refClients.map((client, i) => referenceInsert(client, 'bench_reference', outboxes[i]!, i * perLaptop))));
  await admin.query('CREATE INDEX ON bench_reference (n)');
  const refPull = await timed(() => Promise.all(refClients.map((client) => referencePull(client, 'bench_reference'))));
  await Promise.all(refClients.map((client) => client.end()));
  await admin.end();
  const bytes = bytesOf(pushed);
  const pulledBytes = bytesOf(first) * laptops + bytes * laptops;
  return {
    push: rate(pushed.length, bytes, push.ms),
    pull: rate(total * laptops, pulledBytes, pull.ms),
    referencePlainInsert: rate(pushed.length, bytes, refPush.ms),
    referencePlainRead: rate(pushed.length * laptops, bytes * laptops, refPull.ms),
    pushCostRatio: Number((push.ms / refPush.ms).toFixed(2)),
    pullCostRatio: Number(((pull.ms / (total * laptops)) / (refPull.ms / (pushed.length * laptops))).toFixed(2)),
  };
}

async function main() {
  const cluster = await startPostgres();
  try {
    const server = await (async () => {
      const client = new pg.Client({ connectionString: cluster.adminUrl });
      await client.connect();
      const version = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      await client.end();
      return `${cluster.binaries.source} PostgreSQL ${version.rows[0]!.v}`;
    })();
    const one = await onePhase(cluster);
    const five = await fivePhase(cluster);
    writeReport('hub', { server, eventsPerLaptop: perLaptop, batch, oneLaptop: one, fiveLaptops: five });
  } finally {
    await cluster.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
