import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEvents, PostgresHub } from '../../src-main/services/hub/postgresHub';
import type { SignedEvent } from '../../src-main/domain/sync/eventV2';
import { signedEvents, syncInto, timeAt } from '../support/dagReplica';
import { appendNotes, freshHubDatabase, hubRole, teamIncident } from '../support/hubFixtures';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';

// TEAM-SYNC §4.4: connection A begins and inserts (held open); connection B inserts and commits; a
// pull runs; A commits; a pull runs. A cursor that moved past B's row must not skip A's.

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

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
});
