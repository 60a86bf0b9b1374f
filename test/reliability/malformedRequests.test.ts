import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationNames } from '../../src-main/contract';
import { apiCall, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';
import { rawRequest, type RawAnswer } from '../support/rawHttp';
import { scaled } from '../support/torture';

const work = tempDataDir('firebreak-malformed-');
let served: ServedConsole;
let host: string;

interface Case {
  name: string;
  head: string | Buffer;
  options?: Parameters<typeof rawRequest>[2];
  /** Defaults to any 4xx. */
  status?: number;
  check?: (answer: RawAnswer) => void;
}

/** One request as bytes, with a correct length unless the case says otherwise. */
function message(method: string, target: string, headers: string[], body: string | Buffer = '', withLength = true): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, ...headers, ...(withLength ? [`Content-Length: ${bytes.length}`] : [])];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}

/** The head of a request whose remaining headers and body follow in `options.body`. */
function openHead(method: string, target: string, headers: string[]): Buffer {
  return Buffer.from(`${[`${method} ${target} HTTP/1.1`, `Host: ${host}`, ...headers].join('\r\n')}\r\n`, 'latin1');
}

const json = 'Content-Type: application/json';
const bearer = () => `Authorization: Bearer ${served.token}`;
const bigBody = 5 * 1024 * 1024;

