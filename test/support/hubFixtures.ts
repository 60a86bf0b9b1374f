import pg from 'pg';
import type { SignedEvent } from '../../src-main/domain/sync/eventV2';
import { appendV2 } from '../../src-main/store/dagStore';
import { addHubMember, initHub } from '../../src-main/services/hub/hubAdmin';
import { makeDevice, seededRng, signedEvents, timeAt, type Device, type Rng } from './dagReplica';
import type { PostgresCluster } from './postgresCluster';

/** A database of its own on the cluster with the hub schema in it: tests never share hub state. */
export async function freshHubDatabase(cluster: PostgresCluster, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const adminUrl = cluster.adminUrl.replace(/\/postgres$/, `/${name}`);
  await initHub({ url: adminUrl });
  return adminUrl;
}

/** A responder role with a password, its device key bound to it. */
export async function hubRole(adminUrl: string, cluster: PostgresCluster, database: string, name: string, deviceKey?: string): Promise<string> {
  // Roles belong to the whole cluster: one password per name, whichever database asks.
  const password = `pw-${name}`;
  await addHubMember({ url: adminUrl }, { name, password, deviceKey });
  return cluster.url(name, password, database);
}

export interface HubTeam {
  rng: Rng;
  incidentId: string;
  devices: Device[];
}

/** A commander who declared an incident and admitted the others: every event signed. */
export function teamIncident(seed: number, names: readonly string[], incidentId = `INC-20261130-17${String(seed).padStart(4, '0')}`): HubTeam {
  const rng = seededRng(seed);
  const devices = names.map((name) => makeDevice(name, rng, incidentId));
  const [commander] = devices;
  appendV2(commander!.db, commander!.identity, { incidentId, type: 'incident.declared', at: timeAt(0), actor: commander!.name, deviceId: commander!.name, payload: { title: 'Hub test', severity: 'P2' } });
  devices.slice(1).forEach((device, index) =>
    appendV2(commander!.db, commander!.identity, { incidentId, type: 'member.added', at: timeAt(index + 1), actor: commander!.name, deviceId: commander!.name, payload: { actorKey: device.identity.actorKey, name: device.name } }),
  );
  return { rng, incidentId, devices };
}

/** `count` notes appended by one device: distinct events, each signed. */
export function appendNotes(device: Device, incidentId: string, count: number, from = 100): SignedEvent[] {
  for (let i = 0; i < count; i++) {
    appendV2(device.db, device.identity, { incidentId, type: 'incident.noteAdded', at: timeAt(from + i), actor: device.name, deviceId: device.name, payload: { text: `note ${i}` } });
  }
  return signedEvents(device.db, incidentId);
}

/** The SQLSTATE a statement fails with, or null when it succeeds. */
export async function sqlState(client: pg.Client, sql: string, values: unknown[] = []): Promise<string | null> {
  try {
    await client.query(sql, values);
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
}
