import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArguments, writeLauncherPage } from '../../../src-main/cli/openBrowser';
import { startServer, type RunningServer } from '../../../src-main/server/server';
import { codeTtlMs } from '../../../src-main/server/session';
import { redeem, request as rawRequest } from './httpClient';

let server: RunningServer;
let dataDir: string;
let rendererDir: string;
let now = Date.now();

const request = (options: Parameters<typeof rawRequest>[1]) => rawRequest(server.port, options);
const pathOf = (link: string) => new URL(link).pathname + new URL(link).search;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-session-'));
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Firebreak</title><div id="root"></div>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("console code")');
  server = await startServer({ dataDir, rendererDir, now: () => now });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

describe('one-time links and the session cookie', () => {
  it('trades a link for an HttpOnly, SameSite=Strict cookie and sends the browser to the console', async () => {
    const { answer, cookie } = await redeem(server.port, server.openLink());
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    const setCookie = answer.headers['set-cookie']![0]!;
    expect(setCookie).toMatch(new RegExp(`^firebreak-session-${server.port}=[A-Za-z0-9_-]{43}; `));
    expect(setCookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    expect(setCookie).not.toContain(server.token);

    const page = await request({ path: '/', headers: { cookie } });
    expect(page.status).toBe(200);
    // The console's page, its first screen drawn by the server.
    expect(page.body).toContain('<div id="root" data-first-screen>');
    const listed = await request({ path: '/api/op/incident.list', method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(JSON.parse(listed.body)).toEqual({ ok: true, value: { incidents: [], total: 0, nextCursor: null } });
  });

  it('opens a session only once per link', async () => {
    const link = server.openLink();
    expect((await redeem(server.port, link)).answer.status).toBe(303);
    const again = await request({ path: pathOf(link) });
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toContain('already used or has expired');
    expect(again.body).toContain('press Enter in the terminal where firebreak serve');
  });

  it('refuses a link past its expiry', async () => {
    const link = server.openLink();
    now += codeTtlMs + 1;
    const late = await request({ path: pathOf(link) });
    expect(late.status).toBe(403);
    expect(late.headers['set-cookie']).toBeUndefined();
    const fresh = server.openLink();
    now += codeTtlMs - 1_000;
    expect((await redeem(server.port, fresh)).answer.status).toBe(303);
  });

  it('refuses made-up codes and cookies', async () => {
    for (const target of ['/open', '/open?code=', `/open?code=${'A'.repeat(43)}`, '/open?code=%zz']) {
      expect((await request({ path: target })).status, target).toBe(403);
    }
    const forged = `firebreak-session-${server.port}=${'A'.repeat(43)}`;
    expect((await request({ path: '/', headers: { cookie: forged } })).status).toBe(401);
    const { cookie } = await redeem(server.port, server.openLink());
    const otherPort = cookie.replace(`firebreak-session-${server.port}=`, 'firebreak-session-1=');
    expect((await request({ path: '/', headers: { cookie: otherPort } })).status).toBe(401);
  });

  it('serves neither the page, nor its scripts, nor the API, nor events without the cookie or token', async () => {
    const page = await request({ path: '/' });
    expect(page.status).toBe(401);
    expect(page.body).toContain('This console needs the link printed by firebreak serve');
    expect(page.body).not.toContain('<div id="root">');
    for (const target of ['/index.html', '/assets/app.js', '/missing.js']) {
      const response = await request({ path: target });
      expect(response.status, target).toBe(401);
      expect(response.body, target).not.toContain('console code');
    }
    expect((await request({ path: '/api/events' })).status).toBe(401);
    expect((await request({ path: '/api/op/app.info', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await request({ path: '/assets/app.js', headers: { authorization: `Bearer ${server.token}` } })).body).toContain('console code');
  });

  it('sends a link opened from another site through a same-origin refresh, so the Strict cookie reaches the console', async () => {
    const { answer } = await redeem(server.port, server.openLink(), { 'sec-fetch-site': 'cross-site' });
    expect(answer.status).toBe(200);
    expect(answer.headers.refresh).toBe('0;url=/');
    expect(answer.headers['set-cookie']![0]).toContain('SameSite=Strict');
  });

  it('takes a browser that already has a session to the console when it opens a used link again', async () => {
    const link = server.openLink();
    const { cookie } = await redeem(server.port, link);
    const again = await request({ path: pathOf(link), headers: { cookie } });
    expect(again.status).toBe(303);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('gives the browser a page only this user can read, so no code or token is on a command line', async () => {
    const link = server.openLink();
    const code = new URL(link).searchParams.get('code')!;
    const page = writeLauncherPage(link, dataDir);
    const args = chromiumArguments(page, dataDir, false).join(' ');
    expect(args).toContain(`--app=file://${dataDir}/open-`);
    expect(args).not.toContain(code);
    expect(args).not.toContain(server.token);
    const file = fileURLToPath(page);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toContain(`<meta http-equiv="refresh" content="0;url=${link}">`);
    // A second window's page replaces the first: old pages never pile up in the data dir.
    const second = fileURLToPath(writeLauncherPage(server.openLink(), dataDir));
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('open-'))).toEqual([path.basename(second)]);
    expect(chromiumArguments(page, dataDir, true)).toContain('--no-sandbox');
  });

  it('accepts the real session cookie when a page on another port of this machine added a decoy before it', async () => {
    const { cookie } = await redeem(server.port, server.openLink());
    const name = cookie.split('=')[0];
    const answer = await request({
      path: '/api/op/app.info',
      method: 'POST',
      headers: { cookie: `${name}=decoy; ${cookie}`, 'content-type': 'application/json', origin: `http://127.0.0.1:${server.port}` },
      body: '{}',
    });
    expect(answer.status).toBe(200);
  });

  it('does not invite an unauthenticated upload with 100 Continue, and answers it without reading it', async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.write(`POST /api/op/app.info HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\nExpect: 100-continue\r\n\r\n`);
    await new Promise((resolve) => socket.once('close', resolve));
    const answer = Buffer.concat(received).toString('latin1');
    expect(answer).not.toContain('100 Continue');
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});
