import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { signedEvents } from '../support/dagReplica';
import { appendNotes, freshHubDatabase, hubRole, sqlState, teamIncident } from '../support/hubFixtures';
import { connectRaw, insertRaw, nextEvent, signedBody } from '../support/hubInsider';
import { clusterForThisFile } from '../support/clusterForThisFile';
import type { PostgresCluster } from '../support/postgresCluster';

// A responder with a valid hub role (mallory) attacks with psql-level SQL: reading an incident she
// is not a member of, making herself a member, and rewriting or reordering history.

let cluster: PostgresCluster;
clusterForThisFile((started) => (cluster = started));

describe('an insider against the hub', () => {
  const team = teamIncident(2111, ['alice', 'bob']);
  const own = teamIncident(2112, ['mallory']);
  const [alice] = team.devices;
  const [mallory] = own.devices;
  let adminUrl: string;
  let admin: pg.Client;
  let aliceHub: PostgresHub;
  let mal: pg.Client;
  let malloryUrl: string;

  beforeAll(async () => {
    adminUrl = await freshHubDatabase(cluster, 'attack');
    aliceHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'attack', 'at_alice', alice!.identity.actorKey) });
    expect((await aliceHub.push(appendNotes(alice!, team.incidentId, 20))).refused).toEqual([]);
    malloryUrl = await hubRole(adminUrl, cluster, 'attack', 'at_mallory', mallory!.identity.actorKey);
    const malloryHub = new PostgresHub({ url: malloryUrl });
    expect((await malloryHub.push(signedEvents(mallory!.db, own.incidentId))).refused).toEqual([]);
    await malloryHub.close();
    admin = await connectRaw(adminUrl);
    await admin.query('ANALYZE firebreak.events');
    mal = await connectRaw(malloryUrl);
  }, 60_000);
  afterAll(async () => {
    await aliceHub?.close();
    await mal?.end();
    await admin?.end();
  });

  it('reads nothing of an incident she is not in: tables, statistics, views, memberships, plans', async () => {
    expect((await mal.query('SELECT incident_id FROM firebreak.events')).rows).toEqual([{ incident_id: own.incidentId }]);
    expect((await mal.query("SELECT * FROM pg_stats WHERE schemaname = 'firebreak' AND tablename = 'events'")).rowCount).toBe(0);
    expect((await mal.query('SELECT incident_id FROM firebreak.members')).rows).toEqual([{ incident_id: own.incidentId }]);
    // A view or function of her own runs as her: row-level security still applies.
    expect(await sqlState(mal, 'CREATE VIEW firebreak.all_events AS SELECT * FROM firebreak.events')).toBe('42501');
    await mal.query('CREATE TEMP VIEW mine AS SELECT * FROM firebreak.events');
    expect((await mal.query('SELECT count(*)::int AS n FROM mine')).rows[0].n).toBe(1);
    // Asking whether another role is a member of an incident is answered only about herself.
    const asked = await mal.query<{ yes: boolean }>('SELECT firebreak.may_access($1, $2) AS yes', [team.incidentId, 'at_alice']);
    expect(asked.rows[0]!.yes).toBe(false);
    // EXPLAIN shows a plan, never a row. (Its row counts and estimates do tell how many events the
    // table holds in all, which row-level security cannot hide: docs/hub.md, Limits.)
    const plan = await mal.query('EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) SELECT body FROM firebreak.events WHERE incident_id = $1', [team.incidentId]);
    expect(JSON.stringify(plan.rows)).not.toMatch(/noteAdded|Hub test/);
  });

  it('cannot make herself a member: claiming a bound key, registering for another role, admitting herself', async () => {
    expect(await sqlState(mal, 'INSERT INTO firebreak.devices (actor_key, role_name) VALUES ($1, current_user)', [alice!.identity.actorKey])).toBe('23505');
    expect(await sqlState(mal, "INSERT INTO firebreak.devices (actor_key, role_name) VALUES ('k', 'at_alice')")).toBe('42501');
    expect(await sqlState(mal, "INSERT INTO firebreak.members (incident_id, role_name) VALUES ($1, current_user)", [team.incidentId])).toBe('42501');
    const malloryHub = new PostgresHub({ url: malloryUrl });
    await expect(malloryHub.registerDevice(alice!.identity.actorKey)).rejects.toMatchObject({ code: 'conflict' });
    await malloryHub.close();
    // A member.added of the team's incident, signed by her own key, admitting her key.
    const head = signedEvents(alice!.db, team.incidentId).at(-1)!;
    const admission = signedBody(mallory!, nextEvent(mallory!, head, 1, { type: 'member.added', payload: { actorKey: mallory!.identity.actorKey, name: 'mallory' } }));
    expect(await insertRaw(mal, [admission])).toEqual([]);
    // A body naming her incident first and the team's last is the team's to the hub, as to every JSON reader.
    const twoIncidents = signedBody(mallory!, Buffer.from(JSON.stringify(nextEvent(mallory!, head, 2)).replace('"incident":', `"incident":"${own.incidentId}","incident":`)));
    expect(await insertRaw(mal, [twoIncidents])).toEqual([]);
    // An incident id that differs only in case is another incident: nothing of the team's shows.
    const lower = teamIncident(2113, ['mallory'], team.incidentId.toLowerCase());
    const squatter = new PostgresHub({ url: malloryUrl });
    expect((await squatter.push(signedEvents(lower.devices[0]!.db, lower.incidentId))).refused).toEqual([]);
    expect((await squatter.pull(0)).events.map((signed) => signed.event.incident).sort()).toEqual([own.incidentId, lower.incidentId].sort());
    await squatter.close();
    expect((await mal.query('SELECT count(*)::int AS n FROM firebreak.events WHERE incident_id = $1', [team.incidentId])).rows[0].n).toBe(0);
  });

  it('cannot rewrite, remove or reorder history', async () => {
    const before = (await admin.query('SELECT hash, hub_seq, pushed_by FROM firebreak.events ORDER BY hub_seq')).rows;
    for (const sql of [
      'ALTER TABLE firebreak.events DISABLE TRIGGER ALL',
      'DROP TRIGGER events_append_only ON firebreak.events',
      'ALTER TABLE firebreak.events NO FORCE ROW LEVEL SECURITY',
      "SELECT setval('firebreak.hub_seq', 1)",
      'SET session_replication_role = replica',
      'DELETE FROM firebreak.events',
      'TRUNCATE firebreak.devices',
      'ALTER SEQUENCE firebreak.hub_seq RESTART WITH 1',
      "UPDATE firebreak.hub_meta SET value = '99'",
      "INSERT INTO firebreak.hub_meta (key, value) VALUES ('x', 'y')",
    ]) {
      expect(await sqlState(mal, sql), sql).toMatch(/^42/);
    }
    expect(await sqlState(mal, 'COPY firebreak.events (hash) FROM STDIN')).toMatch(/^(0A|42)/);
    // Drawing cursor numbers only leaves gaps; columns the hub stamps cannot be forged.
    await mal.query("SELECT nextval('firebreak.hub_seq') FROM generate_series(1, 50)");
    const signed = appendNotes(mallory!, own.incidentId, 1).at(-1)!;
    const row = signedBody(mallory!, signed.event);
    await mal.query('INSERT INTO firebreak.events (hash, id, incident_id, actor_key, actor_seq, body, sig, hub_seq, pushed_by, received_at, genesis) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, true)', [
      Buffer.from(row.hash, 'hex'), signed.event.id, signed.event.incident, signed.event.actor_key, signed.event.actor_seq, row.body, row.sig, 'at_alice', '2000-01-01',
    ]);
    const stamped = (await admin.query('SELECT hub_seq, pushed_by, genesis, received_at FROM firebreak.events WHERE hash = $1', [Buffer.from(row.hash, 'hex')])).rows[0];
    expect(Number(stamped.hub_seq)).toBeGreaterThan(Math.max(...before.map((item) => Number(item.hub_seq))));
    expect(stamped).toMatchObject({ pushed_by: 'at_mallory', genesis: false });
    expect(new Date(stamped.received_at).getFullYear()).toBeGreaterThan(2000);
    const after = (await admin.query('SELECT hash, hub_seq, pushed_by FROM firebreak.events ORDER BY hub_seq')).rows;
    expect(after.slice(0, before.length)).toEqual(before);
    // Equivocation: another body under a held event id, or another event at a held device sequence.
    const twin = signedBody(mallory!, { ...signed.event, payload: { text: 'rewritten' } });
    const twinSeq = signedBody(mallory!, { ...signed.event, id: 'another-id', payload: { text: 'rewritten' } });
    expect(await insertRaw(mal, [twin, twinSeq])).toEqual([]);
  });
});
