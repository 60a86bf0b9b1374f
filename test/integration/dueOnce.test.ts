import { spawn } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { databaseFileName } from '../../src-main/store/database';
import { cliPath, tempDataDir } from '../support/consoleServer';

const incidents = 12;
let dataDir: string;
beforeAll(() => {
  dataDir = tempDataDir();
  // Declared a day and a bit ago: all four escalation steps of each are due at once.
  let now = Date.now() - 25 * 3_600_000;
  const ctx = createServiceContext({ dataDir, transport: 'cli', clock: () => new Date((now += 1_000)) });
  for (let i = 0; i < incidents; i += 1) {
    const result = dispatch(ctx, 'incident.declare', { title: `Incident ${i}`, severity: 'P1' });
    if (!result.ok) throw new Error(result.error.message);
  }
  ctx.db.close();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** `firebreak incident reminders --json` as its own process, started without waiting for the others. */
function remindersList(): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, 'incident', 'reminders', '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('due work checked by several processes at the same moment', () => {
  it('raises every escalation step exactly once', async () => {
    const runs = await Promise.all([remindersList(), remindersList(), remindersList()]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ status: 0 });
    // Each process lists the same pending reminders: whichever raised one, the others see it.
    for (const run of runs) expect((JSON.parse(run.stdout) as { value: { reminders: unknown[] } }).value.reminders).toHaveLength(incidents * 4);

    const db = new Database(`${dataDir}/${databaseFileName}`, { readonly: true });
    try {
      const raised = db.prepare("SELECT incident_id || ' ' || json_extract(payload, '$.key') AS what, count(*) AS n FROM events WHERE type = 'escalation.due' GROUP BY what").all() as { what: string; n: number }[];
      expect(raised).toHaveLength(incidents * 4);
      expect(raised.filter((row) => row.n !== 1)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
