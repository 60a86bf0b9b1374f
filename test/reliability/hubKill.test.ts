import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { pushLockKey } from '../../src-main/services/hub/hubSchema';
import { SyncClient } from '../../src-main/services/sync/syncClient';
import { listDagRows } from '../../src-main/store/dagStore';
import { syncInto, timeAt, type Device } from '../support/dagReplica';
import { appendNotes, freshHubDatabase, hubRole, teamIncident } from '../support/hubFixtures';
import { clusterForThisFile } from '../support/clusterForThisFile';
import type { PostgresCluster } from '../support/postgresCluster';

// The hub is killed (SIGKILL: a crash, a pulled plug) while a laptop pushes 1,000 events, then
// restarted. The outbox must stay until the hub acknowledges, and after the next sync every
// replica holds all 1,000 events, none twice, as does the hub.

let cluster: PostgresCluster;
clusterForThisFile((started) => (cluster = started));

async function hubCount(adminUrl: string): Promise<{ rows: number; distinct: number }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const result = await admin.query<{ rows: string; distinct: string }>('SELECT count(*) AS rows, count(DISTINCT hash) AS distinct FROM firebreak.events');
    return { rows: Number(result.rows[0]!.rows), distinct: Number(result.rows[0]!.distinct) };
  } finally {
    await admin.end();
  }
}

const clientOf = (device: Device, hubUrl: string) => new SyncClient(device.db, hubUrl, () => timeAt(9000), () => device.identity);

describe.each([
  { batch: 100, label: 'in batches of 100 (killed between commits)' },
  { batch: 1000, label: 'in one batch of 1,000 (killed inside the transaction)' },
])('the hub killed during a push of 1,000 events $label', ({ batch }) => {
  it('loses nothing and duplicates nothing once it is back', async () => {
    await cluster.start();
    const database = `kill_${batch}`;
    const adminUrl = await freshHubDatabase(cluster, database);
    const team = teamIncident(batch, ['alice', 'bob', 'carol']);
    const [alice, bob, carol] = team.devices;
    const urls = await Promise.all(team.devices.map((device) => hubRole(adminUrl, cluster, database, device.name, device.identity.actorKey)));
    const hubs = urls.map((url) => new PostgresHub({ url, connectTimeoutMs: 2000 }));
    try {
      // The declaration and admissions first, so bob and carol are members; then 1,000 notes.
      const first = clientOf(alice!, urls[0]!);
      await first.sync(hubs[0]!);
      const base = (await hubCount(adminUrl)).rows;
      appendNotes(alice!, team.incidentId, 1000);
      const written = listDagRows(alice!.db, team.incidentId).length;
      expect(written).toBe(base + 1000);

      // The push-order lock is held from outside, so the kill lands mid-push on any machine speed:
      // with one batch, inside its open transaction; with batches of 100, after exactly one commit.
      const gate = await holdPushOrder(adminUrl);
      const pushing = first.sync(hubs[0]!, { push: batch }).then(
        () => 'finished',
        (error: Error) => error.message,
      );
      await gate.untilPushWaits();
      if (batch === 100) await gate.letOneTransactionThrough();
      await cluster.kill();
      const outcome = await pushing;
      expect(outcome).toMatch(/connection to the hub .*was lost|refused the connection|did not answer/);
      // The outbox still holds what the hub did not acknowledge.
      const left = first.outbox(5000).events.length;
      expect(left).toBeGreaterThan(0);

      await cluster.start();
      const committed = await hubCount(adminUrl);
      // Exactly the one batch let through is in, or the one open transaction was rolled back.
      expect(committed.rows).toBe(batch === 100 ? base + 100 : base);
      expect(committed.rows).toBeLessThan(written);
      console.log(`killed with ${committed.rows - base} of 1000 events committed on the hub; ${left} left in the outbox`);
      await first.sync(hubs[0]!);
      expect(first.outbox().events).toEqual([]);
      await clientOf(bob!, urls[1]!).sync(hubs[1]!);
      await clientOf(carol!, urls[2]!).sync(hubs[2]!);

      const expected = new Set(listDagRows(alice!.db, team.incidentId).map((row) => row.hash));
      expect(expected.size).toBe(written);
      for (const device of [bob!, carol!]) {
        const held = listDagRows(device.db, team.incidentId).map((row) => row.hash);
        expect(held).toHaveLength(written);
        expect(new Set(held)).toEqual(expected);
      }
      expect(await hubCount(adminUrl)).toEqual({ rows: written, distinct: written });
      // A replica that joins late through another replica converges too (set union).
      syncInto(bob!, carol!, team.incidentId, team.rng, timeAt(9001));
      expect(listDagRows(carol!.db, team.incidentId)).toHaveLength(written);
    } finally {
      await Promise.all(hubs.map((hub) => hub.close()));
    }
  }, 120_000);
});

/** An outside session holding the hub's push-order lock, which every insert of events waits for. */
async function holdPushOrder(adminUrl: string) {
  const holder = new pg.Client({ connectionString: adminUrl });
  // The kill ends this session too; its error is expected.
  holder.on('error', () => undefined);
  await holder.connect();
  await holder.query('SELECT pg_advisory_lock($1)', [pushLockKey]);
  const untilPushWaits = async () => {
    for (let tries = 0; tries < 2000; tries++) {
      const waiting = await holder.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO firebreak.events%'");
      if ((waiting.rowCount ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('the push never reached the hub');
  };
  return {
    untilPushWaits,
    /** Releases the lock and queues for it again: the waiting transaction commits, the next one waits. */
    async letOneTransactionThrough() {
      await holder.query('SELECT pg_advisory_unlock($1)', [pushLockKey]);
      await holder.query('SELECT pg_advisory_lock($1)', [pushLockKey]);
      await untilPushWaits();
    },
  };
}
