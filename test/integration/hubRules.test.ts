import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes, hashEvent } from '../../src-main/domain/sync/eventV2';
import { hubSchemaStatements } from '../../src-main/services/hub/hubSchema';
import { addHubMember, initHub } from '../../src-main/services/hub/hubAdmin';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { signedEvents } from '../support/dagReplica';
import { appendNotes, freshHubDatabase, hubRole, sqlState, teamIncident } from '../support/hubFixtures';
import { clusterForThisFile } from '../support/clusterForThisFile';
import type { PostgresCluster } from '../support/postgresCluster';

// What the hub's database refuses by itself, whoever connects with a responder role: the rules
// hold even for a client that is not Firebreak (psql, a script with a stolen role password).

let cluster: PostgresCluster;
clusterForThisFile((started) => (cluster = started));

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

describe('hub rules enforced by PostgreSQL', () => {
  let adminUrl: string;
  let alice: PostgresHub;
  let aliceSql: pg.Client;
  let malloryUrl: string;
  const team = teamIncident(1, ['alice', 'bob']);
  const other = teamIncident(2, ['carol']);

  beforeAll(async () => {
    adminUrl = await freshHubDatabase(cluster, 'rules');
    const aliceUrl = await hubRole(adminUrl, cluster, 'rules', 'alice', team.devices[0]!.identity.actorKey);
    malloryUrl = await hubRole(adminUrl, cluster, 'rules', 'mallory');
    alice = new PostgresHub({ url: aliceUrl });
    const pushed = await alice.push(appendNotes(team.devices[0]!, team.incidentId, 3));
    expect(pushed.refused).toEqual([]);
    aliceSql = await connect(aliceUrl);
  }, 60_000);
  afterAll(async () => {
    await alice?.close();
    await aliceSql?.end();
  });

  it('a responder role cannot UPDATE, DELETE or TRUNCATE events, even its own', async () => {
    expect(await sqlState(aliceSql, 'UPDATE firebreak.events SET sig = $1', ['forged'])).toBe('42501');
    expect(await sqlState(aliceSql, 'DELETE FROM firebreak.events')).toBe('42501');
    expect(await sqlState(aliceSql, 'TRUNCATE firebreak.events')).toBe('42501');
    expect(await sqlState(aliceSql, 'DELETE FROM firebreak.members')).toBe('42501');
    expect(await sqlState(aliceSql, 'UPDATE firebreak.devices SET role_name = current_user')).toBe('42501');
    const count = await aliceSql.query<{ n: string }>('SELECT count(*) AS n FROM firebreak.events');
    // The declaration, one admission and three notes.
    expect(Number(count.rows[0]!.n)).toBe(5);
  });

  it('even the table owner cannot UPDATE or DELETE an event: the trigger refuses', async () => {
    const admin = await connect(adminUrl);
    try {
      const update = await admin.query('UPDATE firebreak.events SET sig = sig').catch((error: Error) => error);
      expect(String(update)).toMatch(/append-only/);
      const truncate = await admin.query('TRUNCATE firebreak.events').catch((error: Error) => error);
      expect(String(truncate)).toMatch(/append-only/);
    } finally {
      await admin.end();
    }
  });

  it('a role reads nothing of an incident it is not a member of', async () => {
    const mallory = await connect(malloryUrl);
    try {
      const rows = await mallory.query('SELECT * FROM firebreak.events');
      expect(rows.rowCount).toBe(0);
      const hub = new PostgresHub({ url: malloryUrl });
      expect((await hub.pull(0)).events).toEqual([]);
      expect(await hub.countAfter(0)).toBe(0);
      // Nor can it write into it: a member's incident takes no events from outsiders.
      const forged = signedEvents(team.devices[0]!.db, team.incidentId).slice(-1);
      const stranger = appendNotes(other.devices[0]!, other.incidentId, 1).slice(-1)[0]!;
      const sneaked = { ...stranger, event: { ...stranger.event, incident: team.incidentId } };
      sneaked.hash = hashEvent(sneaked.event);
      const result = await hub.push([sneaked]);
      expect(result.acknowledged).toEqual([]);
      expect(result.refused[0]!.reason).toMatch(/not a member of INC-/);
      // Pushing a copy of an event the hub holds reveals nothing and changes nothing.
      const again = await hub.push(forged);
      expect(again.acknowledged).toEqual([]);
      await hub.close();
    } finally {
      await mallory.end();
    }
  });

  it('a body whose hash does not match is refused by the database itself', async () => {
    const signed = appendNotes(team.devices[0]!, team.incidentId, 1, 500).slice(-1)[0]!;
    const body = canonicalBytes(signed.event);
    const tampered = Buffer.from(body);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 3) ^ 1, tampered.length - 3);
    const insert = 'INSERT INTO firebreak.events (hash, id, incident_id, actor_key, actor_seq, body, sig) VALUES ($1, $2, $3, $4, $5, $6, $7)';
    const row = (bytes: Buffer) => [Buffer.from(signed.hash, 'hex'), signed.event.id, signed.event.incident, signed.event.actor_key, signed.event.actor_seq, bytes, signed.sig];
    expect(await sqlState(aliceSql, insert, row(tampered))).toBe('23514');
    // The same row with the true body goes in: the refusal was the hash check, not the role.
    expect(await sqlState(aliceSql, insert, row(body))).toBeNull();
  });

  it('a row whose columns say another incident than its signed body is refused', async () => {
    const signed = appendNotes(other.devices[0]!, other.incidentId, 1, 600).slice(-1)[0]!;
    const state = await sqlState(aliceSql, 'INSERT INTO firebreak.events (hash, id, incident_id, actor_key, actor_seq, body, sig) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      Buffer.from(signed.hash, 'hex'),
      signed.event.id,
      team.incidentId,
      signed.event.actor_key,
      signed.event.actor_seq,
      canonicalBytes(signed.event),
      signed.sig,
    ]);
    expect(state).toBe('23514');
  });

  it('a second first event under a known incident id is refused, so nobody can take over an incident id', async () => {
    const squatter = teamIncident(3, ['mallory'], team.incidentId);
    const hub = new PostgresHub({ url: malloryUrl });
    const result = await hub.push(signedEvents(squatter.devices[0]!.db, team.incidentId));
    expect(result.acknowledged).toEqual([]);
    expect(result.refused[0]!.reason).toMatch(/already holds another first event/);
    expect((await hub.pull(0)).events).toEqual([]);
    await hub.close();
  });

  it('a member.added event lets the admitted device\'s role read the incident', async () => {
    const bobUrl = await hubRole(adminUrl, cluster, 'rules', 'bob', team.devices[1]!.identity.actorKey);
    const bob = new PostgresHub({ url: bobUrl });
    const page = await bob.pull(0);
    expect(page.events.map((signed) => signed.event.type)).toContain('member.added');
    expect(page.events.every((signed) => signed.event.incident === team.incidentId)).toBe(true);
    await bob.close();
  });

  it('hub init run twice changes nothing', async () => {
    const catalog = async () => {
      const admin = await connect(adminUrl);
      try {
        const result = await admin.query(
          `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'firebreak') AS relations,
                  (SELECT string_agg(policyname, ',' ORDER BY policyname) FROM pg_policies WHERE schemaname = 'firebreak') AS policies,
                  (SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal) AS triggers,
                  (SELECT count(*) FROM firebreak.events) AS events, (SELECT last_value FROM firebreak.hub_seq) AS seq`,
        );
        return result.rows[0];
      } finally {
        await admin.end();
      }
    };
    const before = await catalog();
    const again = await initHub({ url: adminUrl });
    expect(again.statements).toBe(hubSchemaStatements);
    expect(await catalog()).toEqual(before);
  });

  it('hub init and add-member work for an administrator that is not a superuser (CREATEROLE and the database\'s CREATE)', async () => {
    const admin = await connect(adminUrl);
    try {
      await admin.query("CREATE ROLE hubadmin LOGIN PASSWORD 'pw-hubadmin' CREATEROLE");
      await admin.query('CREATE DATABASE delegated OWNER hubadmin');
      // The group role already exists on this cluster (roles are cluster-wide): since PostgreSQL 16
      // only a role holding ADMIN OPTION on it may grant it. The role that creates it holds that.
      await admin.query('GRANT firebreak_responder TO hubadmin WITH ADMIN OPTION');
    } finally {
      await admin.end();
    }
    const delegatedUrl = cluster.url('hubadmin', 'pw-hubadmin', 'delegated');
    await initHub({ url: delegatedUrl });
    const team2 = teamIncident(4, ['dora']);
    await addHubMember({ url: delegatedUrl }, { name: 'dora', password: 'pw-dora', deviceKey: team2.devices[0]!.identity.actorKey });
    const dora = new PostgresHub({ url: cluster.url('dora', 'pw-dora', 'delegated') });
    expect((await dora.push(signedEvents(team2.devices[0]!.db, team2.incidentId))).refused).toEqual([]);
    expect((await dora.pull(0)).events).toHaveLength(1);
    // The owner is not a superuser, and still cannot rewrite history.
    const owner = await connect(delegatedUrl);
    try {
      expect(await sqlState(owner, 'DELETE FROM firebreak.events')).toBe('42501');
    } finally {
      await owner.end();
      await dora.close();
    }
  });
});
