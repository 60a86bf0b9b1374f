import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExportedBundle, Incident } from '../../../src-main/contract';
import type { Bundle } from '../../../src-main/domain/bundle/bundleFormat';
import { signBundle } from '../../../src-main/services/bundle/bundleSigning';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { consoleKey, consoleKeys } from '../../../src-main/services/vault/vaultKeys';
import { readBundle } from '../../support/bundleIncident';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

// Two laptops that collect to the same path (the same home folder layout, the same habit): B's own
// archive there, and A's incident imported into B with A's record of its own archive at that path.
let shared: string;
let archive: string;
let a: TestContext;
let b: TestContext;
let bundleFile: string;
let exported: ExportedBundle;
const contexts: TestContext[] = [];

async function collect(t: TestContext, content: string): Promise<void> {
  fs.writeFileSync(path.join(shared, 'src', 'auth.log'), content);
  const { id } = callOk<Incident>(t, 'incident.declare', { title: 'Login storm', severity: 'P2' });
  const result = await dispatchAsync(t.ctx, 'evidence.collect', { paths: [path.join(shared, 'src')], output: archive, incidentId: id });
  if (!result.ok) throw new Error(result.error.message);
}

beforeAll(async () => {
  shared = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-same-path-'));
  fs.mkdirSync(path.join(shared, 'src'));
  archive = path.join(shared, 'evidence.tar.gz');
  const aside = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-aside-'));
  // B collects first; its files are moved aside while A collects to the same path, then put back.
  b = makeTestContext('2026-11-23T10:00:00.000Z');
  a = makeTestContext('2026-11-23T12:00:00.000Z');
  contexts.push(a, b);
  await collect(b, 'seen on laptop B\n');
  for (const name of fs.readdirSync(shared).filter((name) => name !== 'src')) fs.renameSync(path.join(shared, name), path.join(aside, name));
  await collect(a, 'seen on laptop A\n');
  const incidentA = a.ctx.db.prepare('SELECT incident_id FROM evidence_items').pluck().get() as string;
  bundleFile = path.join(aside, 'a.json');
  const envelope = await dispatchAsync(a.ctx, 'incident.export', { id: incidentA, file: bundleFile });
  if (!envelope.ok) throw new Error(envelope.error.message);
  exported = envelope.value as ExportedBundle;
  for (const name of fs.readdirSync(aside).filter((name) => name !== 'a.json')) fs.renameSync(path.join(aside, name), path.join(shared, name));
});
afterAll(() => {
  for (const t of contexts) t.close();
  fs.rmSync(shared, { recursive: true, force: true });
});

it('importing another laptop\'s incident with evidence collected to the same path leaves this laptop\'s own archive there intact', async () => {
  const before = await dispatchAsync(b.ctx, 'evidence.verify', { archive });
  expect(before).toMatchObject({ ok: true, value: { intact: true } });
  const registeredHere = (before as { value: { registeredAs: string } }).value.registeredAs;
  expect(await dispatchAsync(b.ctx, 'incident.import', { file: bundleFile, trustedKeys: [exported.keyFingerprint] })).toMatchObject({ ok: true, value: { imported: true } });
  // A's record is newer and names the same path: it must not stand in for B's own.
  expect(await dispatchAsync(b.ctx, 'evidence.verify', { archive })).toMatchObject({ ok: true, value: { intact: true, registeredAs: registeredHere, mismatchCount: 0 } });
});

it('a bundle saying its evidence was collected on this laptop (this laptop\'s device id) is refused: this laptop would hold that record', async () => {
  const c = makeTestContext('2026-11-23T12:00:00.000Z');
  contexts.push(c);
  const bundle: Bundle = readBundle(bundleFile);
  for (const row of bundle.tables.custody_entries) row.device_id = c.ctx.deviceId;
  const forged = path.join(path.dirname(bundleFile), 'claims-here.json');
  // Only the custody rows change: re-signed by A, whom C trusts.
  const { signature: _signature, ...body } = bundle;
  fs.writeFileSync(forged, JSON.stringify(signBundle(body, await consoleKey(a.ctx, consoleKeys.evidence))));
  const result = await dispatchAsync(c.ctx, 'incident.import', { file: forged, trustedKeys: [exported.keyFingerprint] });
  expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/tables\.custody_entries\[0\] says EV-[0-9a-f]{8} was collected on this laptop/) } });
});

it('this laptop\'s own bundle of an incident it holds is still "already here", not refused', async () => {
  expect(await dispatchAsync(a.ctx, 'incident.import', { file: bundleFile })).toMatchObject({ ok: true, value: { imported: false } });
});
