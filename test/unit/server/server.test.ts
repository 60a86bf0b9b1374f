import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src-main/server/server';

let server: RunningServer;
let dataDir: string;
let rendererDir: string;

/** Raw requests, so tests control Host and Origin exactly as an attacker could. */
function request(options: { path: string; method?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: options.path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

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
  it('listens on 127.0.0.1 only and hands out a URL carrying the token in its fragment', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{43}$`));
  });

  it('serves the console with the strict CSP', async () => {
    const page = await request({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('answers 401 to any API request without the token, before routing', async () => {
    for (const target of ['/api/op/incident.list', '/api/op/no.such', '/api/nothing-here', '/api/events']) {
      const response = await request({ path: target, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status, target).toBe(401);
      expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'unauthorized', message: 'a valid console token is required' } });
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
    expect(JSON.parse(response.body)).toEqual({ ok: true, value: { incidents: [] } });
  });

  it('refuses malformed bodies with a specific message', async () => {
    const badUtf8 = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","severity":"P1"}')]);
    const cases: [Buffer | string, string][] = [
      [badUtf8, 'the request body is not valid UTF-8'],
      ['{"title":', 'the request body is not valid JSON'],
      [Buffer.alloc(5 * 1024 * 1024, 0x20), 'the request body is larger than 4 MiB'],
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
      const response = await request({ path: target });
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
    expect(JSON.parse(received.replace(/^data: /, '').trim())).toEqual({ type: 'incident.changed', incidentId: id });
    controller.abort();
  });

  it('fails cleanly when the port is taken', async () => {
    await expect(startServer({ dataDir, rendererDir, port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
