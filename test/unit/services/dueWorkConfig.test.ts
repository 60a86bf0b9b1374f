import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../../src-main/contract';
import { checkDue, dispatchOk } from '../../support/serviceContext';
import { createServiceContext, type ServiceContext } from '../../../src-main/services/context';
import { findResourcesDir, loadUserSchemes, userSchemesDir } from '../../../src-main/services/resources';
import { openDatabase } from '../../../src-main/store/database';
import { migrations } from '../../../src-main/store/migrations';
import { readSetting } from '../../../src-main/store/settingsRepo';

const start = Date.parse('2026-11-23T14:15:02.000Z');
const minutes = (n: number) => n * 60_000;
let now = start;
let dataDir = '';
const dirs: string[] = [];
const contexts: ServiceContext[] = [];

function open(resourcesDir?: string): ServiceContext {
  const ctx = createServiceContext({ dataDir, transport: 'cli', clock: () => new Date(now), ...(resourcesDir ? { resourcesDir } : {}) });
  contexts.push(ctx);
  return ctx;
}
const call = dispatchOk;
const check = checkDue;
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

beforeEach(() => {
  now = start;
  dataDir = tempDir('firebreak-unit-');
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const ctx of contexts.splice(0)) ctx.db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the due-time index and the configuration on disk', () => {
  it('a console started before the matrix file was edited takes up the edit a CLI run built with, and does not rebuild back', () => {
    const resourcesDir = tempDir('firebreak-resources-');
    fs.cpSync(findResourcesDir(), resourcesDir, { recursive: true });
    const console_ = open(resourcesDir);
    const id = call<Incident>(console_, 'incident.declare', { title: 'Credential stuffing', severity: 'P1' }).id;
    expect(check(console_).steps).toEqual(['r1-0m']);
    call(console_, 'incident.acknowledge', { id });
    // Edited while the console runs: P1's 1h step moved to 2h. The next CLI run reads the edit.
    const file = path.join(resourcesDir, 'escalation.yaml');
    const before = fs.readFileSync(file, 'utf8');
    const after = before.replace('        notify: Security Team\n        roles: [security]\n      - after: 1h\n', '        notify: Security Team\n        roles: [security]\n      - after: 2h\n');
    expect(after).not.toBe(before);
    fs.writeFileSync(file, after);
    now += minutes(10);
    const cli = open(resourcesDir);
    expect(check(cli).steps).toEqual([]);
    const builtWith = readSetting(cli.db, 'dueWork.config');
    now = start + minutes(61);
    // The console now follows the file: the moved step is not due at 1h, and the index is not rebuilt.
    expect(check(console_).steps).toEqual([]);
    expect(console_.escalation.levels[1]!.map((step) => step.key)).toContain('r1-120m');
    expect(readSetting(console_.db, 'dueWork.config')).toBe(builtWith);
    now = start + minutes(121);
    expect(check(console_).steps).toEqual(['r1-120m']);
    expect(check(cli).steps).toEqual([]);
    expect(readSetting(cli.db, 'dueWork.config')).toBe(builtWith);
  });

  it('keeps the matrix it holds, saying so once, when the edited file cannot be read', () => {
    const resourcesDir = tempDir('firebreak-resources-');
    fs.cpSync(findResourcesDir(), resourcesDir, { recursive: true });
    const console_ = open(resourcesDir);
    const id = call<Incident>(console_, 'incident.declare', { title: 'Credential stuffing', severity: 'P1' }).id;
    expect(check(console_).steps).toEqual(['r1-0m']);
    call(console_, 'incident.acknowledge', { id });
    // Another process built the index from a different matrix; this one's file is then half-written.
    const other = tempDir('firebreak-resources-');
    fs.cpSync(findResourcesDir(), other, { recursive: true });
    fs.writeFileSync(path.join(other, 'escalation.yaml'), fs.readFileSync(path.join(other, 'escalation.yaml'), 'utf8').replace('      - after: 1h\n', '      - after: 2h\n'));
    const cli = open(other);
    expect(check(cli).steps).toEqual([]);
    fs.writeFileSync(path.join(resourcesDir, 'escalation.yaml'), 'levels: [');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    now = start + minutes(61);
    expect(check(console_).steps).toEqual(['r1-60m']);
    expect(check(console_).steps).toEqual([]);
    // The two processes take turns rebuilding; the unreadable file is reported the first time only.
    expect(check(cli).steps).toEqual([]);
    expect(check(console_).steps).toEqual([]);
    expect(logged.mock.calls.filter(([line]) => String(line).includes('Escalation matrix or severity schemes not read again'))).toHaveLength(1);
  });

  it('gives a database already at version 11 the event trigger: a message sent in the same millisecond still sets the next update', () => {
    const old = openDatabase(dataDir, { migrations: migrations.filter((migration) => migration.version <= 11) });
    expect(old.pragma('user_version', { simple: true })).toBe(11);
    old.close();
    const ctx = open();
    const id = call<Incident>(ctx, 'incident.declare', { title: 'Credential stuffing', severity: 'P0' }).id;
    call(ctx, 'incident.acknowledge', { id });
    check(ctx);
    call(ctx, 'comms.markSent', { incidentId: id, templateId: 'status-update', body: 'We are on it.', channel: '#inc' });
    now += minutes(31);
    expect(check(ctx).updates).toEqual(['next-update']);
  });

  it('refuses a saved severity scheme whose response time is past a year, naming the field', () => {
    fs.mkdirSync(userSchemesDir(dataDir), { recursive: true });
    const scheme = { id: 'slow', name: 'Slow', levels: [{ id: 'S1', label: 'Slow', responseMinutes: 1e15 }] };
    fs.writeFileSync(path.join(userSchemesDir(dataDir), 'slow.json'), JSON.stringify(scheme));
    const loaded = loadUserSchemes(dataDir, []);
    expect(loaded.schemes).toEqual([]);
    expect(loaded.problems).toEqual([expect.stringMatching(/slow\.json: levels\.0\.responseMinutes: must be at most 525600 \(a year\)$/)]);
  });
});