/** Everything a page, a script or a broken client can send to one operation. */
function operationCases(op: string): Case[] {
  const target = `/api/op/${op}`;
  const authed = [bearer(), json];
  return [
    { name: 'no credentials', head: message('POST', target, [json], '{}'), status: 401 },
    { name: 'wrong token', head: message('POST', target, [`Authorization: Bearer ${'x'.repeat(43)}`, json], '{}'), status: 401 },
    { name: 'forged cookie', head: message('POST', target, [`Cookie: firebreak-session-${served.port}=${'A'.repeat(43)}`, json], '{}'), status: 401 },
    { name: 'token without Bearer', head: message('POST', target, [`Authorization: ${served.token}`, json], '{}'), status: 401 },
    { name: 'GET', head: message('GET', target, [bearer()]), status: 405 },
    { name: 'PUT', head: message('PUT', target, authed, '{}'), status: 405 },
    { name: 'DELETE', head: message('DELETE', target, authed), status: 405 },
    { name: 'text/plain', head: message('POST', target, [bearer(), 'Content-Type: text/plain'], '{}'), status: 415 },
    { name: 'form content-type', head: message('POST', target, [bearer(), 'Content-Type: application/x-www-form-urlencoded'], 'a=1'), status: 415 },
    { name: 'no content-type', head: message('POST', target, [bearer()], '{}'), status: 415 },
    { name: 'invalid JSON', head: message('POST', target, authed, '{"id":'), status: 400 },
    { name: 'invalid UTF-8', head: message('POST', target, authed, Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')])), status: 400 },
    { name: 'array input', head: message('POST', target, authed, '[1,2,3]'), status: 400 },
    { name: 'string input', head: message('POST', target, authed, '"incident"'), status: 400 },
    { name: 'wrong field types', head: message('POST', target, authed, '{"id":42,"title":false,"paths":"x","scope":7}'), status: 400 },
    { name: 'unknown field', head: message('POST', target, authed, '{"zzUnknown":true}'), status: 400 },
    { name: 'prototype key', head: message('POST', target, authed, '{"__proto__":{"admin":true}}'), status: 400 },
    { name: 'deep nesting', head: message('POST', target, authed, `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`), status: 400 },
    {
      name: 'declared oversized body',
      head: openHead('POST', target, authed),
      options: { body: Buffer.concat([Buffer.from(`Content-Length: ${bigBody}\r\n\r\n`), Buffer.alloc(bigBody, 0x20)]), pieceBytes: 256 * 1024, pauseMs: 20 },
      status: 413,
      check: (answer) => expect(answer.sent, 'the 413 came before the body was sent in full').toBeLessThan(bigBody),
    },
    { name: 'Content-Length with Transfer-Encoding', head: message('POST', target, [...authed, 'Transfer-Encoding: chunked'], '2\r\n{}\r\n0\r\n\r\n'), status: 400 },
    { name: 'two Content-Lengths', head: message('POST', target, [...authed, 'Content-Length: 5'], '{}'), status: 400 },
    { name: 'foreign origin', head: message('POST', target, [...authed, 'Origin: https://evil.example'], '{}'), status: 403 },
    { name: 'cross-site fetch', head: message('POST', target, [...authed, 'Sec-Fetch-Site: cross-site'], '{}'), status: 403 },
    { name: 'foreign host', head: Buffer.from(`POST ${target} HTTP/1.1\r\nHost: evil.example\r\n${bearer()}\r\n${json}\r\nContent-Length: 2\r\n\r\n{}`), status: 403 },
    { name: 'malformed escape in the name', head: message('POST', `${target}%`, authed, '{}'), status: 400 },
  ];
}

/** Requests that are not HTTP a server should act on: each still deserves an answer. */
function protocolCases(): Case[] {
  const authed = [bearer(), json];
  const raw = (text: string) => Buffer.from(text, 'latin1');
  const start = `Host: ${host}\r\n${bearer()}\r\n`;
  const post = (headers: string, body = '') => raw(`POST /api/op/app.info HTTP/1.1\r\n${start}${json}\r\n${headers}\r\n${body}`);
  const chunk = Buffer.concat([Buffer.from('40000\r\n'), Buffer.alloc(0x40000, 0x20), Buffer.from('\r\n')]);
  return [
    { name: '//', head: message('GET', '//', []) },
    { name: '// with token', head: message('GET', '//', [bearer()]) },
    { name: '///api/op/app.info', head: message('POST', '///api/op/app.info', authed, '{}') },
    { name: '/%', head: message('GET', '/%', [bearer()]), status: 400 },
    { name: '/%zz', head: message('GET', '/%zz', [bearer()]), status: 400 },
    { name: '/%ff', head: message('GET', '/%ff', [bearer()]), status: 400 },
    { name: '/%00', head: message('GET', '/%00', [bearer()]), status: 400 },
    { name: '/api/%', head: message('POST', '/api/%', authed, '{}'), status: 400 },
    { name: '100 KB URL', head: message('GET', `/${'a'.repeat(100 * 1024)}`, [bearer()]) },
    { name: '9 KB URL', head: message('GET', `/${'a'.repeat(9 * 1024)}`, [bearer()]), status: 414 },
    { name: '100 KB header', head: message('GET', '/', [bearer(), `X-Big: ${'b'.repeat(100 * 1024)}`]), status: 431 },
    { name: 'absolute-form target', head: message('GET', `http://${host}/`, [bearer()]), status: 400 },
    { name: 'asterisk target', head: message('OPTIONS', '*', [bearer()]), status: 400 },
    { name: 'unknown method', head: message('FOO', '/', [bearer()]), status: 400 },
    { name: 'lower-case method', head: message('get', '/', [bearer()]), status: 400 },
    { name: 'PATCH on the page', head: message('PATCH', '/', authed, '{}'), status: 405 },
    { name: 'POST on events', head: message('POST', '/api/events', authed, '{}'), status: 405 },
    { name: 'POST on /open', head: message('POST', '/open', [json], '{}'), status: 405 },
    { name: 'made-up code', head: message('GET', `/open?code=${'A'.repeat(43)}`, []), status: 403 },
    { name: 'garbage code', head: message('GET', '/open?code=%zz%', []), status: 403 },
    { name: 'unknown API path', head: message('POST', '/api/nothing', authed, '{}'), status: 404 },
    { name: 'CONNECT', head: raw('CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n'), status: 405 },
    { name: 'garbage request line', head: raw('hello there\r\n\r\n'), status: 400 },
    { name: 'binary request line', head: Buffer.from([0, 1, 2, 3, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]), status: 400 },
    { name: 'TLS hello on plain HTTP', head: Buffer.from('16030100a5010000a10303', 'hex'), options: { endAfterWrite: true }, status: 400 },
    { name: 'HTTP/9.9', head: raw(`GET / HTTP/9.9\r\n${start}\r\n`), status: 400 },
    { name: 'HTTP/1.1 without Host', head: raw(`GET / HTTP/1.1\r\n${bearer()}\r\n\r\n`), status: 400 },
    { name: 'HTTP/1.0 without Host', head: raw(`GET / HTTP/1.0\r\n${bearer()}\r\n\r\n`), status: 403 },
    { name: 'two Hosts', head: raw(`GET / HTTP/1.1\r\n${start}Host: evil.example\r\n\r\n`), status: 400 },
    { name: 'two Authorizations', head: raw(`GET / HTTP/1.1\r\n${start}Authorization: Bearer nope\r\n\r\n`), status: 400 },
    { name: 'same Content-Length twice', head: message('POST', '/api/op/app.info', [...authed, 'Content-Length: 2'], '{}'), status: 400 },
    { name: 'two Transfer-Encodings', head: post('Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n', '2\r\n{}\r\n0\r\n\r\n'), status: 400 },
    { name: 'unknown Transfer-Encoding', head: post('Transfer-Encoding: xchunked\r\n'), status: 400 },
    { name: 'bad chunk size', head: post('Transfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n'), status: 400 },
    { name: 'negative Content-Length', head: post('Content-Length: -1\r\n'), status: 400 },
    { name: 'Content-Length in exponent form', head: post('Content-Length: 1e3\r\n'), status: 400 },
    { name: 'header without colon', head: raw(`GET / HTTP/1.1\r\n${start}Broken header\r\n\r\n`), status: 400 },
    { name: 'space in header name', head: raw(`GET / HTTP/1.1\r\n${start}Bad Name: x\r\n\r\n`), status: 400 },
    { name: 'NUL in header value', head: raw(`GET / HTTP/1.1\r\n${start}X-Nul: a\0b\r\n\r\n`), status: 400 },
    { name: 'bare CR in header', head: raw(`GET / HTTP/1.1\r\n${start}X-Cr: a\rb\r\n\r\n`), status: 400 },
    { name: 'folded header', head: raw(`GET / HTTP/1.1\r\n${start}X-Fold: a\r\n b\r\n\r\n`), status: 400 },
    { name: 'Expect with an unknown value', head: post('Expect: wat\r\nContent-Length: 2\r\n', '{}'), status: 417 },
    { name: 'websocket upgrade', head: raw(`GET /api/op/app.info HTTP/1.1\r\n${start}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`), status: 405 },
    {
      name: 'chunked body past the limit',
      head: raw(`POST /api/op/incident.declare HTTP/1.1\r\n${start}${json}\r\nTransfer-Encoding: chunked\r\n\r\n`),
      options: { body: Buffer.concat(Array.from({ length: 32 }, () => chunk)), pieceBytes: 256 * 1024, pauseMs: 10 },
      status: 413,
      check: (answer) => expect(answer.sent, 'the 413 came before the body was sent in full').toBeLessThan(8 * 1024 * 1024),
    },
    { name: 'slow body', head: openHead('POST', '/api/op/app.info', authed), options: { body: Buffer.from('Content-Length: 100\r\n\r\n{'), timeoutMs: 30_000 }, status: 408 },
    { name: 'slow headers', head: raw(`GET / HTTP/1.1\r\n${start}X-Slow: 1\r\n`), options: { timeoutMs: 30_000 }, status: 408 },
  ];
}

/** Mutates one refused request at random bytes: whatever comes out must still be refused. */
function mutatedCases(count: number): Case[] {
  const base = message('POST', '/api/op/incident.declare', [bearer(), json], '{"title":"Leak","severity":"P1","zzUnknown":1}');
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, index) => {
    const bytes = Buffer.from(base);
    for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    // The end of input lets the server tell a cut-short request from a slow one.
    return { name: `mutation ${index}`, head: bytes, options: { endAfterWrite: true } };
  });
}

