import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenConsole, type ConsoleHandlers, type EarlyServer } from '../../../src-main/server/earlyServer';
import { request } from './httpClient';

let rendererDir: string;
let early: EarlyServer;

const builtPage = '<!doctype html><title>Firebreak</title><div id="root"></div>';
const api = (headers: Record<string, string> = { authorization: `Bearer ${early.token}` }) =>
  request(early.port, { path: '/api/op/incident.list', method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

/** A console that answers every operation with its name, as the real one answers with an envelope. */
const echoConsole = (answered: string[]): ConsoleHandlers => ({
  api: async (_request, response, pathname) => {
    answered.push(pathname);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, value: pathname }));
  },
  page: () => null,
  internalError: () => {},
});

beforeEach(() => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-early-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), builtPage);
});
afterEach(async () => {
  await early?.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

describe('the server before the console attaches', () => {
  it('holds API requests until the console attaches, then answers them', async () => {
    early = await listenConsole({ rendererDir });
    const answered: string[] = [];
    const pending = api();
    await early.consoleWanted;
    expect(answered).toEqual([]);
    early.attach(echoConsole(answered));
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, value: '/api/op/incident.list' });
  });

  it('refuses requests without credentials or from another origin before anything is held', async () => {
    early = await listenConsole({ rendererDir });
    expect((await api({})).status).toBe(401);
    expect((await api({ authorization: `Bearer ${early.token}`, origin: 'http://attacker.example' })).status).toBe(403);
    const page = await request(early.port, { path: '/' });
    expect(page.status).toBe(401);
    expect(page.body).not.toContain('<div id="root">');
  });

  it('tells held and later requests why the console did not start', async () => {
    early = await listenConsole({ rendererDir });
    const pending = api();
    await early.consoleWanted;
    early.failStart('the console could not start: the database is damaged');
    for (const answer of [await pending, await api()]) {
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body).error).toEqual({ code: 'io-error', message: 'the console could not start: the database is damaged' });
    }
  });

  it('answers the page with the first screen under the strict CSP, and the built page without one', async () => {
    let screen: string | null = '<p>first screen</p>';
    early = await listenConsole({ rendererDir, firstScreenPage: (indexHtml) => (screen === null ? null : indexHtml.replace('<div id="root"></div>', `<div id="root" data-first-screen>${screen}</div>`)) });
    const auth = { authorization: `Bearer ${early.token}` };
    const drawn = await request(early.port, { path: '/', headers: auth });
    expect(drawn.status).toBe(200);
    expect(drawn.body).toContain('<div id="root" data-first-screen><p>first screen</p></div>');
    expect(drawn.headers['content-security-policy']).toContain("script-src 'self'");
    expect(drawn.headers['cache-control']).toBe('no-store');
    expect(drawn.headers['x-frame-options']).toBe('DENY');
    screen = null;
    expect((await request(early.port, { path: '/index.html', headers: auth })).body).toBe(builtPage);
  });

  it('uses the attached console’s first screen once it is there', async () => {
    early = await listenConsole({ rendererDir, firstScreenPage: () => 'early' });
    early.attach({ ...echoConsole([]), page: () => 'attached' });
    expect((await request(early.port, { path: '/', headers: { authorization: `Bearer ${early.token}` } })).body).toBe('attached');
  });

  it('sends the page’s headers before its first screen is drawn, so the browser starts the page’s process meanwhile', async () => {
    const drawMs = 500;
    early = await listenConsole({
      rendererDir,
      firstScreenPage: (indexHtml) => {
        const until = Date.now() + drawMs;
        while (Date.now() < until); // a slow draw holds this thread; the client below runs on its own
        return indexHtml.replace('<div id="root"></div>', '<div id="root" data-first-screen>drawn</div>');
      },
    });
    // The browser's side on a thread of its own: it notes when the headers and when the whole body came.
    const client = new Worker(
      `const http = require('node:http');
       const { parentPort, workerData } = require('node:worker_threads');
       const get = http.get({ host: '127.0.0.1', port: workerData.port, path: '/', headers: { authorization: 'Bearer ' + workerData.token } }, (res) => {
         const headersAt = Date.now();
         let body = '';
         res.on('data', (chunk) => (body += chunk));
         res.on('end', () => parentPort.postMessage({ headersAt, bodyAt: Date.now(), body, status: res.statusCode, headers: res.headers }));
       });
       get.on('error', (error) => { throw error; });`,
      { eval: true, workerData: { port: early.port, token: early.token } },
    );
    type Seen = { headersAt: number; bodyAt: number; body: string; status: number; headers: Record<string, string> };
    const seen = await new Promise<Seen>((resolve, reject) => {
      client.once('message', resolve);
      client.once('error', reject);
      client.once('exit', (code) => reject(new Error(`the client ended (exit ${code}) before the page came`)));
    }).finally(() => client.terminate());
    expect(seen.status).toBe(200);
    expect(seen.body).toContain('<div id="root" data-first-screen>drawn</div>');
    expect(seen.headers['content-security-policy']).toContain("script-src 'self'");
    expect(seen.bodyAt - seen.headersAt).toBeGreaterThanOrEqual(drawMs / 2);
  });

  it('sends the page as built when drawing its first screen fails, and reports the failure', async () => {
    const reported: unknown[] = [];
    early = await listenConsole({ rendererDir });
    early.attach({
      ...echoConsole([]),
      page: () => {
        throw new Error('the first screen could not be read');
      },
      internalError: (error) => reported.push(error),
    });
    const auth = { authorization: `Bearer ${early.token}` };
    const page = await request(early.port, { path: '/', headers: auth });
    expect(page.status).toBe(200);
    expect(page.body).toBe(builtPage);
    expect(reported).toHaveLength(1);
    // HEAD still says how long the page is.
    const head = await request(early.port, { path: '/', method: 'HEAD', headers: auth });
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(builtPage)));
  });

  it('reads the page’s stylesheet and script before the browser asks, and answers them as immutable', async () => {
    fs.mkdirSync(path.join(rendererDir, 'assets'));
    fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'boot-abc.css'), 'body{}');
    fs.writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><head><script type="module" crossorigin src="./assets/index-abc.js"></script><link rel="stylesheet" crossorigin="" href="./assets/boot-abc.css"></head><div id="root"></div>',
    );
    fs.writeFileSync(path.join(rendererDir, 'assets', 'later-abc.js'), 'console.log(2)');
    early = await listenConsole({ rendererDir });
    const auth = { authorization: `Bearer ${early.token}` };
    // An asset the page does not name comes from the disk: the headers to compare with.
    const fromDisk = await request(early.port, { path: '/assets/later-abc.js', headers: auth });
    await new Promise((resolve) => setImmediate(resolve)); // the read-ahead runs once the link is out
    // Gone from the disk: only what was read ahead can answer.
    fs.rmSync(path.join(rendererDir, 'assets'), { recursive: true });
    const script = await request(early.port, { path: '/assets/index-abc.js', headers: auth });
    expect([script.status, script.body]).toEqual([200, 'console.log(1)']);
    const { date: _scriptDate, 'content-length': scriptLength, ...scriptHeaders } = script.headers;
    const { date: _diskDate, 'content-length': diskLength, ...diskHeaders } = fromDisk.headers;
    expect(scriptHeaders).toEqual(diskHeaders); // type, immutable caching, nosniff, CORP, COOP…
    expect([scriptLength, diskLength]).toEqual(['14', '14']);
    const style = await request(early.port, { path: '/assets/boot-abc.css', headers: auth });
    expect([style.status, style.body, style.headers['content-type']]).toEqual([200, 'body{}', 'text/css; charset=utf-8']);
    expect((await request(early.port, { path: '/assets/later-abc.js', headers: auth })).status).toBe(404);
  });

  it.skipIf(process.platform === 'win32')('leaves a named asset that is not a plain file to the disk path, without blocking on it', async () => {
    fs.mkdirSync(path.join(rendererDir, 'assets'));
    execFileSync('mkfifo', [path.join(rendererDir, 'assets', 'index-abc.js')]);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><head><script type="module" src="./assets/index-abc.js"></script></head><div id="root"></div>');
    early = await listenConsole({ rendererDir });
    await new Promise((resolve) => setImmediate(resolve));
    const answer = await request(early.port, { path: '/assets/index-abc.js', headers: { authorization: `Bearer ${early.token}` } });
    expect([answer.status, answer.body]).toEqual([404, 'not found']);
  });
});
