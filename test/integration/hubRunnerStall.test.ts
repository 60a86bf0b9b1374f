import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubStatus, Incident } from '../../src-main/contract';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { addHubMember } from '../../src-main/services/hub/hubAdmin';
import { runnerOf, startHubService } from '../../src-main/services/hub/hubService';
import { freshHubDatabase } from '../support/hubFixtures';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

// A hub that stops answering in the middle of an exchange (frozen, swapped out, a link that drops
// packets while the kernel still acknowledges them) must not leave the console "Pushing…" for
// ever: the exchange is given up, the indicator says the hub is not answering, Sync now returns,
// and the console catches up once the hub answers again.

let cluster: PostgresCluster;
let adminUrl: string;
let t: TestContext;
let stop: () => Promise<void>;
let frozen: number[] = [];

async function call<T>(name: string, input: unknown): Promise<T> {
  const envelope = await dispatchAsync(t.ctx, name, input);
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.message}`);
  return envelope.value as T;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(runnerOf(t.ctx)?.current())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Freezes (SIGSTOP) the postmaster and every session of `role`: connections stay open, nothing answers. */
async function freeze(role: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const pids = (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE usename = $1', [role])).rows.map((row) => row.pid);
    const dataDir = (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(pids.length).toBeGreaterThan(0);
    frozen = [postmaster, ...pids];
  } finally {
    await admin.end();
  }
  for (const pid of frozen) process.kill(pid, 'SIGSTOP');
}

function thaw(): void {
  for (const pid of frozen) process.kill(pid, 'SIGCONT');
  frozen = [];
}

const statusOf = () => runnerOf(t.ctx)!.current();

beforeAll(async () => {
  cluster = await startPostgres();
  adminUrl = await freshHubDatabase(cluster, 'stall');
  await addHubMember({ url: adminUrl }, { name: 'stall_a', password: 'pw-stall_a' });
  t = makeTestContext('2026-11-30T18:00:00.000Z');
  await call('vault.status', {});
  // No polls and no LISTEN: only the local write below starts an exchange.
  stop = startHubService(t.ctx, { timing: { pollMs: 60_000, debounceMs: 50, exchangeTimeoutMs: 3_000 }, useListen: false });
  expect(await call<HubStatus>('hub.join', { url: cluster.url('stall_a', 'pw-stall_a', 'stall') })).toMatchObject({ state: 'connected' });
}, 120_000);

afterAll(async () => {
  thaw();
  await stop?.();
  t?.close();
  await cluster?.stop();
});

describe('a hub that stops answering', () => {
  it('is given up after the exchange time limit, then caught up with once it answers again', async () => {
    const id = callOk<Incident>(t, 'incident.declare', { title: 'Stalled hub', severity: 'P2' }).id;
    await until('the incident to be pushed', () => statusOf().state === 'connected' && statusOf().toPush === 0, 10_000);
    await freeze('stall_a');
    try {
      callOk(t, 'incident.addNote', { id, text: 'Written while the hub is frozen' });
      await until('the exchange to start', () => statusOf().state === 'pushing', 5_000);
      // Sync now from the hub page waits for the running exchange: it must come back, not hang with it.
      const asked = Date.now();
      const sync = await dispatchAsync(t.ctx, 'hub.sync', {});
      expect(Date.now() - asked).toBeLessThan(12_000);
      expect(sync.ok).toBe(false);
      const offline = await until('the console to say the hub is not answering', () => (statusOf().state === 'offline' ? statusOf() : undefined), 5_000);
      expect(offline.lastError).toMatch(/did not answer|not answering/);
      expect(offline.toPush).toBeGreaterThanOrEqual(1);
    } finally {
      thaw();
    }
    await until('the console to catch up once the hub answers', () => statusOf().state === 'connected' && statusOf().toPush === 0, 20_000);
  }, 60_000);

  it('stops promptly', async () => {
    const started = Date.now();
    await stop();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
