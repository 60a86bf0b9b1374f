import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src-main/server/server';

let server: RunningServer;
let dataDir: string;
let rendererDir: string;
let now = Date.parse('2026-12-01T09:00:00.000Z');

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-drill-watch-'));
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Firebreak</title>');
  server = await startServer({ dataDir, rendererDir, clock: () => new Date(now) });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

async function op<T>(name: string, input: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/op/${name}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const envelope = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error?.message}`);
  return envelope.value;
}

describe('the console delivers drill injects by itself', () => {
  it('pushes drill.inject and writes the inject on the timeline once the drill clock reaches it, with no request', async () => {
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${server.port}/api/events`, { headers: { authorization: `Bearer ${server.token}` }, signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // the ": connected" comment

    const { id, run } = await op<{ id: string; run: { injects: { id: string; title: string; trigger: { minute?: number } }[] } }>('drill.start', { drillId: 'leaked-api-key' });
    const first = run.injects.filter((inject) => inject.trigger.minute !== undefined).sort((a, b) => a.trigger.minute! - b.trigger.minute!)[0]!;
    await op('drill.clock', { id, action: 'start' });
    now += (first.trigger.minute! + 1) * 60_000;

    let received = '';
    const deadline = Date.now() + 10_000;
    while (!received.includes('"type":"drill.inject"') && Date.now() < deadline) received += (await reader.read()).value;
    controller.abort();
    const pushed = received
      .split('\n\n')
      .map((chunk) => chunk.replace(/^data: /, '').trim())
      .filter((chunk) => chunk.startsWith('{'))
      .map((chunk) => JSON.parse(chunk) as { type: string })
      .filter((event) => event.type === 'drill.inject');
    expect(pushed).toEqual([{ type: 'drill.inject', incidentId: id, injectId: first.id, title: first.title }]);

    // incident.timeline only reads: the watcher wrote this.
    const timeline = await op<{ entries: { type: string; summary: string }[] }>('incident.timeline', { id });
    expect(timeline.entries.filter((entry) => entry.type === 'drill.injected').map((entry) => entry.summary)).toEqual([expect.stringContaining(`(by the clock): ${first.title}`)]);
  });
});
