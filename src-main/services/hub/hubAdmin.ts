import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '../../contract';
import { hubClientConfig, type HubConnectionConfig } from './hubConnection';
import { describeHubError } from './hubErrors';
import { hubSchemaStatements, responderGroup, type HubStatement } from './hubSchema';
import { pgModule } from './pgModule';

/** Serializes two `hub init` runs at once (CREATE … IF NOT EXISTS is not safe against a concurrent twin). */
const initLockKey = 0x4642_494e; // "FBIN"

async function withAdmin<T>(config: HubConnectionConfig, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new (pgModule().Client)(hubClientConfig(config));
  client.on('error', () => {});
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    throw describeHubError(error, config.url);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates (or completes) the hub schema in one transaction, with an administrator role. Every
 * statement is written to change nothing when what it makes exists already, so running it twice
 * is safe. Returns the statements, which `hub init` prints.
 */
export async function initHub(config: HubConnectionConfig): Promise<{ statements: readonly HubStatement[]; serverVersion: string }> {
  return withAdmin(config, async (client) => {
    const version = await client.query<{ server_version_num: string; server_version: string }>("SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version");
    const row = version.rows[0]!;
    if (Number(row.server_version_num) < 140000) throw new AppError('conflict', `the hub runs PostgreSQL ${row.server_version}; Firebreak needs 14 or later (CREATE OR REPLACE TRIGGER)`);
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [initLockKey]);
      for (const statement of hubSchemaStatements) await client.query(statement.sql);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
    return { statements: hubSchemaStatements, serverVersion: row.server_version };
  });
}

/**
 * A SCRAM-SHA-256 verifier (RFC 5802, RFC 7677) in PostgreSQL's stored form, so the role's
 * password never travels in the SQL text (a statement log would keep it).
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** Session limits of every responder role (seconds as PostgreSQL reads them). */
export const responderSessionSettings: readonly [string, string][] = [
  ['idle_in_transaction_session_timeout', '20s'],
  ['lock_timeout', '60s'],
  ['statement_timeout', '300s'],
];

/**
 * Connections one responder role may hold: a laptop uses three (two to push and pull, one to listen),
 * so a few laptops and a psql fit, and a role cannot take every connection the hub has.
 */
export const responderConnectionLimit = 10;

export const hubRoleName = /^[a-z_][a-z0-9_]{0,62}$/;

/** A device key as `vault status` shows it: 32 raw bytes in base64url. */
const deviceKeyForm = /^[A-Za-z0-9_-]{43}$/;

export interface AddedHubMember {
  role: string;
  /** False when the role existed: nothing about it changed (its password neither). */
  created: boolean;
  /** A device key bound to the role now (false when none was given or it was bound already). */
  deviceBound: boolean;
}

/**
 * Creates a responder role: LOGIN, member of the responder group, nothing else. With `deviceKey`,
 * binds that laptop's device key to the role now, so no other role can claim it first.
 * Idempotent: an existing role keeps its password.
 */
export async function addHubMember(config: HubConnectionConfig, member: { name: string; password: string; deviceKey?: string }): Promise<AddedHubMember> {
  if (!hubRoleName.test(member.name)) throw new AppError('invalid-input', `${JSON.stringify(member.name)} is not a usable role name: 1–63 lower-case letters, digits or _, not starting with a digit`);
  if (member.name === responderGroup || member.name.startsWith('pg_')) throw new AppError('invalid-input', `${member.name} is a reserved role name`);
  if (member.deviceKey !== undefined && !deviceKeyForm.test(member.deviceKey)) throw new AppError('invalid-input', 'the device key is not one: copy it from `firebreak vault status` on the laptop (43 characters of base64url)');
  return withAdmin(config, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [initLockKey]);
      const group = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [responderGroup]);
      if (group.rowCount === 0) throw new AppError('not-found', 'the hub has no Firebreak schema: run `firebreak hub init --url …` first');
      const existing = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = $1', [member.name]);
      const role = client.escapeIdentifier(member.name);
      const created = existing.rowCount === 0;
      if (created) {
        await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT PASSWORD ${client.escapeLiteral(scramVerifier(member.password))}`);
      } else if (existing.rows[0]!.rolsuper) {
        throw new AppError('conflict', `${member.name} is a superuser role on the hub: give responders their own roles`);
      }
      await client.query(`GRANT ${client.escapeIdentifier(responderGroup)} TO ${role}`).catch((error: { code?: string }) => {
        if (error.code !== '42501') throw error;
        throw new AppError('forbidden', `this administrator may not grant ${responderGroup}: run add-member as the role that ran hub init, or have a superuser run GRANT ${responderGroup} TO <this role> WITH ADMIN OPTION`);
      });
      // Pushes are ordered by a lock held until commit: a laptop that sleeps or drops off mid-push
      // must not hold it for long, and a push must not wait for it forever.
      for (const [setting, value] of responderSessionSettings) await client.query(`ALTER ROLE ${role} SET ${setting} = ${client.escapeLiteral(value)}`);
      await client.query(`ALTER ROLE ${role} CONNECTION LIMIT ${responderConnectionLimit}`);
      let deviceBound = false;
      if (member.deviceKey) {
        const held = await client.query<{ role_name: string }>('SELECT role_name FROM firebreak.devices WHERE actor_key = $1', [member.deviceKey]);
        const owner = held.rows[0]?.role_name;
        if (owner && owner !== member.name) throw new AppError('conflict', `device key ${member.deviceKey.slice(0, 12)}… is bound to role ${owner} already`);
        if (!owner) {
          await client.query('INSERT INTO firebreak.devices (actor_key, role_name) VALUES ($1, $2)', [member.deviceKey, member.name]);
          deviceBound = true;
        }
      }
      await client.query('COMMIT');
      return { role: member.name, created, deviceBound };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}
