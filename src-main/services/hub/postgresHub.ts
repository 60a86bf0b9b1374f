import pg from 'pg';
import { AppError } from '../../contract';
import { canonicalBytes, hashEvent, type EventV2, type SignedEvent } from '../../domain/sync/eventV2';
import { defaultPullLimit, type PullResult, type PushResult, type SyncTransport } from '../sync/transport';
import { hubClientConfig, type HubConnectionConfig } from './hubConnection';
import { describeHubError } from './hubErrors';

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

/** Why the hub did not take an event it was given, from what this role may see. */
async function refusalReasons(client: pg.ClientBase, missing: readonly SignedEvent[]): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  const incidents = [...new Set(missing.map((signed) => signed.event.incident))];
  const access = await client.query<{ incident: string; member: boolean; genesis: boolean }>(
    'SELECT i AS incident, firebreak.may_access(i, current_user) AS member, firebreak.has_genesis(i) AS genesis FROM unnest($1::text[]) AS i',
    [incidents],
  );
  const byIncident = new Map(access.rows.map((row) => [row.incident, row]));
  for (const signed of missing) {
    const { event } = signed;
    const row = byIncident.get(event.incident);
    if (!row?.member) {
      reasons.set(signed.hash, row?.genesis && event.parents.length === 0
        ? `the hub already holds another first event for ${event.incident}: an incident with this id was pushed by someone else`
        : `this role is not a member of ${event.incident} on the hub: a member must push its first event or admit this laptop's device key`);
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
    this.pool = new pg.Pool({ ...hubClientConfig(config), max: 2, idleTimeoutMillis: 30_000 });
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
        await insertEvents(client, sound);
        const held = await client.query<{ hash: Buffer }>('SELECT hash FROM firebreak.events WHERE hash = ANY($1::bytea[])', [sound.map((signed) => Buffer.from(signed.hash, 'hex'))]);
        const heldHashes = new Set(held.rows.map((row) => row.hash.toString('hex')));
        await client.query('SELECT pg_notify($1, $2)', [hubChannel, String(sound.length)]);
        await client.query('COMMIT');
        const missing = sound.filter((signed) => !heldHashes.has(signed.hash));
        const reasons = missing.length > 0 ? await refusalReasons(client, missing) : new Map<string, string>();
        for (const signed of sound) {
          if (heldHashes.has(signed.hash)) result.acknowledged.push(signed.hash);
          else result.refused.push({ hash: signed.hash, reason: reasons.get(signed.hash) ?? 'refused by the hub' });
        }
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  async pull(cursor: number, limit = defaultPullLimit): Promise<PullResult> {
    return this.withClient(async (client) => {
      const rows = await client.query<EventRow>('SELECT hash, body, sig, hub_seq FROM firebreak.events WHERE hub_seq > $1 ORDER BY hub_seq LIMIT $2', [cursor, limit]);
      const events = rows.rows.map((row) => ({ hash: row.hash.toString('hex'), sig: row.sig, event: JSON.parse(row.body.toString('utf8')) as EventV2 }));
      const last = rows.rows.at(-1);
      return { events, cursor: last ? Number(last.hub_seq) : cursor };
    });
  }

  /** How many events this role may read above the cursor: how far behind the laptop is. */
  async countAfter(cursor: number): Promise<number> {
    return this.withClient(async (client) => {
      const rows = await client.query<{ n: string }>('SELECT count(*) AS n FROM firebreak.events WHERE hub_seq > $1', [cursor]);
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
    const client = new pg.Client(hubClientConfig(this.config));
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
