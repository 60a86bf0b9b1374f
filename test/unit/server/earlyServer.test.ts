import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
});
