import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(dataDir, args);

describe('firebreak action', () => {
  it('adds, lists overdue first, edits, finishes and reopens, each on the timeline, with exit codes and one JSON envelope', () => {
    const id = cli('incident', 'declare', '--title', 'Deploy key leaked', '--severity', 'P1', '--json').json.value.id as string;
    expect(cli('action', 'list', id)).toMatchObject({ status: 0, stdout: expect.stringContaining(`Add one with: firebreak action add ${id}`) });
    expect(cli('action', 'add', id, 'Rotate deploy keys', '--owner', 'Dana', '--due', '2099-12-04')).toMatchObject({ status: 0, stdout: `Added ${id} A1 OPEN: Rotate deploy keys (owner Dana, due 2099-12-04)\n` });
    const late = cli('action', 'add', id, 'Write the postmortem', '--due', '2020-01-31', '--json');
    expect(late).toMatchObject({ status: 0, json: { ok: true, value: { id: 'A2', overdue: true, owner: '' } } });
    expect(late.stdout.trim().split('\n')).toHaveLength(1);

    const listed = cli('action', 'list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('2 open action item(s) for any real incident, 1 overdue:');
    // Overdue first, whatever the order they were added in.
    expect(listed.stdout.indexOf('A2')).toBeLessThan(listed.stdout.indexOf('A1'));
    expect(listed.stdout).toContain('2020-01-31 OVERDUE');

    expect(cli('action', 'edit', id, 'a2', '--owner', 'Lee', '--no-due')).toMatchObject({ status: 0, stdout: `${id} A2 OPEN: Write the postmortem (owner Lee, no due date)\n` });
    expect(cli('action', 'done', id, 'A1')).toMatchObject({ status: 0, stdout: expect.stringMatching(/A1 DONE: Rotate deploy keys \(owner Dana, due 2099-12-04, done by .+ at 20/) });
    expect(cli('action', 'list', id, '--json').json.value.items.map((item: { id: string }) => item.id)).toEqual(['A2']);
    expect(cli('action', 'list', id, '--all', '--json').json.value.items.map((item: { id: string }) => item.id)).toEqual(['A1', 'A2']);
    expect(cli('action', 'edit', id, 'A1', '--reopen', '--title', 'Rotate all deploy keys')).toMatchObject({ status: 0, stdout: expect.stringContaining('A1 OPEN: Rotate all deploy keys') });

    expect(cli('action', 'done', id, 'A9', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'not-found', message: `no action item A9 in ${id} (it has A1, A2)` } } });
    expect(cli('action', 'edit', id, 'A1', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input' } } });
    expect(cli('action', 'edit', id, 'A1', '--owner', 'Dana', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input' } } });
    expect(cli('action', 'add', id, 'x', '--due', '2026-13-01', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input' } } });

    const timeline = cli('incident', 'show', id, '--json').json.value.timeline.map((entry: { summary: string }) => entry.summary);
    expect(timeline.filter((line: string) => line.startsWith('Action item'))).toEqual([
      'Action item A1 added: Rotate deploy keys (owner Dana, due 2099-12-04)',
      'Action item A2 added: Write the postmortem (due 2020-01-31)',
      'Action item A2: owner (none) → Lee, due 2020-01-31 → no due date',
      'Action item A1 done',
      'Action item A1 reopened: title Rotate deploy keys → Rotate all deploy keys',
    ]);
    expect(cli('incident', 'verify', id)).toMatchObject({ status: 0 });
  });
});
