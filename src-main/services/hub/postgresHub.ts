import type pg from 'pg';
import { AppError } from '../../contract';
import { canonicalBytes, hashEvent, type EventV2, type SignedEvent } from '../../domain/sync/eventV2';
import { defaultPullLimit, type HubIdentity, type PullResult, type PushResult, type SyncTransport } from '../sync/transport';
import { hubClientConfig, type HubConnectionConfig } from './hubConnection';
import { describeHubError } from './hubErrors';
import { hubMaxBodyBytes } from './hubSchema';
import { pgModule } from './pgModule';

/** The channel the hub notifies on when events arrive: a wake-up only, never the data. */
export const hubChannel = 'firebreak_events';

/** Events per INSERT statement: keeps each statement's parameters well under PostgreSQL's 65,535. */
const insertChunk = 500;

interface EventRow {
  hash: Buffer;
  body: Buffer;
  sig: string;
  hub_seq: string;
}

/**
 * The events this role may read placed above the cursor `$1` and at most `$2` (see `pull`): those in
 * their own place (`hub_seq`), and those of incidents joined late, placed at the join. Both parts
 * use an index, so a page costs what it returns, not what the hub holds.
 */
const placedEvents = `grants AS (
    SELECT incident_id, min(granted_at_seq) AS granted FROM firebreak.members
    WHERE pg_has_role(current_user, role_name, 'MEMBER') GROUP BY incident_id
  ),
  placed AS (
    SELECT e.hash, e.hub_seq, e.hub_seq AS place FROM firebreak.events e
    WHERE e.hub_seq > $1 AND e.hub_seq <= $2 AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.incident_id = e.incident_id AND g.granted > e.hub_seq)
    UNION ALL
    SELECT e.hash, e.hub_seq, g.granted AS place FROM grants g JOIN firebreak.events e ON e.incident_id = g.incident_id
    WHERE g.granted > $1 AND g.granted <= $2 AND e.hub_seq < g.granted
  )`;

/** Larger than any cursor: no upper bound. */
const noBound = '9223372036854775807';

const insertSql = `INSERT INTO firebreak.events (hash, id, incident_id, actor_key, actor_seq, body, sig)
  SELECT u.hash, u.id, u.incident_id, u.actor_key, u.actor_seq, u.body, u.sig
  FROM unnest($1::bytea[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bytea[], $7::text[])
    AS u(hash, id, incident_id, actor_key, actor_seq, body, sig)
  WHERE ($8::boolean AND NOT firebreak.has_genesis(u.incident_id)) OR firebreak.may_access(u.incident_id, current_user)
  ON CONFLICT DO NOTHING`;

/**
 * Inserts events inside the caller's open transaction: first events of incidents first (anyone may
 * push an incident the hub does not hold yet, and doing so makes the pusher a member), then the
 * rest of each incident the role is a member of. Rows already held are skipped (one copy per hash).
 * Exported for the cursor-race test, which holds the transaction open.
 */
export async function insertEvents(client: pg.ClientBase, events: readonly SignedEvent[]): Promise<void> {
  const geneses = events.filter((signed) => signed.event.parents.length === 0);
  const rest = events.filter((signed) => signed.event.parents.length > 0);
  for (const [group, firsts] of [[geneses, true], [rest, false]] as const) {
    for (let at = 0; at < group.length; at += insertChunk) {
      const chunk = group.slice(at, at + insertChunk);
      await client.query(insertSql, [
        chunk.map((signed) => Buffer.from(signed.hash, 'hex')),
        chunk.map((signed) => signed.event.id),
        chunk.map((signed) => signed.event.incident),
        chunk.map((signed) => signed.event.actor_key),
        chunk.map((signed) => signed.event.actor_seq),
        chunk.map((signed) => canonicalBytes(signed.event)),
        chunk.map((signed) => signed.sig),
        firsts,
      ]);
    }
  }
}

/** SQLSTATE classes of a row the database cannot take (data, constraint, program limits), not of the connection. */
const rowErrorClasses = new Set(['22', '23', '54']);

