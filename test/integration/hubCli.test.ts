import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../src-main/store/database';
import { runCli, type CliRun } from '../support/cli';
import { apiCall, serveConsole, tempDataDir } from '../support/consoleServer';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';

// Two responders' laptops, each its own data dir and encrypted vault, share an incident through a
// real PostgreSQL hub with the built CLI: init, add-member, join, sync, and the hub going away.

const work = tempDataDir('firebreak-hubcli-');
const dir = (name: string) => {
  const folder = path.join(work, name);
  fs.mkdirSync(folder, { recursive: true });
  return folder;
};
const [dirA, dirB, dirC] = [dir('a'), dir('b'), dir('c')];
let cluster: PostgresCluster;
let adminUrl: string;
let id: string;
const passwords: Record<string, string> = {};

const ok = (folder: string, args: string[], input?: string): CliRun => {
  const run = runCli(folder, args, { input });
  if (run.status !== 0) throw new Error(`firebreak ${args.join(' ')} exited ${run.status}: ${run.stderr}${run.stdout}`);
  return run;
};
const json = (folder: string, args: string[], input?: string) => ok(folder, [...args, '--json'], input).json.value;
const roleUrl = (role: string) => cluster.url(role, undefined, 'team');
/** What a responder sees of the incident, but for what each run's own clock computes. */
const shown = (folder: string, incident = id) => {
  const detail = json(folder, ['incident', 'show', incident]);
  return { incident: { ...detail.incident, sla: undefined, nextEscalation: undefined }, conflicts: detail.conflicts, checklist: detail.checklist };
};

