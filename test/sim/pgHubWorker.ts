/**
 * The thread that owns the PostgreSQL connections of the simulation's hub (see pgSimHub.ts). It runs
 * one request at a time: the simulation thread posts a request, blocks on `flag`, and reads the
 * reply with receiveMessageOnPort once the flag is raised. Bundled by esbuild at test start.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import type { SignedEvent } from '../../src-main/domain/sync/eventV2';
import { addHubMember, initHub } from '../../src-main/services/hub/hubAdmin';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';

export interface HubRoleSpec {
  name: string;
  password: string;
  deviceKey: string;
  url: string;
}

export type HubRequest =
  | { op: 'open'; clusterAdminUrl: string; adminUrl: string; database: string; roles: HubRoleSpec[] }
  | { op: 'push'; by: string; events: SignedEvent[] }
  | { op: 'pull'; by: string; cursor: number; limit: number }
  | { op: 'audit'; incidentId: string }
  | { op: 'close'; drop: boolean };

export interface HubAudit {
  rows: number;
  distinctHashes: number;
  distinctSlots: number;
  members: string[];
  visibleTo: Record<string, number>;
  hashOk: number;
}

interface Open {
  clusterAdminUrl: string;
  database: string;
  admin: pg.Client;
  hubs: Map<string, PostgresHub>;
  lastSeq: number;
}

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
let open: Open | null = null;

function current(): Open {
  if (!open) throw new Error('no hub database is open');
  return open;
}

function hubOf(by: string): PostgresHub {
  const hub = current().hubs.get(by);
  if (!hub) throw new Error(`no hub role for ${by}`);
  return hub;
}

async function close(drop: boolean): Promise<void> {
  const state = open;
  open = null;
  if (!state) return;
  for (const hub of state.hubs.values()) await hub.close();
  await state.admin.end().catch(() => {});
  if (!drop) return;
  const admin = new pg.Client({ connectionString: state.clusterAdminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(state.database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function handle(request: HubRequest): Promise<unknown> {
  switch (request.op) {
    case 'open': {
      await close(false);
      const cluster = new pg.Client({ connectionString: request.clusterAdminUrl });
      await cluster.connect();
      try {
        await cluster.query(`DROP DATABASE IF EXISTS ${cluster.escapeIdentifier(request.database)} WITH (FORCE)`);
        await cluster.query(`CREATE DATABASE ${cluster.escapeIdentifier(request.database)}`);
      } finally {
        await cluster.end();
      }
      await initHub({ url: request.adminUrl });
      // Each responder is a role of its own with its device key bound, as `hub add-member` does.
      for (const role of request.roles) await addHubMember({ url: request.adminUrl }, { name: role.name, password: role.password, deviceKey: role.deviceKey });
      const admin = new pg.Client({ connectionString: request.adminUrl });
      await admin.connect();
      open = { clusterAdminUrl: request.clusterAdminUrl, database: request.database, admin, hubs: new Map(request.roles.map((role) => [role.name, new PostgresHub({ url: role.url })])), lastSeq: 0 };
      return null;
    }
    case 'push': {
      const state = current();
      const result = await hubOf(request.by).push(request.events);
      // What the push added, read as the administrator (past row-level security): the cursor of each new row.
      const added = await state.admin.query<{ seq: string; hash: string }>("SELECT hub_seq::text AS seq, encode(hash, 'hex') AS hash FROM firebreak.events WHERE hub_seq > $1 ORDER BY hub_seq", [state.lastSeq]);
      const rows = added.rows.map((row) => ({ seq: Number(row.seq), hash: row.hash }));
      if (rows.length > 0) state.lastSeq = rows.at(-1)!.seq;
      return { result, added: rows };
    }
    case 'pull':
      return hubOf(request.by).pull(request.cursor, request.limit);
    case 'audit': {
      const state = current();
      const counts = await state.admin.query<{ rows: string; hashes: string; slots: string; hash_ok: string }>(
        `SELECT count(*) AS rows, count(DISTINCT hash) AS hashes, count(DISTINCT (incident_id, actor_key, actor_seq)) AS slots,
                count(*) FILTER (WHERE sha256(body) = hash) AS hash_ok FROM firebreak.events`,
      );
      const members = await state.admin.query<{ role_name: string }>('SELECT role_name FROM firebreak.members WHERE incident_id = $1 ORDER BY role_name', [request.incidentId]);
      const visibleTo: Record<string, number> = {};
      for (const [name, hub] of state.hubs) visibleTo[name] = await hub.countAfter(0);
      const row = counts.rows[0]!;
      return { rows: Number(row.rows), distinctHashes: Number(row.hashes), distinctSlots: Number(row.slots), hashOk: Number(row.hash_ok), members: members.rows.map((member) => member.role_name), visibleTo } satisfies HubAudit;
    }
    case 'close':
      await close(request.drop);
      return null;
  }
}

port.on('message', (request: HubRequest) => {
  void handle(request).then(
    (value) => port.postMessage({ ok: true, value }),
    (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code }),
  ).finally(() => {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
});
