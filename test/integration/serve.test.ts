import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, tempDataDir } from '../support/consoleServer';

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
});
