import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubStatus } from '../../src-main/contract';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { addHubMember } from '../../src-main/services/hub/hubAdmin';
import { startHubService } from '../../src-main/services/hub/hubService';
import { freshHubDatabase } from '../support/hubFixtures';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';
import { makeTestContext, type TestContext } from '../support/serviceContext';

// A console closed while its hub connection is still starting (the vault is read first) must not
// have the connection start afterwards: it would poll the hub for ever and its open sockets would
// keep the closing process alive.

let cluster: PostgresCluster;
let adminUrl: string;
let t: TestContext;

async function sessionsOf(role: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE usename = $1', [role])).rows[0]!.n);
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  cluster = await startPostgres();
  adminUrl = await freshHubDatabase(cluster, 'closing');
  await addHubMember({ url: adminUrl }, { name: 'closing_a', password: 'pw-closing_a' });
  t = makeTestContext('2026-11-30T18:00:00.000Z');
  await dispatchAsync(t.ctx, 'vault.status', {});
  const stop = startHubService(t.ctx, { timing: { pollMs: 200 }, useListen: false });
  const joined = await dispatchAsync(t.ctx, 'hub.join', { url: cluster.url('closing_a', 'pw-closing_a', 'closing') });
  expect(joined.ok && (joined.value as HubStatus).state).toBe('connected');
  await stop();
}, 120_000);

afterAll(async () => {
  t?.close();
  await cluster?.stop();
});

describe('a console closing as its hub connection starts', () => {
  it('leaves no connection to the hub and no runner polling it', async () => {
    await expect.poll(() => sessionsOf('closing_a'), { timeout: 5_000 }).toBe(0);
    const stop = startHubService(t.ctx, { timing: { pollMs: 200 }, useListen: false });
    // Closed at once: the start is still reading the hub's password from the vault.
    await stop();
    const after = t.events.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await sessionsOf('closing_a')).toBe(0);
    expect(t.events.slice(after).filter((event) => event.type === 'hub.status')).toEqual([]);
  });
});