function unstorableReason(signed: SignedEvent, error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const what = `event ${signed.hash.slice(0, 12)}… (${signed.event.type})`;
  if (code === '22P05') return `${what} holds a NUL character (\\u0000) in its text, which the hub's database cannot store`;
  if (code === '23514' && /octet_length\(body\)|events_body_check/.test(message ?? '')) return `${what} is larger than the hub takes (${hubMaxBodyBytes / 1024 / 1024} MiB)`;
  return `the hub cannot store ${what}: ${message ?? String(error)}`;
}

/**
 * Inserts the batch; when the database refuses a row of it (a NUL character, too deeply nested),
 * inserts the events one by one instead, so one such event is refused on its own, with its reason,
 * and the others are still taken. Returns the reasons of the events refused that way.
 */
async function insertOrIsolate(client: pg.ClientBase, events: readonly SignedEvent[]): Promise<Map<string, string>> {
  const unstorable = new Map<string, string>();
  await client.query('SAVEPOINT batch');
  try {
    await insertEvents(client, events);
    await client.query('RELEASE SAVEPOINT batch');
    return unstorable;
  } catch (error) {
    if (!rowErrorClasses.has(String((error as { code?: string }).code).slice(0, 2))) throw error;
    await client.query('ROLLBACK TO SAVEPOINT batch');
  }
  // First events first: a member's later events are taken only once the incident is there.
  const ordered = [...events.filter((signed) => signed.event.parents.length === 0), ...events.filter((signed) => signed.event.parents.length > 0)];
  for (const signed of ordered) {
    await client.query('SAVEPOINT one');
    try {
      await insertEvents(client, [signed]);
      await client.query('RELEASE SAVEPOINT one');
    } catch (error) {
      if (!rowErrorClasses.has(String((error as { code?: string }).code).slice(0, 2))) throw error;
      await client.query('ROLLBACK TO SAVEPOINT one');
      unstorable.set(signed.hash, unstorableReason(signed, error));
    }
  }
  return unstorable;
}

/** Why the hub did not take an event it was given, from what this role may see. */
async function refusalReasons(client: pg.ClientBase, missing: readonly SignedEvent[]): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  const incidents = [...new Set(missing.map((signed) => signed.event.incident))];
  const geneses = missing.filter((signed) => signed.event.parents.length === 0);
  const heldGeneses = await client.query<{ hash: Buffer }>('SELECT h AS hash FROM unnest($1::text[], $2::bytea[]) AS u(i, h) WHERE firebreak.holds_genesis(i, h)', [
    geneses.map((signed) => signed.event.incident),
    geneses.map((signed) => Buffer.from(signed.hash, 'hex')),
  ]);
  const sameGenesis = new Set(heldGeneses.rows.map((row) => row.hash.toString('hex')));
  const access = await client.query<{ incident: string; member: boolean; genesis: boolean }>(
    'SELECT i AS incident, firebreak.may_access(i, current_user) AS member, firebreak.has_genesis(i) AS genesis FROM unnest($1::text[]) AS i',
    [incidents],
  );
  const byIncident = new Map(access.rows.map((row) => [row.incident, row]));
  for (const signed of missing) {
    const { event } = signed;
    const row = byIncident.get(event.incident);
    if (!row?.member) {
      reasons.set(signed.hash, row?.genesis && event.parents.length === 0 && !sameGenesis.has(signed.hash)
        ? `the hub already holds another first event for ${event.incident}: an incident with this id was pushed by someone else`
        : `this role is not a member of ${event.incident} on the hub: a member must push its first event or admit this laptop's device key`);
    } else if (event.parents.length === 0 && row.genesis && !sameGenesis.has(signed.hash)) {
      reasons.set(signed.hash, `the hub already holds another first event for ${event.incident}: one incident has one first event`);
    } else {
      reasons.set(signed.hash, `the hub holds another event with id ${event.id}, or another event ${event.actor_seq} of device ${event.actor_key.slice(0, 12)}… (equivocation)`);
    }
  }
  return reasons;
}

