import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../src-main/domain/sync/eventV2';
import { addHubMember, responderConnectionLimit } from '../../src-main/services/hub/hubAdmin';
import { hubMaxBodyBytes, pushLockKey } from '../../src-main/services/hub/hubSchema';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { appendV2 } from '../../src-main/store/dagStore';
import { signedEvents, timeAt } from '../support/dagReplica';
import { appendNotes, freshHubDatabase, hubRole, teamIncident } from '../support/hubFixtures';
import { connectRaw } from '../support/hubInsider';
import { clusterForThisFile } from '../support/clusterForThisFile';
import type { PostgresCluster } from '../support/postgresCluster';

// Denial of service by a responder role, events the hub cannot store in a laptop's batch, and
// hostile input to add-member.

let cluster: PostgresCluster;
clusterForThisFile((started) => (cluster = started));

describe('denial of service against the hub', () => {
  const team = teamIncident(2121, ['alice']);
  const own = teamIncident(2122, ['mallory']);
  const alice = team.devices[0]!;
  let adminUrl: string;
  let aliceHub: PostgresHub;
  let malloryUrl: string;

  const note = (text: string, at: number) => appendV2(alice.db, alice.identity, { incidentId: team.incidentId, type: 'incident.noteAdded', at: timeAt(at), actor: 'alice', deviceId: 'alice', payload: { text } });

  beforeAll(async () => {
    adminUrl = await freshHubDatabase(cluster, 'dos');
    const aliceUrl = await hubRole(adminUrl, cluster, 'dos', 'dos_alice', alice.identity.actorKey);
    malloryUrl = await hubRole(adminUrl, cluster, 'dos', 'dos_mallory', own.devices[0]!.identity.actorKey);
    // The limits add-member sets, shortened so the test need not wait a minute.
    const admin = await connectRaw(adminUrl);
    await admin.query("ALTER ROLE dos_alice SET lock_timeout = '1s'");
    await admin.query("ALTER ROLE dos_mallory SET idle_in_transaction_session_timeout = '1s'");
    await admin.end();
    aliceHub = new PostgresHub({ url: aliceUrl });
    expect((await aliceHub.push(signedEvents(alice.db, team.incidentId))).refused).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await aliceHub?.close();
  });

  it('one event the hub cannot store is refused with its reason; the rest of the batch is taken', async () => {
    const before = note('before', 10);
    const nul = note('pasted from a binary log: \u0000\u0001', 11);
    const underLimit = note('x'.repeat(hubMaxBodyBytes - 1024), 12);
    const overLimit = note('x'.repeat(hubMaxBodyBytes), 13);
    const after = note('after', 14);
    expect(canonicalBytes(underLimit.event).length).toBeLessThanOrEqual(hubMaxBodyBytes);
    const result = await aliceHub.push([before, nul, underLimit, overLimit, after]);
    expect(result.acknowledged.sort()).toEqual([before.hash, underLimit.hash, after.hash].sort());
    const reasons = new Map(result.refused.map((item) => [item.hash, item.reason]));
    expect(reasons.get(nul.hash)).toMatch(/NUL character/);
    expect(reasons.get(overLimit.hash)).toMatch(/larger than the hub takes \(4 MiB\)/);
    expect(result.refused).toHaveLength(2);
  });

  it('a role holding the push-order lock delays pushes, which fail with a reason and succeed once it lets go; pulls go on', async () => {
    const holder = await connectRaw(malloryUrl);
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [pushLockKey]);
      const started = Date.now();
      const blocked = await aliceHub.push(appendNotes(alice, team.incidentId, 1, 200).slice(-1)).catch((error: unknown) => error);
      expect(blocked).toMatchObject({ code: 'io-error', message: expect.stringMatching(/holds the hub's push order/) });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await aliceHub.pull(0)).events.length).toBeGreaterThan(0);
    } finally {
      await holder.end();
    }
    expect((await aliceHub.push(signedEvents(alice.db, team.incidentId).slice(-1))).refused).toEqual([]);
  });

  it('a role that sits in an open push transaction is cut off by the idle limit add-member sets', async () => {
    const holder = await connectRaw(malloryUrl);
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [pushLockKey]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Ended by the server: alice's push is not held up.
    expect((await aliceHub.push(appendNotes(alice, team.incidentId, 1, 300).slice(-1))).refused).toEqual([]);
    await expect(holder.query('SELECT 1')).rejects.toThrow();
    await holder.end().catch(() => {});
  });

  it(`a role cannot take every connection: it holds ${responderConnectionLimit} at most, and others still connect`, async () => {
    const opened: pg.Client[] = [];
    const refused: string[] = [];
    for (let i = 0; i < responderConnectionLimit + 5; i++) {
      await connectRaw(malloryUrl).then(
        (client) => opened.push(client),
        (error: { code?: string }) => refused.push(String(error.code)),
      );
    }
    try {
      expect(opened).toHaveLength(responderConnectionLimit);
      expect(new Set(refused)).toEqual(new Set(['53300']));
      expect((await aliceHub.pull(0)).events.length).toBeGreaterThan(0);
    } finally {
      await Promise.all(opened.map((client) => client.end()));
    }
  });

  it('a flood of notifications only wakes listeners; the listener stays and syncing goes on', async () => {
    let wakes = 0;
    const listening = new PostgresHub({ url: cluster.url('dos_alice', 'pw-dos_alice', 'dos') });
    expect(await listening.listen(() => wakes++, () => {})).toBe(true);
    const flooder = await connectRaw(malloryUrl);
    await flooder.query("SELECT pg_notify('firebreak_events', i || repeat('x', 7000)) FROM generate_series(1, 5000) AS i");
    await flooder.end();
    for (let i = 0; i < 50 && wakes < 5000; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(wakes).toBe(5000);
    expect((await listening.pull(0)).events.length).toBeGreaterThan(0);
    await listening.close();
  });
});

describe('add-member input', () => {
  it('refuses role names with quotes or SQL, reserved names, a superuser, malformed device keys and keys bound to another role', async () => {
    const adminUrl = await freshHubDatabase(cluster, 'members');
    const team = teamIncident(2123, ['erin']);
    const key = team.devices[0]!.identity.actorKey;
    const add = (name: string, deviceKey?: string) => addHubMember({ url: adminUrl }, { name, password: 'pw', deviceKey }).catch((error: { code?: string }) => error.code);
    for (const name of [`o'brien`, 'x"; DROP TABLE firebreak.events; --', 'Alice', 'a b', '', 'firebreak_responder', 'pg_monitor', 'x'.repeat(64)]) {
      expect(await add(name), name).toBe('invalid-input');
    }
    const superuser = new URL(cluster.adminUrl).username;
    expect(await add(superuser)).toBe(superuser.match(/^[a-z_][a-z0-9_]*$/) ? 'conflict' : 'invalid-input');
    expect(await add('mb_erin', "'); DELETE FROM firebreak.devices; --")).toBe('invalid-input');
    expect(await add('mb_erin', key)).toMatchObject({ role: 'mb_erin', deviceBound: true });
    expect(await add('mb_frank', key)).toBe('conflict');
    const admin = await connectRaw(adminUrl);
    try {
      const roles = await admin.query<{ rolname: string; rolconnlimit: number; rolsuper: boolean; rolcreaterole: boolean }>("SELECT rolname, rolconnlimit, rolsuper, rolcreaterole FROM pg_roles WHERE rolname LIKE 'mb\\_%'");
      expect(roles.rows).toEqual([{ rolname: 'mb_erin', rolconnlimit: responderConnectionLimit, rolsuper: false, rolcreaterole: false }]);
      expect((await admin.query('SELECT count(*)::int AS n FROM firebreak.devices')).rows[0].n).toBe(1);
    } finally {
      await admin.end();
    }
  });
});
