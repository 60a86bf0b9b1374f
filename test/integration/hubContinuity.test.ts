import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../src-main/contract';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { exchangeWithHub, outboxCount } from '../../src-main/services/hub/hubExchange';
import { initHub } from '../../src-main/services/hub/hubAdmin';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { freshHubDatabase, hubRole } from '../support/hubFixtures';
import { clusterForThisFile } from '../support/clusterForThisFile';
import type { PostgresCluster } from '../support/postgresCluster';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

// A hub rebuilt at the same address, or restored from an older backup, no longer holds what the
// laptops believe it holds. Each laptop must notice, push everything again and pull from the start,
// so the new hub ends up with every event and nothing is lost.

let cluster: PostgresCluster;
clusterForThisFile((started) => (cluster = started));

const contexts: TestContext[] = [];
const hubs: PostgresHub[] = [];
afterEach(async () => {
  contexts.splice(0).forEach((t) => t.close());
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

async function laptop(at: string): Promise<TestContext> {
  const t = makeTestContext(at);
  contexts.push(t);
  expect((await dispatchAsync(t.ctx, 'vault.status', {})).ok).toBe(true);
  return t;
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function hubEvents(adminUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM firebreak.events')).rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** Drops the hub's database and makes it again, empty, at the same address. */
async function rebuild(database: string): Promise<string> {
  await admin(cluster.adminUrl, `DROP DATABASE ${database} WITH (FORCE)`);
  await admin(cluster.adminUrl, `CREATE DATABASE ${database}`);
  const adminUrl = cluster.adminUrl.replace(/\/postgres$/, `/${database}`);
  await initHub({ url: adminUrl });
  return adminUrl;
}

describe('a hub that is not the one a laptop synced with', () => {
  it.each([
    { how: 'rebuilt at the same address (another hub id)', keepId: false },
    { how: 'restored from an older backup (same id, its cursor behind the laptop\'s)', keepId: true },
  ])('$how: the laptop pushes everything again and the hub ends up with every event', async ({ keepId }) => {
    const database = keepId ? 'restored' : 'rebuilt';
    const a = await laptop('2026-11-30T19:00:00.000Z');
    let adminUrl = await freshHubDatabase(cluster, database);
    const url = await hubRole(adminUrl, cluster, database, `cont_${database}`);
    const hub = new PostgresHub({ url });
    hubs.push(hub);
    const id = callOk<Incident>(a, 'incident.declare', { title: 'Before the rebuild', severity: 'P2' }).id;
    for (let note = 0; note < 5; note++) callOk(a, 'incident.addNote', { id, text: `note ${note}` });
    const first = await exchangeWithHub(a.ctx, hub, url);
    expect(first.restarted).toBe(false);
    const written = await hubEvents(adminUrl);
    expect(written).toBeGreaterThanOrEqual(6);
    expect(outboxCount(a.ctx, url)).toBe(0);
    const oldId = (await hub.identity()).hubId;

    adminUrl = await rebuild(database);
    if (keepId) await admin(adminUrl, `UPDATE firebreak.hub_meta SET value = '${oldId}' WHERE key = 'hub_id'`);
    expect(await hubEvents(adminUrl)).toBe(0);

    // The hub's connections were ended with its database: a fresh client, as after a restart.
    const reconnected = new PostgresHub({ url });
    hubs.push(reconnected);
    const again = await exchangeWithHub(a.ctx, reconnected, url);
    expect(again.restarted).toBe(true);
    expect(again.refused).toEqual([]);
    expect(await hubEvents(adminUrl)).toBe(written);
    // And the next exchange is an ordinary one.
    const quiet = await exchangeWithHub(a.ctx, reconnected, url);
    expect(quiet).toMatchObject({ restarted: false, pushed: 0, pulled: 0 });
  });
});
