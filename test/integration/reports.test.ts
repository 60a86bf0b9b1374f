import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { copyCliForAnyUser } from '../support/portableCli';

const dataDir = tempDataDir();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-reports-'));
let id: string;

beforeAll(() => {
  id = runCli(dataDir, ['incident', 'declare', '--title', 'Checkout `down` | #1', '--severity', 'P0', '--impact', 'A', '--json']).json.value.id;
  runCli(dataDir, ['incident', 'note', id, 'Rolled back the deploy']);
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const headings = (markdown: string) => markdown.split('\n').filter((line) => /^#{1,2} /.test(line));

describe('firebreak report', () => {
  it('prints the incident report as Markdown with # headings, the same on every run', () => {
    const run = runCli(dataDir, ['report', id]);
    expect(run.status, run.stderr).toBe(0);
    expect(headings(run.stdout)).toEqual(expect.arrayContaining([`# Incident report: ${id} — Checkout \\\`down\\\` \\| \\#1`, '## Summary', '## Impact', '## Timeline', '## Root Cause', '## Action Items']));
    expect(run.stdout).toContain('Rolled back the deploy');
    expect(runCli(dataDir, ['report', id]).stdout).toBe(run.stdout);
  });

  it('prints the postmortem with the runbooks\' sections', () => {
    const run = runCli(dataDir, ['report', id, '--kind', 'postmortem']);
    expect(headings(run.stdout)).toEqual([
      `# Postmortem: ${id} — Checkout \\\`down\\\` \\| \\#1`,
      ...['Summary', 'Impact', 'Timeline', 'Root Cause', 'Detection', 'Response', 'What Went Well', 'What Could Be Improved', 'Action Items', 'Prevention'].map((name) => `## ${name}`),
    ]);
  });

  it('writes the report to a file or a folder, whole, and says where with its hash', () => {
    const file = path.join(work, 'out.md');
    const run = runCli(dataDir, ['report', id, '-o', file, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const bytes = fs.readFileSync(file);
    expect(run.json.value).toEqual({ incidentId: id, kind: 'incident', path: file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(bytes.toString('utf8')).toBe(`${runCli(dataDir, ['report', id]).stdout}`);
    const inFolder = runCli(dataDir, ['report', id, '--kind', 'postmortem', '-o', work, '--json']);
    expect(inFolder.json.value.path).toBe(path.join(work, `${id}-postmortem.md`));
    expect(fs.readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('names a missing folder, a folder where the file should be, and a folder it may not write', () => {
    const missing = runCli(dataDir, ['report', id, '-o', path.join(work, 'nowhere', 'r.md'), '--json']);
    expect(missing).toMatchObject({ status: 2, json: { ok: false, error: { code: 'not-found', message: `the folder ${path.join(work, 'nowhere')} does not exist: create it first or write the report elsewhere` } } });

    fs.mkdirSync(path.join(work, 'taken', `${id}-report.md`), { recursive: true });
    const folderInTheWay = runCli(dataDir, ['report', id, '-o', path.join(work, 'taken'), '--json']);
    expect(folderInTheWay).toMatchObject({ status: 2, json: { error: { code: 'invalid-input', message: expect.stringContaining('is a folder, not a file') } } });

    // root may write anywhere: the refusal is shown by running the CLI as nobody.
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-reports-shared-'));
    onTestFinished(() => fs.rmSync(shared, { recursive: true, force: true }));
    fs.chmodSync(shared, 0o777);
    const data = path.join(shared, 'data');
    fs.cpSync(dataDir, data, { recursive: true });
    spawnSync('chown', ['-R', '65534:65534', data]);
    const locked = path.join(shared, 'locked');
    fs.mkdirSync(locked, { mode: 0o755 });
    const portable = copyCliForAnyUser();
    onTestFinished(() => fs.rmSync(portable.root, { recursive: true, force: true }));
    const run = spawnSync(process.execPath, [portable.cliPath, 'report', id, '-o', path.join(locked, 'r.md'), '--json'], {
      env: { ...process.env, FIREBREAK_DATA_DIR: data, HOME: data },
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`cannot write the report in ${locked}: permission denied`) } });
  });

  it('refuses an unknown kind and an unknown incident', () => {
    expect(runCli(dataDir, ['report', id, '--kind', 'summary', '--json'])).toMatchObject({ status: 2, json: { error: { code: 'invalid-input' } } });
    expect(runCli(dataDir, ['report', 'INC-20991231-000000', '--json'])).toMatchObject({ status: 2, json: { error: { code: 'not-found' } } });
  });
});

describe('firebreak template and comms', () => {
  it('lists the templates as value.templates[] with id and title', () => {
    const run = runCli(dataDir, ['template', 'list', '--json']);
    expect(run.status).toBe(0);
    expect(run.json.value.templates).toContainEqual(expect.objectContaining({ id: 'status-update', title: 'Status update' }));
    expect(run.json.value.templates).toHaveLength(10);
    expect(runCli(dataDir, ['template', 'list']).stdout).toMatch(/^statuspage-resolved\s+public\s+shipped/m);
  });

  it('renders a template for an incident: the text on stdout, what to fill in on stderr', () => {
    const run = runCli(dataDir, ['template', 'render', 'status-update', '--incident', id]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Subject: \\[UPDATE\\] Security Incident ${id} - Active\n`));
    expect(run.stdout).toContain('Severity: P0 (Critical)');
    expect(run.stdout).toContain('[fill in: next steps]');
    expect(run.stderr).toMatch(/^To fill in: .*next steps/);
    const json = runCli(dataDir, ['template', 'render', 'status-update', '--incident', id, '--json']);
    expect(json.json.value).toMatchObject({ templateId: 'status-update', missing: expect.arrayContaining(['next steps']), nextUpdateAt: expect.any(String) });
  });

  it('records a message sent, its text from stdin, on the timeline with the next update due', () => {
    const run = runCli(dataDir, ['comms', 'sent', id, 'status-update', '--channel', '#incident-42', '--json'], { input: 'Checkout is back for most users.\n' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.json.value).toMatchObject({ incidentId: id, templateId: 'status-update', channel: '#incident-42', nextUpdateAt: expect.any(String) });
    const timeline = runCli(dataDir, ['incident', 'show', id, '--json']).json.value.timeline;
    expect(timeline.at(-1)).toMatchObject({ type: 'comms.sent', payload: { body: 'Checkout is back for most users.' }, summary: expect.stringMatching(/^Status update sent \(#incident-42\): next update due \d\d:\d\d UTC$/) });
    expect(runCli(dataDir, ['report', id]).stdout).toMatch(/\| Status update \| \\#incident-42 \|/);
    expect(runCli(dataDir, ['incident', 'verify', id]).status).toBe(0);
  });
});
