import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, cliPath, tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
let child: ReturnType<typeof spawn>;
let url: URL;

function get(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: url.port, path, method, headers: { host: url.host, ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
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
  it('prints a 127.0.0.1 URL that opens the console', async () => {
    expect(url.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{43}$/);
    const html = await fetch(new URL('/', url)).then((response) => response.text());
    expect(html).toContain('<div id="root">');
  });

  it('guards /api/ with the token, the Host and the Origin', async () => {
    const token = url.hash.slice('#token='.length);
    const json = { 'content-type': 'application/json' };
    expect(await get('/api/op/incident.list', json, 'POST', '{}')).toBe(401);
    expect(await get('/', { host: `attacker.example:${url.port}` })).toBe(403);
    expect(await get('/api/op/incident.list', { ...json, authorization: `Bearer ${token}`, origin: 'http://attacker.example' }, 'POST', '{}')).toBe(403);
    expect(await get('/api/op/incident.list', { ...json, authorization: `Bearer ${token}` }, 'POST', '{}')).toBe(200);
  });

  it('refuses bad declarations with a specific error and writes nothing', async () => {
    const served = { origin: url.origin, token: url.hash.slice('#token='.length) };
    const cases: [unknown, string][] = [
      [{ title: '', severity: 'P1' }, 'title must not be empty'],
      [{ title: 'Leak', severity: 'P7' }, "unknown severity 'P7'"],
      [{ title: 'x'.repeat(1024 * 1024), severity: 'P1' }, 'title must be at most 200 characters'],
      [{ title: 'bad \ud800 surrogate', severity: 'P1' }, 'title is not valid UTF-8 text'],
    ];
    for (const [input, message] of cases) {
      const { status, body } = await apiCall(served, 'incident.declare', input);
      expect(status).toBe(400);
      expect(body.error.message).toContain(message);
    }
    expect((await apiCall(served, 'incident.list', { scope: 'all' })).body.value.incidents).toEqual([]);
  });
});

