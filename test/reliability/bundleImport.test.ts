import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedBundle } from '../../src-main/contract';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { scriptedIncident } from '../support/bundleIncident';
import { runCli } from '../support/cli';
import { cliPath, tempDataDir } from '../support/consoleServer';
import { makeTestContext, type TestContext } from '../support/serviceContext';
import { scaled } from '../support/torture';

let a: TestContext;
let bundle: string;
let exported: ExportedBundle;
const work = tempDataDir('firebreak-bundle-race-');

beforeAll(async () => {
  a = makeTestContext();
  const id = await scriptedIncident(a, fs.mkdtempSync(path.join(work, 'files-')));
  bundle = path.join(work, 'bundle.json');
  const envelope = await dispatchAsync(a.ctx, 'incident.export', { id, file: bundle });
  if (!envelope.ok) throw new Error(envelope.error.message);
  exported = envelope.value as ExportedBundle;
}, 60_000);
afterAll(() => {
  a.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** One `firebreak incident import` process; resolves with its JSON envelope. */
function importing(dataDir: string): Promise<{ ok: boolean; value?: { imported: boolean }; error?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'incident', 'import', bundle, '--trusted-key', exported.keyFingerprint, '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`not one envelope: ${stdout}`));
      }
    });
  });
}

describe('importing one bundle from several processes at once', () => {
  it('imports it exactly once; the others change nothing; the incident verifies intact', async () => {
    const rounds = scaled(2, 20);
    const racers = 3;
    for (let round = 0; round < rounds; round += 1) {
      const dataDir = fs.mkdtempSync(path.join(work, 'b-'));
      const results = await Promise.all(Array.from({ length: racers }, () => importing(dataDir)));
      expect(results.every((result) => result.ok), JSON.stringify(results)).toBe(true);
      expect(results.filter((result) => result.value?.imported).length).toBe(1);
      const verified = runCli(dataDir, ['incident', 'verify', exported.incidentId, '--json']);
      expect(verified).toMatchObject({ status: 0, json: { value: { intact: true, events: exported.events, headHash: exported.headHash } } });
    }
  }, 120_000);
});
