import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VerifyAllResult, VerifyResult } from '../../../src-main/contract';
import { actorKeyOf } from '../../../src-main/domain/sync/eventV2';
import { createServiceContext, type ServiceContext } from '../../../src-main/services/context';
import { dispatch } from '../../../src-main/services/dispatch';
import { setSyncIdentity } from '../../../src-main/store/dagStore';
import { databaseFileName, schemaVersion } from '../../../src-main/store/database';
import { ed25519FromSeed } from '../../support/dagReplica';

/**
 * Databases written by the release before format v2 (commit 2a8d557, schema 8: v1 hash chains
 * only), made by test/fixtures/old-release/make-fixture.sh with that release's own CLI.
 */
const fixtures = path.join(__dirname, '../../fixtures/old-release');
const opened: { ctx: ServiceContext; dir: string }[] = [];

function openCopy(file: string): ServiceContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-old-release-'));
  fs.copyFileSync(path.join(fixtures, file), path.join(dir, databaseFileName));
  const ctx = createServiceContext({ dataDir: dir, transport: 'http', clock: () => new Date('2026-12-01T09:00:00.000Z'), emit: () => {} });
  opened.push({ ctx, dir });
  return ctx;
}

function call<T>(ctx: ServiceContext, name: string, input: unknown): T {
  const result = dispatch(ctx, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value as T;
}

afterEach(() => {
  for (const { ctx, dir } of opened.splice(0)) {
    ctx.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('a database written by the release before signed events', () => {
  for (const file of ['firebreak.sqlite', 'imported.sqlite']) {
    it(`${file} migrates and every incident verifies ok, then v2 events extend its v1 history`, () => {
      const before = fs.readFileSync(path.join(fixtures, file));
      expect(before.readUInt32BE(60)).toBe(8); // SQLite header: user_version, the schema it was written at
      const ctx = openCopy(file);
      expect(schemaVersion(ctx.db)).toBeGreaterThanOrEqual(9);

      const all = call<VerifyAllResult>(ctx, 'verify.all', {});
      expect(all.checked).toBeGreaterThan(0);
      expect(all.incidents.map((incident) => [incident.id, incident.verdict, incident.firstBreak?.message ?? null])).toEqual(all.incidents.map((incident) => [incident.id, 'ok', null]));
      expect(all.intact).toBe(true);
      const v1Counts = Object.fromEntries(all.incidents.map((incident) => [incident.id, incident.events]));
      const types = ctx.db.prepare<[], string>('SELECT DISTINCT type FROM events').pluck().all();
      if (file === 'firebreak.sqlite') expect(types).toEqual(expect.arrayContaining(['incident.declared', 'checklist.stepChanged', 'incident.noteAdded', 'incident.severityChanged', 'evidence.custody']));

      // This laptop now has a device key: new events are signed v2 nodes whose first parent is the v1 head.
      const key = ed25519FromSeed(Buffer.alloc(32, 7));
      let next = 0;
      setSyncIdentity(ctx.db, { actorKey: actorKeyOf(key), privateKey: key, newId: () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}` });
      const id = all.incidents[0]!.id;
      const v1Head = ctx.db.prepare<[string], string>('SELECT hash FROM events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(id)!;
      call(ctx, 'incident.addNote', { id, text: 'Picked up on the new release' });
      call(ctx, 'incident.setSeverity', { id, severity: 'P0', reason: 'customer data confirmed' });
      const firstV2 = ctx.db.prepare<[string], { parents: string; format_version: number; sig: string | null }>('SELECT parents, format_version, sig FROM events WHERE incident_id = ? AND format_version = 2 ORDER BY lamport LIMIT 1').get(id)!;
      expect(JSON.parse(firstV2.parents)).toEqual([v1Head]);
      expect(firstV2.sig).not.toBeNull();

      const after = call<VerifyResult>(ctx, 'incident.verify', { id });
      expect(after.firstBreak).toBeNull();
      expect(after.verdict).toBe('ok');
      expect(after.events).toBe(v1Counts[id]! + 2);
      expect(call<VerifyAllResult>(ctx, 'verify.all', {}).intact).toBe(true);
    });
  }

  it('an edited v1 event in the migrated history is still caught', () => {
    const ctx = openCopy('firebreak.sqlite');
    const id = call<VerifyAllResult>(ctx, 'verify.all', {}).incidents[0]!.id;
    ctx.db.exec('DROP TRIGGER events_append_only_update');
    ctx.db.prepare("UPDATE events SET payload = replace(payload, 'Revoked', 'Ignored') WHERE incident_id = ? AND type = 'incident.noteAdded'").run(id);
    const result = call<VerifyResult>(ctx, 'incident.verify', { id });
    expect(result.verdict).toBe('tampered');
    expect(result.firstBreak?.type).toBe('incident.noteAdded');
  });
});
