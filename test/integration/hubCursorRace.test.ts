import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { insertEvents, PostgresHub } from '../../src-main/services/hub/postgresHub';
import type { SignedEvent } from '../../src-main/domain/sync/eventV2';
import { signedEvents, syncInto, timeAt } from '../support/dagReplica';
import { appendNotes, freshHubDatabase, hubRole, teamIncident } from '../support/hubFixtures';
import { clusterForThisFile } from '../support/clusterForThisFile';
import type { PostgresCluster } from '../support/postgresCluster';

// TEAM-SYNC §4.4: connection A begins and inserts (held open); connection B inserts and commits; a
// pull runs; A commits; a pull runs. A cursor that moved past B's row must not skip A's.

let cluster: PostgresCluster;
clusterForThisFile((started) => (cluster = started));

interface Race {
  pulled: string[];
  expected: string[];
  /** Whether B's push was still waiting when the first pull ran. */
  bWaited: boolean;
}

async function race(database: string, adminSetup?: (admin: pg.Client) => Promise<void>): Promise<Race> {
  const adminUrl = await freshHubDatabase(cluster, database);
  const team = teamIncident(database.length, ['alice', 'bob']);
  const [aliceDevice, bobDevice] = team.devices;
  syncInto(aliceDevice!, bobDevice!, team.incidentId, team.rng, timeAt(5));
  const aliceUrl = await hubRole(adminUrl, cluster, database, 'alice', aliceDevice!.identity.actorKey);
  const bobUrl = await hubRole(adminUrl, cluster, database, 'bob', bobDevice!.identity.actorKey);
  const alice = new PostgresHub({ url: aliceUrl });
  const bob = new PostgresHub({ url: bobUrl });
  const reader = new PostgresHub({ url: aliceUrl });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const held = new pg.Client({ connectionString: aliceUrl });
  await held.connect();
  try {
    await adminSetup?.(admin);
    expect((await alice.push(signedEvents(aliceDevice!.db, team.incidentId))).refused).toEqual([]);
    let cursor = (await reader.pull(0)).cursor;
    const pulled: string[] = [];
    const fromA = appendNotes(aliceDevice!, team.incidentId, 2, 200).slice(-2);
    const fromB = appendNotes(bobDevice!, team.incidentId, 2, 300).filter((signed) => signed.event.actor_key === bobDevice!.identity.actorKey);

    await held.query('BEGIN');
    await insertEvents(held, fromA);
    let bDone = false;
    const bPush = bob.push(fromB).then((result) => {
      bDone = true;
      return result;
    });
    // Give B every chance to commit first, as it would without the push-order lock.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bWaited = !bDone;
    const first = await reader.pull(cursor);
    pulled.push(...first.events.map((signed) => signed.hash));
    cursor = first.cursor;
    await held.query('COMMIT');
    expect((await bPush).refused).toEqual([]);
    for (;;) {
      const page = await reader.pull(cursor);
      if (page.events.length === 0) break;
      pulled.push(...page.events.map((signed) => signed.hash));
      cursor = page.cursor;
    }
    return { pulled, expected: [...fromA, ...fromB].map((signed: SignedEvent) => signed.hash), bWaited };
  } finally {
    await held.end();
    await admin.end();
    await Promise.all([alice.close(), bob.close(), reader.close()]);
  }
}

describe('the pull cursor and a push committed late', () => {
  it('misses no event: a push waits for the one before it to commit', async () => {
    const { pulled, expected, bWaited } = await race('race');
    expect(bWaited).toBe(true);
    expect(new Set(pulled)).toEqual(new Set(expected));
    expect(pulled).toHaveLength(expected.length);
  }, 60_000);

  it('without the push-order lock the same race loses A\'s events: the test can tell', async () => {
    const { pulled, expected, bWaited } = await race('race_unlocked', (admin) => admin.query('ALTER TABLE firebreak.events DISABLE TRIGGER events_push_order').then(() => undefined));
    expect(bWaited).toBe(false);
    const missed = expected.filter((hash) => !pulled.includes(hash));
    expect(missed).toHaveLength(2);
  }, 60_000);

  it('a laptop that goes to sleep mid-push holds up the others only until its idle transaction is ended', async () => {
    const database = 'race_sleeper';
    const adminUrl = await freshHubDatabase(cluster, database);
    const team = teamIncident(7, ['sleeper', 'waker']);
    const [sleeperDevice, wakerDevice] = team.devices;
    syncInto(sleeperDevice!, wakerDevice!, team.incidentId, team.rng, timeAt(5));
    const sleeperUrl = await hubRole(adminUrl, cluster, database, 'sleeper', sleeperDevice!.identity.actorKey);
    const wakerUrl = await hubRole(adminUrl, cluster, database, 'waker', wakerDevice!.identity.actorKey);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // The roles carry the limit add-member gives them; shortened here so the test is quick.
    const settings = await admin.query<{ setconfig: string[] }>("SELECT setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'sleeper'");
    expect(settings.rows[0]!.setconfig).toContain('idle_in_transaction_session_timeout=20s');
    await admin.query("ALTER ROLE sleeper SET idle_in_transaction_session_timeout = '1s'");
    await admin.end();
    const sleeper = new PostgresHub({ url: sleeperUrl });
    const waker = new PostgresHub({ url: wakerUrl });
    const held = new pg.Client({ connectionString: sleeperUrl });
    held.on('error', () => {});
    try {
      expect((await sleeper.push(signedEvents(sleeperDevice!.db, team.incidentId))).refused).toEqual([]);
      await held.connect();
      await held.query('BEGIN');
      await insertEvents(held, appendNotes(sleeperDevice!, team.incidentId, 1, 400).slice(-1));
      // The lid closes here: no COMMIT. The other laptop's push waits, then goes through.
      const fromWaker = appendNotes(wakerDevice!, team.incidentId, 1, 500).filter((signed) => signed.event.actor_key === wakerDevice!.identity.actorKey);
      const started = performance.now();
      expect((await waker.push(fromWaker)).refused).toEqual([]);
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThan(500);
      const pulled = (await waker.pull(0)).events.map((signed) => signed.event.type);
      expect(pulled.filter((type) => type === 'incident.noteAdded')).toHaveLength(1);
      await expect(held.query('COMMIT')).rejects.toThrow();
    } finally {
      await held.end().catch(() => {});
      await Promise.all([sleeper.close(), waker.close()]);
    }
  }, 60_000);
});
