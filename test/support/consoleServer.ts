import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'firebreak') return dir;
    if (path.dirname(dir) === dir) throw new Error(`not inside the firebreak repository: ${start}`);
  }
}

export const repoRoot = findRepoRoot(process.cwd());
export const cliPath = path.join(repoRoot, 'bin', 'firebreak.js');

export function tempDataDir(prefix = 'firebreak-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface ServedConsole {
  /** The printed one-time link: opens a browser session once. */
  url: string;
  origin: string;
  port: number;
  /** The Bearer token this harness gave the server through FIREBREAK_SERVE_TOKEN, for API calls from tests. */
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs the built `firebreak serve` exactly as a responder would, against `dataDir`. */
export async function serveConsole(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<ServedConsole> {
  const token = randomBytes(32).toString('base64url');
  const child = spawn(process.execPath, [cliPath, 'serve', '--no-open', '--json'], {
    env: { ...process.env, FIREBREAK_DATA_DIR: dataDir, FIREBREAK_SERVE_TOKEN: token, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time: ${stderr}`)), 15_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const envelope = JSON.parse(first) as { ok: boolean; value: { url: string; port: number } };
  if (!envelope.ok) throw new Error(`serve failed: ${first}`);
  return {
    url: envelope.value.url,
    origin: new URL(envelope.value.url).origin,
    port: envelope.value.port,
    token,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** POSTs one operation with the console's token, as the renderer does. */
export async function apiCall(served: Pick<ServedConsole, 'origin' | 'token'>, name: string, input: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${served.origin}/api/op/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.json() };
}
