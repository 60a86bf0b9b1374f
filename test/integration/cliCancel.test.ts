import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, tempDataDir } from '../support/consoleServer';

const work = tempDataDir('firebreak-cli-cancel-');
const dataDir = path.join(work, 'data');
const source = path.join(work, 'disk');

beforeAll(() => {
  fs.mkdirSync(source);
  // Sparse: minutes of hashing and compressing without using the disk.
  fs.writeFileSync(path.join(source, 'disk.img'), '');
  fs.truncateSync(path.join(source, 'disk.img'), 4 * 1024 ** 3);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Starts a collection, presses Ctrl-C once it is under way, and returns how the CLI ended. */
async function interruptedCollection(name: string, extra: string[]) {
  const output = path.join(work, `${name}.tar.gz`);
  const child = spawn(process.execPath, [cliPath, 'evidence', 'collect', source, '-o', output, ...extra], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The archive being written (a hidden temporary beside the output) shows the job has started and can be cancelled.
  const ours = () => fs.readdirSync(work).filter((file) => file.includes(`${name}.tar.gz`));
  for (let waited = 0; ours().length === 0 && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(ours(), stderr).not.toEqual([]);
  for (const file of ours()) expect(file).toMatch(new RegExp(`^\\.${name}\\.tar\\.gz\\.`));
  child.kill('SIGINT');
  const status = await ended;
  return { status, stdout, stderr, left: ours() };
}

describe('Ctrl-C during evidence collect', () => {
  it('cancels the job, prints the cancelled envelope, exits 2 and leaves no partial archive', async () => {
    const run = await interruptedCollection('json', ['--json']);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('cancelled') } });
    expect(run.left).toEqual([]);
  });

  it('says so on stderr in human mode', async () => {
    const run = await interruptedCollection('human', []);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^firebreak: collection cancelled/m);
    expect(run.left).toEqual([]);
  });
});