interface Result {
  name: string;
  answer: RawAnswer;
  expected?: number;
}

async function runAll(cases: Case[], concurrency: number): Promise<Result[]> {
  const results: Result[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cases.length) {
        const item = cases[next++]!;
        const answer = await rawRequest(served.port, item.head, item.options);
        results.push({ name: item.name, answer, expected: item.status });
        item.check?.(answer);
      }
    }),
  );
  return results;
}

beforeAll(async () => {
  served = await serveConsole(path.join(work, 'data'));
  host = `127.0.0.1:${served.port}`;
  fs.mkdirSync(path.join(work, 'disk'));
  fs.writeFileSync(path.join(work, 'disk', 'image.raw'), '');
  fs.truncateSync(path.join(work, 'disk', 'image.raw'), scaled(1, 4) * 1024 ** 3);
});
afterAll(async () => {
  await served.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the browser-mode server under malformed requests', () => {
  it('answers every one with a 4xx and keeps serving, with a long job running throughout', async () => {
    const incident = (await apiCall(served, 'incident.declare', { title: 'Under attack', severity: 'P1' })).body.value;
    // A collection started before the barrage must finish after it, untouched.
    let collectedAt = 0;
    const output = path.join(work, 'out', 'disk.tar.gz');
    const collecting = apiCall(served, 'evidence.collect', { paths: [path.join(work, 'disk')], output, incidentId: incident.id }).then((result) => {
      collectedAt = Date.now();
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const cases: Case[] = [];
    for (let round = 0; round < scaled(1, 5); round++) {
      for (const op of operationNames) cases.push(...operationCases(op).map((item) => ({ ...item, name: `${op}: ${item.name}` })));
      cases.push(...protocolCases());
    }
    cases.push(...mutatedCases(scaled(100, 3_000)));
    const barrageStarted = Date.now();
    const results = await runAll(cases, 8);
    const barrageEnded = Date.now();

    const describe = ({ name, answer, expected }: Result) => `${name}: got ${answer.status || answer.head.slice(0, 60)}, expected ${expected ?? '4xx'}`;
    const unexpected = results.filter(({ answer, expected }) => (expected ? answer.status !== expected : answer.status < 400 || answer.status >= 500));
    expect(unexpected.map(describe)).toEqual([]);
    expect(served.child.exitCode).toBeNull();
    console.log(`malformed requests: ${results.length} sent across ${operationNames.length} operations, all refused with a 4xx, in ${barrageEnded - barrageStarted} ms`);

    const info = await apiCall(served, 'app.info', {});
    expect(info.status).toBe(200);
    const note = await apiCall(served, 'incident.addNote', { id: incident.id, text: 'still here after the barrage' });
    expect(note.status).toBe(200);
    const collected = await collecting;
    expect(collected.body).toMatchObject({ ok: true });
    expect(collectedAt, 'the collection was still running when the barrage began').toBeGreaterThan(barrageStarted);
    const verified = await apiCall(served, 'incident.verify', { id: incident.id });
    expect(verified.body.value).toMatchObject({ intact: true });
  });
});
