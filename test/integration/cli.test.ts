import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliThroughShell } from '../support/cli';
import { cliPath, tempDataDir } from '../support/consoleServer';

let dataDir: string;
beforeAll(() => {
  dataDir = tempDataDir();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('firebreak CLI', () => {
  it('declares an incident and prints exactly one envelope with its id', () => {
    const run = runCli(dataDir, ['incident', 'declare', '--title', 'Stripe key in CI log', '--severity', 'P1', '--impact', 'C,I', '--commander', 'Ana', '--json']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.json).toMatchObject({ ok: true, value: { id: expect.stringMatching(/^INC-\d{8}-\d{6}(-\d+)?$/), severity: 'P1', impact: { confidentiality: true, integrity: true, availability: false }, commander: 'Ana' } });
  });

  it('lists incidents as value.incidents[] and shows one with its timeline', () => {
    const list = runCli(dataDir, ['incident', 'list', '--json']);
    expect(list.status).toBe(0);
    const [first] = list.json.value.incidents;
    expect(first.title).toBe('Stripe key in CI log');
    expect(runCli(dataDir, ['incident', 'note', first.id, 'Key rolled in the dashboard', '--json']).json).toMatchObject({ ok: true, value: { seq: 3 } });
    expect(runCli(dataDir, ['incident', 'status', first.id, 'contained', '--json']).json).toMatchObject({ ok: true, value: { status: 'Contained' } });
    expect(runCli(dataDir, ['incident', 'severity', first.id, 'P2', '--json']).json).toMatchObject({ ok: true, value: { severity: 'P2' } });
    const shown = runCli(dataDir, ['incident', 'show', first.id]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('Key rolled in the dashboard');
    expect(shown.stdout).toContain('Status Active → Contained');
    expect(runCli(dataDir, ['incident', 'verify', first.id, '--json']).json).toMatchObject({ ok: true, value: { intact: true, events: 5 } });

    // A status set by mistake moves back only with --reason, and the timeline says so.
    expect(runCli(dataDir, ['incident', 'status', first.id, 'active', '--json'])).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: expect.stringContaining('needs a reason') } } });
    expect(runCli(dataDir, ['incident', 'status', first.id, 'active', '--reason', 'the key still works', '--json']).json).toMatchObject({ ok: true, value: { status: 'Active' } });
    expect(runCli(dataDir, ['incident', 'show', first.id]).stdout).toContain('Status moved back Contained → Active: the key still works');
  });

  it('admits a device key that begins with a dash, as one key in 64 does, without needing --', () => {
    expect(runCli(dataDir, ['vault', 'status']).status).toBe(0); // makes this laptop's own device key, which signs the admission
    const declared = runCli(dataDir, ['incident', 'declare', '--title', 'Shared with a second laptop', '--severity', 'P2', '--json']).json;
    const key = `-DhiPHMrSKeLW75QvGHP0iwnIBayiENSQx4mXi-uyEA`;
    const added = runCli(dataDir, ['incident', 'member', 'add', declared.value.id, key, '--name', 'Bob', '--json']);
    expect(added.json).toMatchObject({ ok: true, value: { incidentId: declared.value.id, actorKey: key, name: 'Bob' } });
    // A mistyped option is still no key: the key's own check names it.
    expect(runCli(dataDir, ['incident', 'member', 'add', declared.value.id, '--nmae', '--name', 'Bob', '--json']).json).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('exits 2 with a specific error for bad input, in human and JSON mode, and writes nothing', () => {
    const before = runCli(dataDir, ['incident', 'list', '--all', '--json']).json.value.incidents.length;
    const cases: [string[], RegExp][] = [
      [['--title', '', '--severity', 'P1'], /title must not be empty/],
      [['--title', 'x', '--severity', 'P9'], /unknown severity 'P9'.*expected one of P0, P1, P2, P3/],
      [['--title', 'x'.repeat(100_000), '--severity', 'P1'], /title must be at most 200 characters/],
      [['--title', 'x', '--severity', 'P1', '--impact', 'Q'], /--impact 'Q' is not a list of C, I and A/],
      [['--severity', 'P1'], /required option '--title <title>' not specified/],
    ];
    for (const [args, message] of cases) {
      const json = runCli(dataDir, ['incident', 'declare', ...args, '--json']);
      expect(json.status, args.join(' ')).toBe(2);
      expect(json.json.ok).toBe(false);
      expect(json.json.error.message).toMatch(message);
      const human = runCli(dataDir, ['incident', 'declare', ...args]);
      expect(human.status).toBe(2);
      expect(human.stderr).toMatch(message);
      expect(human.stdout).toBe('');
    }
    const invalidUtf8 = runCliThroughShell(dataDir, `incident declare --title "$(printf 'caf\\xe9 \\xff\\xfe')" --severity P1 --json`);
    expect(invalidUtf8.status).toBe(2);
    expect(invalidUtf8.json.error.message).toBe('title is not valid UTF-8 text (malformed bytes or unpaired surrogates)');
    expect(runCli(dataDir, ['incident', 'list', '--all', '--json']).json.value.incidents).toHaveLength(before);
  });

  it('answers unknown commands and incidents with an envelope and exit 2', () => {
    expect(runCli(dataDir, ['incident', 'explode', '--json'])).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input' } } });
    expect(runCli(dataDir, ['incident', 'show', 'INC-20990101-000000', '--json'])).toMatchObject({ status: 2, json: { ok: false, error: { code: 'not-found' } } });
  });

  it('says the disk is full in one line, exit 2, when any command cannot write its output', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      for (const args of [['severity', 'schemes'], ['severity', 'schemes', '--json'], ['incident', 'list', '--json'], ['incident', 'show', 'INC-20990101-000000', '--json']]) {
        const run = spawnSync(process.execPath, [cliPath, ...args], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir }, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
        expect(run.stderr, args.join(' ')).toBe('firebreak: could not write the output: no space left on device (ENOSPC)\n');
        expect(run.status, args.join(' ')).toBe(2);
      }
    } finally {
      fs.closeSync(full);
    }
  });

  it('switches the severity scheme through settings', () => {
    expect(runCli(dataDir, ['settings', '--scheme', 'sev-1-4', '--json']).json).toMatchObject({ ok: true, value: { activeSchemeId: 'sev-1-4' } });
    expect(runCli(dataDir, ['incident', 'declare', '--title', 'DB down', '--severity', 'SEV-1', '--json']).json).toMatchObject({ ok: true, value: { severity: 'SEV-1', sla: { responseMinutes: 15 } } });
    expect(runCli(dataDir, ['settings', '--scheme', 'nope', '--json'])).toMatchObject({ status: 2, json: { error: { message: expect.stringContaining("unknown severity scheme 'nope'") } } });
  });
});
