import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { apiCall, serveConsole, tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('crash safety', () => {
  it('keeps every note whose call returned ok when the server is killed with SIGKILL mid-stream', async () => {
    const served = await serveConsole(dataDir);
    const declared = await apiCall(served, 'incident.declare', { title: 'Crash drill', severity: 'P1' });
    const id = declared.body.value.id as string;

    const total = 1_000;
    // A random point, with several requests in flight when the kill lands.
    const killAfter = 50 + Math.floor(Math.random() * 900);
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < total && !killed) {
        const text = `note ${next++}`;
        try {
          const { body } = await apiCall(served, 'incident.addNote', { id, text });
          if (body.ok) acknowledged.push(text);
        } catch {
          return; // connection refused or reset: the server is gone
        }
        if (!killed && acknowledged.length >= killAfter) {
          killed = true;
          served.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await new Promise<void>((resolve) => (served.child.exitCode !== null || served.child.signalCode !== null ? resolve() : served.child.once('exit', () => resolve())));
    expect(served.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);
    expect(acknowledged.length).toBeLessThan(total);

    const db = new BetterSqlite3(path.join(dataDir, 'firebreak.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const shown = runCli(dataDir, ['incident', 'show', id, '--json']);
    const stored = new Set((shown.json.value.timeline as { type: string; payload: { text: string } }[]).filter((entry) => entry.type === 'incident.noteAdded').map((entry) => entry.payload.text));
    const lost = acknowledged.filter((text) => !stored.has(text));
    console.log(`crash-safety: killed after ${killAfter}, ${acknowledged.length} acknowledged, ${stored.size} stored, ${lost.length} lost`);
    expect(lost).toEqual([]);
    const verified = runCli(dataDir, ['incident', 'verify', id, '--json']);
    expect(verified.status).toBe(0);
    expect(verified.json.value).toMatchObject({ intact: true, events: shown.json.value.timeline.length });
  });
});
