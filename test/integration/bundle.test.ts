import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../src-main/services/context';
import { databaseFileName } from '../../src-main/store/database';
import { publicKeyFingerprint } from '../../src-main/services/evidence/evidenceSigning';
import { otherKey, readBundle, scriptedIncident, writeBundle } from '../support/bundleIncident';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const work = tempDataDir('firebreak-bundle-');
const dirA = path.join(work, 'a');
const clean = path.join(work, 'clean.json');
let id: string;
let fingerprint: string;

const dataDir = (name: string) => {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};
/** Incidents a data dir holds, by the CLI: none after a refused import. */
const incidentsIn = (dir: string) => runCli(dir, ['incident', 'list', '--all', '--json']).json.value.incidents.length as number;

beforeAll(async () => {
  // The incident is worked through the services (marking findings has no CLI yet); exported and imported by the CLI.
  let now = Date.parse('2026-11-23T14:15:02.000Z');
  const ctx = createServiceContext({ dataDir: dataDir('a'), transport: 'cli', clock: () => new Date(now) });
  const t = { ctx, dataDir: dirA, events: [], advance: (ms: number) => (now += ms), setNow: () => {}, close: () => ctx.db.close() };
  id = await scriptedIncident(t, dataDir('a-files'));
  t.close();
  const exported = runCli(dirA, ['incident', 'export', id, '-o', clean, '--json']);
  expect(exported).toMatchObject({ status: 0, json: { ok: true, value: { incidentId: id, file: clean } } });
  fingerprint = exported.json.value.keyFingerprint;
}, 60_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('firebreak incident export and import', () => {
  it('round-trips: B shows and verifies the incident as A does; a second import changes nothing', () => {
    expect(runCli(dirA, ['incident', 'export', id, '-o', clean])).toMatchObject({ status: 2, stderr: expect.stringContaining('already exists') });
    const dirB = dataDir('b');
    const imported = runCli(dirB, ['incident', 'import', clean, '--trusted-key', fingerprint]);
    expect(imported).toMatchObject({ status: 0, stdout: expect.stringContaining(`Imported ${id}:`) });
    const show = (dir: string) => runCli(dir, ['incident', 'show', id, '--json']).json.value;
    const [a, b] = [show(dirA), show(dirB)];
    expect(b.timeline).toEqual(a.timeline);
    // The SLA countdown and the next escalation are computed against each run's clock: the rest is recorded.
    const recorded = (incident: Record<string, unknown>) => ({ ...incident, sla: undefined, nextEscalation: undefined });
    expect(recorded(b.incident)).toEqual(recorded(a.incident));
    const verify = (dir: string) => runCli(dir, ['incident', 'verify', id, '--json']);
    expect(verify(dirB)).toMatchObject({ status: 0, json: { ok: true, value: { intact: true } } });
    expect(verify(dirB).json).toEqual(verify(dirA).json);
    expect(runCli(dirB, ['action', 'list', id, '--all', '--json']).json).toEqual(runCli(dirA, ['action', 'list', id, '--all', '--json']).json);
    // The reports a colleague writes from the imported copy are the ones the exporting laptop writes, byte for byte.
    for (const kind of ['incident', 'postmortem']) {
      const report = (dir: string) => runCli(dir, ['report', id, '--kind', kind]);
      const [fromA, fromB] = [report(dirA), report(dirB)];
      expect(fromA).toMatchObject({ status: 0, stdout: expect.stringContaining('## Action Items') });
      expect(Buffer.from(fromB.stdout).equals(Buffer.from(fromA.stdout))).toBe(true);
    }

    const again = runCli(dirB, ['incident', 'import', clean, '--trusted-key', fingerprint, '--json']);
    expect(again).toMatchObject({ status: 0, json: { ok: true, value: { imported: false, incidentId: id } } });
    expect(runCli(dirB, ['incident', 'show', id, '--json']).json.value.timeline).toHaveLength(a.timeline.length);
  });

  it('trusts a key file from firebreak evidence key export, and imports beside a finding #1 of B\'s own', () => {
    const keyFile = path.join(work, 'a-key.pem');
    expect(runCli(dirA, ['evidence', 'key', 'export', '-o', keyFile]).status).toBe(0);
    const dirB = dataDir('b-own-finding');
    const tree = dataDir('b-tree');
    fs.writeFileSync(path.join(tree, 'app.env'), 'AWS_ACCESS_KEY_ID=AKIAQYLPMN5HFIQR7XYZ\n');
    const own = runCli(dirB, ['incident', 'declare', '--title', 'B\'s own', '--severity', 'P3', '--json']).json.value.id;
    expect(runCli(dirB, ['scan', 'secrets', tree, '--incident', own, '--json']).json.value.findings).toHaveLength(1);
    expect(runCli(dirB, ['incident', 'import', clean, '--trusted-key', keyFile])).toMatchObject({ status: 0 });
    expect(runCli(dirB, ['verify', '--all', '--json'])).toMatchObject({ status: 0, json: { value: { intact: true, checked: 2 } } });
    const db = new BetterSqlite3(path.join(dirB, databaseFileName), { readonly: true });
    try {
      // B's own finding kept id 1; A's findings 1 and 2 were given new ids here.
      expect(db.prepare('SELECT bundle_id, local_id FROM imported_finding_ids ORDER BY bundle_id').all()).toEqual([{ bundle_id: 1, local_id: 2 }, { bundle_id: 2, local_id: 3 }]);
    } finally {
      db.close();
    }
  });

  it('refuses, with exit 1 and the reason, a bundle that fails verification; B holds nothing after', () => {
    const dirB = dataDir('b-refusals');
    const bundle = readBundle(clean);
    const key = otherKey();
    const other = publicKeyFingerprint(createPublicKey(key));
    const file = (name: string) => path.join(work, name);
    writeBundle(file('altered.json'), { ...bundle, events: bundle.events.map((event) => (event.seq === 6 ? { ...event, actor: 'mallory' } : event)) }, key);
    writeBundle(file('last-removed.json'), { ...bundle, events: bundle.events.slice(0, -1) }, key);
    const flipped = Buffer.from(bundle.signature.value, 'base64');
    flipped[0] = flipped[0]! ^ 0x80;
    writeBundle(file('forged.json'), { ...bundle, signature: { ...bundle.signature, value: flipped.toString('base64') } });
    writeBundle(file('resigned.json'), bundle, key);
    const cases: [string, string[], RegExp][] = [
      ['altered.json', ['--trusted-key', other], /event #6 \(.+\) at .+ was altered after it was recorded/],
      ['last-removed.json', ['--trusted-key', other], /the bundle states \d+ events but holds \d+: the last event was removed/],
      ['forged.json', ['--trusted-key', fingerprint], /its signature does not verify/],
      ['resigned.json', ['--trusted-key', fingerprint], new RegExp(`signed by key ${other}, which this data dir does not trust`)],
    ];
    for (const [name, args, reason] of cases) {
      const run = runCli(dirB, ['incident', 'import', file(name), ...args, '--json']);
      expect(run, name).toMatchObject({ status: 1, json: { ok: false, error: { code: 'forbidden' } } });
      expect(run.json.error.message, name).toMatch(reason);
    }
    expect(incidentsIn(dirB)).toBe(0);
  });

  it('refuses bad input with exit 2: not JSON, truncated, a folder, over the cap, missing', () => {
    const dirB = dataDir('b-bad-input');
    const file = (name: string) => path.join(work, name);
    fs.writeFileSync(file('notjson.json'), 'PK\u0003\u0004 not a bundle');
    fs.writeFileSync(file('truncated.json'), fs.readFileSync(clean).subarray(0, 4096));
    fs.mkdirSync(file('folder.json'));
    fs.writeFileSync(file('huge.json'), '');
    fs.truncateSync(file('huge.json'), 2 * 1024 ** 3);
    const cases: [string, RegExp][] = [
      ['notjson.json', /is not JSON/],
      ['truncated.json', /is not JSON: it ends early/],
      ['folder.json', /is a folder, not a bundle file/],
      ['huge.json', /over the 128 MiB a bundle may hold/],
      ['missing.json', /does not exist/],
    ];
    for (const [name, reason] of cases) {
      const run = runCli(dirB, ['incident', 'import', file(name), '--trusted-key', fingerprint]);
      expect(run.status, name).toBe(2);
      expect(run.stderr, name).toMatch(reason);
    }
    expect(incidentsIn(dirB)).toBe(0);
  });
});