/**
 * A PostgreSQL hub as a sync transport (TEAM-SYNC.md §2). Pushes are idempotent inserts in one
 * transaction per batch; a batch counts as taken only once it is committed, so a hub that goes
 * away mid-batch leaves the outbox as it was. Pulls read by the hub's cursor (`hub_seq`), which
 * the database hands out in commit order.
 */
export class PostgresHub implements SyncTransport {
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;

  constructor(private readonly config: HubConnectionConfig) {
    this.pool = new (pgModule().Pool)({ ...hubClientConfig(config), max: 2, idleTimeoutMillis: 30_000 });
    // An idle connection the hub drops must not crash the process: the next query reconnects.
    this.pool.on('error', () => {});
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw describeHubError(error, this.config.url);
    }
    // A connection lost between two queries is reported on the client, not the query: without a
    // listener it would be an uncaught exception that ends the process.
    const onLost = () => {};
    client.on('error', onLost);
    try {
      return await work(client);
    } catch (error) {
      // A connection that failed mid-query is not given back for reuse.
      client.release(true);
      throw describeHubError(error, this.config.url);
    } finally {
      client.removeListener('error', onLost);
      // release() twice throws: only when the catch above did not.
      try {
        client.release();
      } catch {
        /* already released */
      }
    }
  }

  async push(events: readonly SignedEvent[]): Promise<PushResult> {
    const result: PushResult = { acknowledged: [], refused: [] };
    // Checked here as the database checks it, so one bad event cannot make the whole batch fail there.
    const sound = events.filter((signed) => {
      if (hashEvent(signed.event) === signed.hash && signed.sig !== null) return true;
      result.refused.push({ hash: signed.hash, reason: signed.sig === null ? `event ${signed.hash.slice(0, 12)}… is not signed yet` : `event ${signed.hash.slice(0, 12)}… does not match its hash` });
      return false;
    });
    if (sound.length === 0) return result;
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const unstorable = await insertOrIsolate(client, sound);
        const held = await client.query<{ hash: Buffer }>('SELECT hash FROM firebreak.events WHERE hash = ANY($1::bytea[])', [sound.map((signed) => Buffer.from(signed.hash, 'hex'))]);
        const heldHashes = new Set(held.rows.map((row) => row.hash.toString('hex')));
        await client.query('SELECT pg_notify($1, $2)', [hubChannel, String(sound.length)]);
        await client.query('COMMIT');
        const missing = sound.filter((signed) => !heldHashes.has(signed.hash));
        const reasons = missing.length > 0 ? await refusalReasons(client, missing) : new Map<string, string>();
        for (const signed of sound) {
          if (heldHashes.has(signed.hash)) result.acknowledged.push(signed.hash);
          else result.refused.push({ hash: signed.hash, reason: unstorable.get(signed.hash) ?? reasons.get(signed.hash) ?? 'refused by the hub' });
        }
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  /**
   * Events after the cursor in this role's delivery order: an event comes at its own cursor number,
   * or, if the role became a member of its incident later, at the number of that admission (with
   * the rest of the incident's earlier events). So a cursor that passed an incident's events while
   * they were hidden from the role still delivers them once it is admitted. A page never ends inside
   * such a group: it grows past `limit` instead.
   */
  async pull(cursor: number, limit = defaultPullLimit): Promise<PullResult> {
    return this.withClient(async (client) => {
      // The page ends at the `limit`-th event in its own place: every event placed up to there,
      // a late-joined incident's earlier events included, comes in this page.
      const bound = await client.query<{ hub_seq: string }>(
        `WITH grants AS (
           SELECT incident_id, min(granted_at_seq) AS granted FROM firebreak.members
           WHERE pg_has_role(current_user, role_name, 'MEMBER') GROUP BY incident_id
         )
         SELECT e.hub_seq FROM firebreak.events e
         WHERE e.hub_seq > $1 AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.incident_id = e.incident_id AND g.granted > e.hub_seq)
         ORDER BY e.hub_seq OFFSET $2::int - 1 LIMIT 1`,
        [cursor, Math.max(1, limit)],
      );
      const top = bound.rows[0]?.hub_seq ?? noBound;
      const rows = await client.query<EventRow & { place: string }>(
        `WITH ${placedEvents}
         SELECT e.hash, e.body, e.sig, p.hub_seq, p.place FROM placed p JOIN firebreak.events e ON e.hash = p.hash
         ORDER BY p.place, p.hub_seq`,
        [cursor, top],
      );
      const events = rows.rows.map((row) => ({ hash: row.hash.toString('hex'), sig: row.sig, event: JSON.parse(row.body.toString('utf8')) as EventV2 }));
      const last = rows.rows.at(-1);
      return { events, cursor: last ? Number(last.place) : cursor };
    });
  }

  /** How many events this role may read above the cursor: how far behind the laptop is. */
  async countAfter(cursor: number): Promise<number> {
    return this.withClient(async (client) => {
      const rows = await client.query<{ n: string }>(`WITH ${placedEvents} SELECT count(*) AS n FROM placed`, [cursor, noBound]);
      return Number(rows.rows[0]?.n ?? 0);
    });
  }

  /** Registers this laptop's device key under the connected role; a key another role holds is refused. */
  async registerDevice(actorKey: string): Promise<{ registered: boolean }> {
    return this.withClient(async (client) => {
      const held = await client.query<{ role_name: string; mine: boolean }>('SELECT role_name, role_name = current_user AS mine FROM firebreak.devices WHERE actor_key = $1', [actorKey]);
      const owner = held.rows[0];
      if (owner?.mine) return { registered: false };
      if (owner) throw new AppError('conflict', `device key ${actorKey.slice(0, 12)}… is registered on the hub to role ${owner.role_name}, not to this role`);
      await client.query('INSERT INTO firebreak.devices (actor_key, role_name) VALUES ($1, current_user)', [actorKey]);
      return { registered: true };
    });
  }

  /** Which hub this is (its id from `hub init`) and the last cursor number it has drawn. */
  async identity(): Promise<HubIdentity> {
    return this.withClient(async (client) => {
      const rows = await client.query<{ id: string | null; head: string }>("SELECT (SELECT value FROM firebreak.hub_meta WHERE key = 'hub_id') AS id, firebreak.hub_head() AS head");
      return { hubId: rows.rows[0]?.id ?? null, head: Number(rows.rows[0]?.head ?? 0) };
    });
  }

  /** The connected role, the schema version and this hub's cursor head, or an error naming what is wrong. */
  async describe(): Promise<{ role: string; schemaVersion: number; serverVersion: string }> {
    return this.withClient(async (client) => {
      const rows = await client.query<{ role: string; version: string | null; server: string }>(
        `SELECT current_user AS role, current_setting('server_version') AS server,
                (SELECT value FROM firebreak.hub_meta WHERE key = 'schema_version') AS version`,
      );
      const row = rows.rows[0]!;
      return { role: row.role, schemaVersion: Number(row.version ?? 0), serverVersion: row.server };
    });
  }

  /**
   * Wakes `onWake` when any laptop pushes (LISTEN/NOTIFY). Only a wake-up: callers keep polling,
   * since a notification is lost while the connection is down. Returns whether listening works.
   */
  async listen(onWake: () => void, onLost: (error: Error) => void): Promise<boolean> {
    await this.unlisten();
    const client = new (pgModule().Client)(hubClientConfig(this.config));
    client.on('notification', () => onWake());
    client.on('error', (error) => {
      this.listener = null;
      onLost(describeHubError(error, this.config.url));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${hubChannel}`);
    } catch {
      await client.end().catch(() => {});
      return false;
    }
    this.listener = client;
    return true;
  }

  async unlisten(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => {});
  }

  async close(): Promise<void> {
    await this.unlisten();
    await this.pool.end().catch(() => {});
  }
}
