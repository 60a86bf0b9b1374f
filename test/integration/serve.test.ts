import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
let child: ReturnType<typeof spawn>;
let url: URL;

function answer(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: url.port, path, method, headers: { host: url.host, ...headers } }, (res) => {
      res.resume();
      resolve(res);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const get = async (path: string, headers: Record<string, string>, method = 'GET', body?: string) => (await answer(path, headers, method, body)).statusCode ?? 0;
let cookie = '';

/** As the console page calls the API: the browser adds the cookie, the page holds no token. */
async function cookieCall(name: string, input: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url.origin}/api/op/${name}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  child = spawn(process.execPath, [cliPath, 'serve', '--no-open'], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
  url = new URL(line.replace('Firebreak console: ', ''));
});
afterAll(() => {
  child.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('firebreak serve --no-open', () => {
  it('prints a 127.0.0.1 one-time link that opens the console once', async () => {
    expect(url.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open\?code=[\w-]{43}$/);
    expect(await fetch(new URL('/', url)).then((response) => response.status)).toBe(401);
    const opened = await fetch(url, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const html = await fetch(new URL('/', url), { headers: { cookie } }).then((response) => response.text());
    expect(html).toContain('<div id="root" data-first-screen>');
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(403);
  });

  it('guards /api/ with the session cookie, the Host and the Origin', async () => {
    const json = { 'content-type': 'application/json' };
    expect(await get('/api/op/incident.list', json, 'POST', '{}')).toBe(401);
    expect(await get('/', { host: `attacker.example:${url.port}`, cookie })).toBe(403);
    expect(await get('/api/op/incident.list', { ...json, cookie, origin: 'http://attacker.example' }, 'POST', '{}')).toBe(403);
    expect(await get('/api/op/incident.list', { ...json, cookie }, 'POST', '{}')).toBe(200);
  });

  it('refuses bad declarations with a specific error and writes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ title: '', severity: 'P1' }, 'title must not be empty'],
      [{ title: 'Leak', severity: 'P7' }, "unknown severity 'P7'"],
      [{ title: 'x'.repeat(1024 * 1024), severity: 'P1' }, 'title must be at most 200 characters'],
      [{ title: 'bad \ud800 surrogate', severity: 'P1' }, 'title is not valid UTF-8 text'],
    ];
    for (const [input, message] of cases) {
      const { status, body } = await cookieCall('incident.declare', input);
      expect(status).toBe(400);
      expect(body.error.message).toContain(message);
    }
    expect((await cookieCall('incident.list', { scope: 'all' })).body.value.incidents).toEqual([]);
  });

  it('refuses a weak FIREBREAK_SERVE_TOKEN before listening', () => {
    const run = spawnSync(process.execPath, [cliPath, 'serve', '--no-open', '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir, FIREBREAK_SERVE_TOKEN: 'short' }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('at least 32 characters') });
  });

  it('answers a database it cannot use with the error, not a link that leads nowhere', () => {
    const damaged = tempDataDir();
    const newer = tempDataDir();
    try {
      fs.writeFileSync(path.join(damaged, 'firebreak.sqlite'), Buffer.alloc(8192, 0x5a));
      expect(spawnSync(process.execPath, [cliPath, 'incident', 'declare', '--title', 'Held by a newer release', '--severity', 'P2'], { env: { ...process.env, FIREBREAK_DATA_DIR: newer } }).status).toBe(0);
      const db = new Database(path.join(newer, 'firebreak.sqlite'));
      db.pragma('user_version = 999');
      db.close();
      const serve = (dir: string) => spawnSync(process.execPath, [cliPath, 'serve', '--no-open', '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: dir }, encoding: 'utf8', timeout: 20_000 });
      const notDatabase = serve(damaged);
      expect(notDatabase.status).toBe(2);
      expect(JSON.parse(notDatabase.stdout).error).toEqual({ code: 'io-error', message: expect.stringContaining('file is not a database') });
      const tooNew = serve(newer);
      expect(tooNew.status).toBe(2);
      expect(JSON.parse(tooNew.stdout).error).toEqual({ code: 'conflict', message: expect.stringContaining('written by a newer Firebreak') });
    } finally {
      fs.rmSync(damaged, { recursive: true, force: true });
      fs.rmSync(newer, { recursive: true, force: true });
    }
  });

  it('explains its own options, as every command does', () => {
    const help = spawnSync(process.execPath, [cliPath, 'serve', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: firebreak serve [options]');
    const badPort = spawnSync(process.execPath, [cliPath, 'serve', '--no-open', '--json', '--port', '99999'], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(badPort.status).toBe(2);
    expect(JSON.parse(badPort.stdout).error).toEqual({ code: 'invalid-input', message: '--port must be a number from 0 to 65535' });
  });
});
