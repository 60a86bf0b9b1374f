import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/consoleServer';

// A copy of the built CLI, so the real dist/ and its cache are never touched.
let dir: string;
let bin: string;
let cache: string;

function version(env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8', env: { ...process.env, ...env } });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-codecache-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'dist', 'main', 'cli'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'bin', 'firebreak.js'), path.join(dir, 'bin', 'firebreak.js'));
  fs.copyFileSync(path.join(repoRoot, 'dist', 'main', 'cli', 'main.js'), path.join(dir, 'dist', 'main', 'cli', 'main.js'));
  // The loader bin/firebreak.js starts the bundle with.
  fs.copyFileSync(path.join(repoRoot, 'dist', 'main', 'codeCache.js'), path.join(dir, 'dist', 'main', 'codeCache.js'));
  // The bundle finds its packages and resources from the repository, as an installed copy would beside them.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(repoRoot, 'resources'), path.join(dir, 'resources'));
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(dir, 'package.json'));
  bin = path.join(dir, 'bin', 'firebreak.js');
  cache = path.join(dir, 'dist', 'main', 'cli', 'main.js.codecache');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the CLI bundle’s code cache', () => {
  it('runs without a cache, and writes one only when asked', () => {
    expect(version()).toMatchObject({ status: 0, stdout: '0.1.0\n' });
    expect(fs.existsSync(cache)).toBe(false);
    expect(version({ FIREBREAK_CODE_CACHE: 'write' })).toMatchObject({ status: 0, stdout: '0.1.0\n' });
    expect(fs.readFileSync(cache).subarray(0, 64).toString('latin1')).toMatch(/^[0-9a-f]{64}$/);
    expect(version()).toMatchObject({ status: 0, stdout: '0.1.0\n' });
  });

  it('ignores a cache made from another bundle or damaged', () => {
    const stored = fs.readFileSync(cache);
    fs.writeFileSync(cache, Buffer.concat([Buffer.from('0'.repeat(64), 'latin1'), stored.subarray(64)]));
    expect(version()).toMatchObject({ status: 0, stdout: '0.1.0\n' });
    fs.writeFileSync(cache, Buffer.concat([stored.subarray(0, 64), Buffer.from('not a code cache')]));
    expect(version()).toMatchObject({ status: 0, stdout: '0.1.0\n' });
  });
});
