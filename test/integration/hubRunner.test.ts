import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubStatus, Incident, IncidentPresence } from '../../src-main/contract';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { runnerOf, startHubService } from '../../src-main/services/hub/hubService';
import { syncIdentityOf } from '../../src-main/store/dagStore';
import { freshHubDatabase } from '../support/hubFixtures';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';
import { addHubMember } from '../../src-main/services/hub/hubAdmin';

// The background runner of a console against a real hub: it pushes soon after a local write, a
// LISTEN wake-up pulls at once, a laptop that cannot LISTEN still converges by polling, and the hub
// going away and coming back shows as offline, then connected.

let cluster: PostgresCluster;
const laptops: { t: TestContext; stop: () => Promise<void> }[] = [];
let id: string;

async function call<T>(t: TestContext, name: string, input: unknown): Promise<T> {
  const envelope = await dispatchAsync(t.ctx, name, input);
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.message}`);
  return envelope.value as T;
}

/** A console process: its own data dir and vault, the hub service running, joined as `role`. */
async function laptop(role: string, options: { pollMs: number; useListen: boolean }): Promise<TestContext> {
  const t = makeTestContext('2026-11-30T18:00:00.000Z');
  await call(t, 'vault.status', {});
  const stop = startHubService(t.ctx, { timing: { pollMs: options.pollMs, debounceMs: 50 }, useListen: options.useListen });
  laptops.push({ t, stop });
  const status = await call<HubStatus>(t, 'hub.join', { url: cluster.url(role, `pw-${role}`, 'runner') });
  expect(status).toMatchObject({ state: 'connected', role });
  return t;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const notes = (t: TestContext) => t.ctx.db.prepare<[string], number>("SELECT count(*) FROM events WHERE incident_id = ? AND type = 'incident.noteAdded'").pluck().get(id) ?? 0;
const statusOf = (t: TestContext) => runnerOf(t.ctx)!.current();

let a: TestContext;
let b: TestContext;
let c: TestContext;

beforeAll(async () => {
  cluster = await startPostgres();
  const adminUrl = await freshHubDatabase(cluster, 'runner');
  for (const role of ['ra', 'rb']) await addHubMember({ url: adminUrl }, { name: role, password: `pw-${role}` });
  // Polls rarely: only a wake-up can bring news within a second.
  a = await laptop('ra', { pollMs: 60_000, useListen: true });
  b = await laptop('rb', { pollMs: 60_000, useListen: true });
  // Cannot LISTEN: polls often instead.
  c = await laptop('rb', { pollMs: 300, useListen: false });
  id = callOk<Incident>(a, 'incident.declare', { title: 'Runner test', severity: 'P2' }).id;
  for (const other of [b, c]) callOk(a, 'incident.addMember', { id, actorKey: syncIdentityOf(other.ctx.db)!.actorKey, name: other === b ? 'Bea' : 'Cy' });
}, 120_000);

afterAll(async () => {
  for (const { t, stop } of laptops) {
    await stop();
    t.close();
  }
  await cluster?.stop();
});

describe('the hub runner', () => {
  it('pushes a local write on its own; a LISTEN wake-up brings it to another console within a second, without waiting for the poll', async () => {
    await until('A to push its writes', () => statusOf(a).state === 'connected' && statusOf(a).toPush === 0 && statusOf(a).live, 5_000);
    expect(statusOf(b).live).toBe(true);
    await until('B to hold the incident', () => notes(b) === 0 && b.ctx.db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id), 5_000);
    const before = notes(b);
    callOk(a, 'incident.addNote', { id, text: 'Wake B' });
    const pushedAt = await until('A to push the note', () => statusOf(a).toPush === 0 && Date.now(), 5_000);
    const seenAt = await until('B to pull the note', () => notes(b) > before && Date.now(), 5_000);
    expect(seenAt - pushedAt).toBeLessThan(1_000);
    expect(b.events).toContainEqual({ type: 'incident.changed', incidentId: id });
    expect(b.events.some((event) => event.type === 'hub.status' && event.status.state === 'pulling')).toBe(true);
  });

  it('a console that cannot LISTEN converges by polling', async () => {
    expect(statusOf(c).live).toBe(false);
    await until('C to catch up by polling', () => notes(c) === notes(a), 5_000);
    expect(callOk<Incident>(c, 'incident.get', { id })).toBeTruthy();
  });

  it('names who works the incident from the events held', async () => {
    callOk(b, 'incident.addNote', { id, text: 'From B' });
    await until('A to pull B\'s note', () => notes(a) === notes(b) && notes(a) >= 2, 5_000);
    const presence = callOk<IncidentPresence>(a, 'incident.presence', { id });
    expect(presence.responders.map((entry) => [entry.name, entry.thisLaptop, entry.lastEventType])).toEqual(
      expect.arrayContaining([
        [expect.any(String), true, 'incident.noteAdded'],
        ['Bea', false, 'incident.noteAdded'],
      ]),
    );
  });

  it('goes offline when the hub dies (offline since, the reason in words), keeps the write, and is connected again after the hub restarts', async () => {
    await cluster.kill();
    try {
      callOk(a, 'incident.addNote', { id, text: 'While the hub is down' });
      const offline = await until('A to notice the hub is gone', () => (statusOf(a).state === 'offline' && statusOf(a).toPush > 0 ? statusOf(a) : undefined), 10_000);
      expect(offline.offlineSince).toBe('2026-11-30T18:00:00.000Z');
      expect(offline.lastError).toMatch(/the hub at 127\.0\.0\.1:\d+ (refused the connection|did not answer|.*lost)/);
      expect(offline.toPush).toBeGreaterThanOrEqual(1);
      expect(offline.live).toBe(false);
    } finally {
      await cluster.start();
    }
    // Backoff starts at a second and doubles: the retry comes within a few seconds.
    const back = await until('A to reconnect and push', () => (statusOf(a).state === 'connected' && statusOf(a).toPush === 0 ? statusOf(a) : undefined), 15_000);
    expect(back).toMatchObject({ offlineSince: null, lastError: null });
    await until('B to get the note written while the hub was down', () => notes(b) === notes(a), 10_000);
  });

  it('stops without leaving a connection open', async () => {
    const { stop } = laptops.find((entry) => entry.t === c)!;
    const started = Date.now();
    await stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(runnerOf(c.ctx)).toBeNull();
  });
});
