import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventStream } from '../../../src-main/server/eventStream';
import { startServer, type RunningServer } from '../../../src-main/server/server';
import { request as rawRequest } from './httpClient';

let server: RunningServer;
let dataDir: string;
let rendererDir: string;

const request = (options: Parameters<typeof rawRequest>[1]) => rawRequest(server.port, options);

const auth = () => ({ authorization: `Bearer ${server.token}`, 'content-type': 'application/json' });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-server-'));
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Firebreak</title>');
  fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'outside the renderer');
  server = await startServer({ dataDir, rendererDir });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only and hands out one-time links that carry a code, not the token', () => {
    const link = server.openLink();
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/open\\?code=[A-Za-z0-9_-]{43}$`));
    expect(link).not.toContain(server.token);
    expect(server.openLink()).not.toBe(link);
  });

  it('serves the console with the strict CSP', async () => {
    const page = await request({ path: '/', headers: { authorization: `Bearer ${server.token}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('answers 401 to any API request without the token, before routing', async () => {
    for (const target of ['/api/op/incident.list', '/api/op/no.such', '/api/nothing-here', '/api/events']) {
      const response = await request({ path: target, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status, target).toBe(401);
      expect(JSON.parse(response.body).error).toEqual({ code: 'unauthorized', message: expect.stringContaining('open the link printed by firebreak serve') });
    }
    const wrong = await request({ path: '/api/op/incident.list', method: 'POST', headers: { ...auth(), authorization: `Bearer ${'x'.repeat(43)}` }, body: '{}' });
    expect(wrong.status).toBe(401);
  });

  it('answers 403 to a foreign Host on every request, pages included (DNS rebinding)', async () => {
    for (const target of ['/', '/index.html', '/api/op/incident.list']) {
      const response = await request({ path: target, method: target.startsWith('/api') ? 'POST' : 'GET', headers: { ...auth(), host: `evil.example:${server.port}` }, body: target.startsWith('/api') ? '{}' : undefined });
      expect(response.status, target).toBe(403);
    }
  });

  it('answers 403 to an API request from a foreign Origin, even with the token', async () => {
    const response = await request({ path: '/api/op/incident.list', method: 'POST', headers: { ...auth(), origin: 'https://evil.example' }, body: '{}' });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.code).toBe('forbidden');
  });

  it('answers a request with the token and its own origin', async () => {
    const response = await request({ path: '/api/op/incident.list', method: 'POST', headers: { ...auth(), origin: `http://127.0.0.1:${server.port}` }, body: '{}' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, value: { incidents: [], total: 0, nextCursor: null } });
  });

  it('refuses malformed bodies with a specific message', async () => {
    const badUtf8 = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","severity":"P1"}')]);
    const cases: [Buffer | string, string][] = [
      [badUtf8, 'the request body is not valid UTF-8'],
      ['{"title":', 'the request body is not valid JSON'],
      ['['.repeat(33) + ']'.repeat(33), 'the request body is nested deeper than 32 levels'],
      ['{"title":"Leak","severity":"P1","owner":"x"}', 'Unrecognized key: "owner"'],
    ];
    for (const [body, message] of cases) {
      const response = await request({ path: '/api/op/incident.declare', method: 'POST', headers: auth(), body });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error.message).toBe(message);
    }
    const list = await request({ path: '/api/op/incident.list', method: 'POST', headers: auth(), body: '{"scope":"all"}' });
    expect(JSON.parse(list.body).value.incidents).toEqual([]);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const target of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%5c..%5csecret.txt']) {
      const response = await request({ path: target, headers: { authorization: `Bearer ${server.token}` } });
      expect(response.body, target).not.toContain('outside the renderer');
      expect(response.status, target).toBe(404);
    }
  });

  it('pushes events to subscribers over SSE', async () => {
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${server.port}/api/events`, { headers: { authorization: `Bearer ${server.token}` }, signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // the ": connected" comment
    const declared = await request({ path: '/api/op/incident.declare', method: 'POST', headers: auth(), body: JSON.stringify({ title: 'Pushed', severity: 'P2' }) });
    const { id } = JSON.parse(declared.body).value;
    let received = '';
    while (!received.includes('\n\n')) received += (await reader.read()).value;
    // The change carries the incident as the list shows it: the console patches its row from it.
    expect(JSON.parse(received.replace(/^data: /, '').trim())).toMatchObject({ type: 'incident.changed', incidentId: id, incident: { id, title: 'Pushed', status: 'Active', severity: 'P2' } });
    controller.abort();
  });

  it('answers a wrong method with 405 and the methods the path takes', async () => {
    const cases: [string, string, string][] = [
      ['/api/op/incident.list', 'GET', 'POST'],
      ['/api/op/incident.list', 'DELETE', 'POST'],
      ['/api/events', 'POST', 'GET'],
      ['/', 'POST', 'GET, HEAD'],
      ['/index.html', 'PUT', 'GET, HEAD'],
      ['/open', 'POST', 'GET'],
    ];
    for (const [target, method, allow] of cases) {
      const response = await request({ path: target, method, headers: auth(), body: method === 'GET' ? undefined : '{}' });
      expect(response.status, `${method} ${target}`).toBe(405);
      expect(response.headers.allow, `${method} ${target}`).toBe(allow);
    }
  });

  it('answers 415 to an operation sent as something other than JSON', async () => {
    const response = await request({ path: '/api/op/incident.list', method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: '{}' });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body).error.message).toContain('content-type: application/json');
  });

  it('answers 413 to a body over the limit and closes the connection', async () => {
    const response = await request({ path: '/api/op/incident.declare', method: 'POST', headers: auth(), body: Buffer.alloc(5 * 1024 * 1024, 0x20) });
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(response.body).error.message).toBe('the request body is larger than 4 MiB');
  });

  it('answers paths new URL() cannot parse with a 4xx and keeps serving', async () => {
    for (const target of ['//', '///api/op/app.info', '/%', '/%zz', '/api/op/%ff', `/${'a'.repeat(9_000)}`]) {
      const response = await request({ path: target, headers: auth() });
      expect(response.status, target).toBeGreaterThanOrEqual(400);
      expect(response.status, target).toBeLessThan(500);
    }
    const info = await request({ path: '/api/op/app.info', method: 'POST', headers: auth(), body: '{}' });
    expect(info.status).toBe(200);
  });

  it('refuses a request that repeats the Host header', async () => {
    const response = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () =>
        socket.end(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nHost: evil.example\r\nAuthorization: Bearer ${server.token}\r\n\r\n`),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('close', () => resolve(text));
    });
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(response).toContain('the host header appears more than once');
  });

  it('turns an unexpected failure into a 500 whose log line holds nothing from the request', async () => {
    const attach = vi.spyOn(EventStream.prototype, 'attach').mockImplementation(function (this: EventStream) {
      throw new TypeError('Invalid URL: /api/events?code=do-not-log-me');
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await request({ path: '/api/events?code=do-not-log-me', headers: { authorization: `Bearer ${server.token}`, cookie: 'firebreak-session-1=do-not-log-me' } });
      expect(response.status).toBe(500);
      expect(JSON.parse(response.body).error.code).toBe('internal');
      expect(logged).toHaveBeenCalledOnce();
      const line = logged.mock.calls.flat().join(' ');
      expect(line).toContain('TypeError');
      expect(line).not.toContain('do-not-log-me');
      expect(line).not.toContain(server.token);
    } finally {
      attach.mockRestore();
      logged.mockRestore();
    }
    expect((await request({ path: '/api/op/app.info', method: 'POST', headers: auth(), body: '{}' })).status).toBe(200);
  });

  it('fails cleanly when the port is taken', async () => {
    await expect(startServer({ dataDir, rendererDir, port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