/** Everything in the hub's schema a second init could have changed: its catalog, row by row. */
async function catalogDump(): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const rows = await client.query(
      `SELECT 'class' AS kind, c.relname AS name, c.relkind::text AS detail FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'firebreak'
       UNION ALL SELECT 'proc', p.proname, md5(p.prosrc) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'firebreak'
       UNION ALL SELECT 'trigger', t.tgname, t.tgrelid::regclass::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'firebreak' AND NOT t.tgisinternal
       UNION ALL SELECT 'policy', polname, polrelid::regclass::text FROM pg_policy
       UNION ALL SELECT 'acl', c.relname, coalesce(c.relacl::text, '') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'firebreak'
       UNION ALL SELECT 'meta', key, value FROM firebreak.hub_meta
       ORDER BY 1, 2, 3`,
    );
    return JSON.stringify(rows.rows);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  cluster = await startPostgres();
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE team');
  await admin.end();
  adminUrl = cluster.adminUrl.replace(/\/postgres$/, '/team');
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('a hub through the CLI', () => {
  it('hub init creates the schema and prints its SQL; running it again prints the same and changes nothing', async () => {
    const first = ok(dirA, ['hub', 'init', '--url', adminUrl]);
    expect(first.stdout).toMatch(/CREATE SCHEMA IF NOT EXISTS firebreak/);
    expect(first.stdout).toMatch(/CREATE TABLE IF NOT EXISTS firebreak\.events/);
    expect(first.stdout).toContain('The Firebreak schema is in place on');
    // The administrator's password rides in the URL: it is never printed.
    expect(first.stdout).not.toContain(new URL(adminUrl).password);
    const before = await catalogDump();
    const second = ok(dirA, ['hub', 'init', '--url', adminUrl]);
    expect(second.stdout).toBe(first.stdout);
    expect(await catalogDump()).toBe(before);
  });

  it('add-member prints a generated password once; given on stdin it is not printed', () => {
    const alice = ok(dirA, ['hub', 'add-member', 'alice', '--url', adminUrl]);
    passwords.alice = /Its password \(shown once; give it to alice privately\): (\S+)/.exec(alice.stdout)?.[1] ?? '';
    expect(passwords.alice.length).toBeGreaterThanOrEqual(24);
    passwords.bob = 'bob-Secret-9f2c1e';
    const bob = ok(dirA, ['hub', 'add-member', 'bob', '--url', adminUrl, '--password-stdin'], `${passwords.bob}\n`);
    expect(bob.stdout).toContain('Created responder role bob.');
    expect(bob.stdout).not.toContain(passwords.bob);
    const again = ok(dirA, ['hub', 'add-member', 'alice', '--url', adminUrl]);
    expect(again.stdout).toContain('Role alice exists already: its password was not changed.');
  });

  it('a laptop that has not joined is told how to join', () => {
    const run = runCli(dirA, ['sync', '--json']);
    expect(run.status).toBe(2);
    expect(run.json.error.message).toMatch(/joined no hub: run `firebreak hub join --url/);
  });

  it('a wrong password is refused as unauthorized, and nothing is saved', () => {
    const run = runCli(dirA, ['hub', 'join', '--url', roleUrl('alice'), '--password-stdin', '--json'], { input: 'not-the-password\n' });
    expect(run.status).toBe(2);
    expect(run.json.error).toMatchObject({ code: 'unauthorized' });
    expect(run.json.error.message).toMatch(/refused the password/);
    expect(json(dirA, ['hub', 'status']).state).toBe('not-joined');
  });

  it('a hub without the schema is named: run hub init', async () => {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE bare');
    await admin.end();
    const run = runCli(dirC, ['hub', 'join', '--url', cluster.url('alice', undefined, 'bare'), '--password-stdin', '--json'], { input: passwords.alice });
    expect(run.status).toBe(2);
    expect(run.json.error.message).toMatch(/run `firebreak hub init/);
  });

  it('A joins, declares and syncs; B joins, sees nothing until admitted, then holds the incident', () => {
    const joinedA = json(dirA, ['hub', 'join', '--url', roleUrl('alice'), '--password-stdin'], passwords.alice);
    expect(joinedA).toMatchObject({ state: 'connected', role: 'alice', toPush: 0, lastError: null });
    expect(joinedA.url).not.toContain(passwords.alice!);
    id = json(dirA, ['incident', 'declare', '--title', 'Hub shared incident', '--severity', 'P2']).id;
    const pushed = json(dirA, ['sync']);
    expect(pushed).toMatchObject({ pulled: 0, pending: 0, refused: [] });
    expect(pushed.pushed).toBeGreaterThanOrEqual(1);

    // B's password rides in the URL: it is moved to the vault, never kept in settings.
    const joinedB = json(dirB, ['hub', 'join', '--url', cluster.url('bob', passwords.bob, 'team')]);
    expect(joinedB).toMatchObject({ state: 'connected', role: 'bob', behind: 0 });
    // The hub shows an incident only to its members.
    expect(JSON.stringify(json(dirB, ['incident', 'list']))).not.toContain(id);

    const keyB = /Device key to give a commander: (\S+)/.exec(ok(dirB, ['vault', 'status']).stdout)![1]!;
    ok(dirA, ['incident', 'member', 'add', id, keyB, '--name', 'Bob']);
    ok(dirA, ['incident', 'note', id, 'Seen from A']);
    expect(json(dirA, ['sync'])).toMatchObject({ pushed: 2, pending: 0 });
    const pulled = json(dirB, ['sync']);
    expect(pulled).toMatchObject({ pushed: 0, pending: 0, incidents: [id] });
    expect(pulled.pulled).toBe(pushed.pushed + 2);
    expect(JSON.stringify(json(dirB, ['incident', 'list']))).toContain(id);
    expect(json(dirB, ['incident', 'show', id]).incident.title).toBe('Hub shared incident');
    expect(shown(dirB)).toEqual(shown(dirA));
  });

  it('B adds a note and changes severity; after both sync both show the same and verify ok', () => {
    ok(dirB, ['incident', 'note', id, 'Seen from B']);
    ok(dirB, ['incident', 'severity', id, 'P1', '--reason', 'customer data']);
    expect(json(dirB, ['sync', '--incident', id])).toMatchObject({ pushed: 2, pending: 0 });
    expect(json(dirA, ['sync'])).toMatchObject({ pushed: 0, pulled: 2, pending: 0, incidents: [id] });
    expect(json(dirB, ['sync'])).toMatchObject({ pushed: 0, pulled: 0, pending: 0 });

    expect(shown(dirB)).toEqual(shown(dirA));
    expect(shown(dirA).incident.severity).toBe('P1');
    for (const folder of [dirA, dirB]) expect(runCli(folder, ['incident', 'verify', id, '--json'])).toMatchObject({ status: 0, json: { value: { verdict: 'ok' } } });
  });

  it('an incident with checklist ticks, a secret scan and evidence travels too, and verify on the receiving laptop says what it holds', () => {
    const second = json(dirA, ['incident', 'declare', '--title', 'Leaked key', '--severity', 'P1', '--scenario', 'credential-compromise']).id;
    const keyB = /Device key to give a commander: (\S+)/.exec(ok(dirB, ['vault', 'status']).stdout)![1]!;
    ok(dirA, ['incident', 'member', 'add', second, keyB, '--name', 'Bob']);
    const step = json(dirA, ['incident', 'checklist', second]).steps[0].id;
    ok(dirA, ['incident', 'step', second, step, '--done']);
    const tree = path.join(work, 'tree');
    fs.mkdirSync(tree, { recursive: true });
    fs.writeFileSync(path.join(tree, 'config.env'), 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLQ\n');
    runCli(dirA, ['scan', 'secrets', tree, '--incident', second, '--json']);
    ok(dirA, ['evidence', 'collect', tree, '-o', path.join(work, 'evidence.tar.gz'), '--incident', second]);
    json(dirA, ['sync']);
    expect(json(dirB, ['sync']).incidents).toContain(second);
    const [va, vb] = [runCli(dirA, ['incident', 'verify', second, '--json']), runCli(dirB, ['incident', 'verify', second, '--json'])];
    expect(va).toMatchObject({ status: 0, json: { value: { verdict: 'ok', warnings: [] } } });
    // The scan and evidence rows stay on A (they travel in bundles): B says so instead of calling it tampering.
    expect(vb).toMatchObject({ status: 0, json: { value: { verdict: 'ok', mismatches: [] } } });
    const warnings = vb.json.value.warnings.join('\n');
    expect(warnings).toMatch(/scan SC-\S+ was recorded on another laptop .*its rows stay there; they travel in a bundle/);
    expect(warnings).toMatch(/evidence EV-\S+ was recorded on another laptop/);
    expect(ok(dirB, ['incident', 'verify', second]).stdout).toContain('warning: custody entry EV-');
    expect(json(dirB, ['incident', 'checklist', second]).steps[0]).toMatchObject({ id: step, status: 'done' });
    expect(shown(dirB, second)).toEqual(shown(dirA, second));
  });

  it('the served console keeps in step on its own: its status shows connected, B\'s note arrives without a sync command, and it shuts down quickly', async () => {
    const served = await serveConsole(dirA, { FIREBREAK_HUB_POLL_MS: '500' });
    try {
      const connected = async () => (await apiCall(served, 'hub.status', {})).body.value as { state: string; live: boolean };
      for (let tries = 0; (await connected()).state !== 'connected' && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await connected()).toMatchObject({ state: 'connected', role: 'alice', live: true });
      ok(dirB, ['incident', 'note', id, 'Pulled by the console on its own']);
      json(dirB, ['sync']);
      const timeline = async () => JSON.stringify((await apiCall(served, 'incident.get', { id })).body.value);
      for (let tries = 0; !(await timeline()).includes('Pulled by the console on its own') && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await timeline()).toContain('Pulled by the console on its own');
      const presence = (await apiCall(served, 'incident.presence', { id })).body.value;
      expect(presence.responders).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Bob', thisLaptop: false, lastEventType: 'incident.noteAdded' }), expect.objectContaining({ thisLaptop: true })]));
    } finally {
      const started = Date.now();
      await served.stop();
      expect(Date.now() - started).toBeLessThan(3_000);
    }
  });

  it('while the hub is down sync fails clearly and keeps the outbox; after restart the next sync pushes it', async () => {
    await cluster.kill();
    try {
      ok(dirA, ['incident', 'note', id, 'Written while the hub is down']);
      const down = runCli(dirA, ['sync', '--json']);
      expect(down.status).toBe(2);
      expect(down.json.error).toMatchObject({ code: 'io-error' });
      expect(down.json.error.message).toMatch(/refused the connection: is PostgreSQL running there\?/);
      const status = runCli(dirA, ['hub', 'status', '--json']);
      expect(status.status).toBe(1);
      expect(status.json.value).toMatchObject({ state: 'offline', toPush: 1 });
    } finally {
      await cluster.start();
    }
    expect(json(dirA, ['sync'])).toMatchObject({ pushed: 1, pending: 0 });
    expect(json(dirB, ['sync'])).toMatchObject({ pulled: 1 });
    expect(shown(dirB)).toEqual(shown(dirA));
  });

  it('the password is in no settings, database file, log or status output', () => {
    for (const [folder, role] of [[dirA, 'alice'], [dirB, 'bob']] as const) {
      const secret = passwords[role]!;
      const status = ok(folder, ['hub', 'status']);
      expect(status.stdout).toContain(`Role: ${role}`);
      expect(status.stdout).not.toContain(secret);
      for (const file of fs.readdirSync(folder, { recursive: true }) as string[]) {
        const full = path.join(folder, file);
        if (!fs.statSync(full).isFile()) continue;
        expect(fs.readFileSync(full).includes(Buffer.from(secret)), `${file} holds the password`).toBe(false);
      }
      expect(fs.existsSync(path.join(folder, databaseFileName))).toBe(true);
    }
  });

  it('an incident declared before the laptop had its device key is named as one to share by bundle, and holds back nothing else', () => {
    const early = dir('early');
    const old = json(early, ['incident', 'declare', '--title', 'Before the key', '--severity', 'P3']).id;
    json(early, ['hub', 'join', '--url', roleUrl('alice'), '--password-stdin'], passwords.alice);
    ok(early, ['incident', 'note', old, 'Signed now']);
    const fresh = json(early, ['incident', 'declare', '--title', 'After the key', '--severity', 'P3']).id;
    const run = runCli(early, ['sync', '--json']);
    expect(run.status).toBe(1);
    expect(run.json.value.refused[0].reason).toMatch(new RegExp(`${old} began before this laptop had its device key.*Share it by bundle`));
    expect(run.json.value).toMatchObject({ pending: 1 });
    expect(json(dirA, ['sync']).incidents).toContain(fresh);
  });

  it('leave forgets the hub and keeps every incident', () => {
    ok(dirB, ['hub', 'leave']);
    expect(json(dirB, ['hub', 'status']).state).toBe('not-joined');
    expect(json(dirB, ['incident', 'show', id]).incident.severity).toBe('P1');
    expect(ok(dirB, ['vault', 'list']).stdout).not.toContain('firebreak/hub-password');
  });
});
