import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, IncidentPage } from '../../src-main/contract';
import { createServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { runCli } from '../support/cli';
import { cliPath, tempDataDir } from '../support/consoleServer';

let dataDir: string;

/** The list as the operation gives it in one answer, read after the CLI ran. */
function unpaged(): IncidentPage {
  const ctx = createServiceContext({ dataDir, transport: 'cli' });
  try {
    const result = dispatch(ctx, 'incident.list', { scope: 'all' });
    if (!result.ok) throw new Error(result.error.message);
    return result.value as IncidentPage;
  } finally {
    ctx.db.close();
  }
}

beforeAll(() => {
  dataDir = tempDataDir();
  // More incidents than the CLI reads per page (500), declared in 2025 so no SLA changes state while the test runs.
  let now = Date.parse('2025-03-01T00:00:00.000Z');
  const ctx = createServiceContext({ dataDir, transport: 'cli', clock: () => new Date(now) });
  ctx.db.pragma('synchronous = OFF'); // seeding only
  const ok = (name: string, input: unknown) => {
    const result = dispatch(ctx, name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as Incident;
  };
  ctx.db.transaction(() => {
    for (let i = 0; i < 620; i += 1) {
      if (i % 3 === 0) now += 60_000; // three at a time share a declaration second
      const { id } = ok('incident.declare', { title: `Incident ${i} "quoted" ünïcode`, severity: `P${i % 4}` });
      if (i % 5 === 1) ok('incident.acknowledge', { id });
      if (i % 4 === 2) ok('incident.setStatus', { id, status: 'Closed' });
    }
  })();
  ctx.db.close();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('incident list on the command line', () => {
  it('streams every incident as one JSON envelope equal to the unpaged list', () => {
    const run = runCli(dataDir, ['incident', 'list', '--all', '--json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const whole = unpaged();
    expect(whole.incidents).toHaveLength(620);
    expect(run.json).toEqual({ ok: true, value: { incidents: whole.incidents, total: 620, nextCursor: null } });

    const open = runCli(dataDir, ['incident', 'list', '--json']).json.value;
    expect(open.incidents.map((incident: Incident) => incident.id)).toEqual(whole.incidents.filter((incident) => incident.status !== 'Closed').map((incident) => incident.id));
    expect(open.total).toBe(open.incidents.length);
  });

  it('prints the table in the same order, one row per incident under one header', () => {
    const run = runCli(dataDir, ['incident', 'list', '--all']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEV\s+STATUS\s+SLA\s+IMPACT\s+COMMANDER\s+TITLE$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(unpaged().incidents.map((incident) => incident.id));
    // The first page sets the widths: rows of later pages line up under the header.
    const titleColumn = lines[0]!.indexOf('TITLE');
    expect(lines.slice(1).every((line) => line.slice(titleColumn).startsWith('Incident '))).toBe(true);
  });

  it('pages with --limit and --cursor, and says how to get the next page', () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: IncidentPage = runCli(dataDir, ['incident', 'list', '--all', '--limit', '250', ...(cursor ? ['--cursor', cursor] : []), '--json']).json.value;
      expect(page.total).toBe(620);
      ids.push(...page.incidents.map((incident) => incident.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(unpaged().incidents.map((incident) => incident.id));

    const human = runCli(dataDir, ['incident', 'list', '--all', '--limit', '2']);
    expect(human.stdout).toMatch(/2 of 620 shown\. Next page: firebreak incident list --all --limit 2 --cursor [A-Za-z0-9_-]+\n$/);
    expect(runCli(dataDir, ['incident', 'list', '--limit', 'ten', '--json'])).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: "--limit 'ten' is not a whole number of rows" } } });
    expect(runCli(dataDir, ['incident', 'list', '--limit', '5000', '--json'])).toMatchObject({ status: 2, json: { ok: false, error: { fields: [{ field: 'limit' }] } } });
  });

  it('stops quietly when the reader closes the pipe early', () => {
    const run = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cliPath}" incident list --all | head -n 3`], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('says the disk is full, without a stack trace, when the listing cannot be written', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      for (const args of [['--json'], []]) {
        const run = spawnSync(process.execPath, [cliPath, 'incident', 'list', '--all', ...args], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir }, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
        expect(run.status, args.join(' ')).not.toBe(0);
        expect(run.stderr, args.join(' ')).toMatch(/^firebreak: .*(no space left|ENOSPC)/im);
        expect(run.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
      }
    } finally {
      fs.closeSync(full);
    }
  });
});
