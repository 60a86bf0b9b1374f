import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaybookProblem, PlaybookSummary } from '../../src-main/contract';
import { parsePlaybook } from '../../src-main/domain/playbooks/playbook';
import { createServiceContext, type ServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { runCli } from '../support/cli';
import { scaled } from '../support/torture';
import { aliasBomb } from '../support/hostileYaml';

const mine = `id: my-playbook
title: My playbook
steps:
  - id: first
    phase: Identify
    text: Look at it
`;

// Every file a hostile or careless hand can leave in <data dir>/playbooks/, and what the responder is told.
const expectedProblems: [string, number | null, string | RegExp][] = [
  ['binary.yaml', 1, 'is not valid UTF-8 text (binary data?)'],
  ['bomb.yaml', 2, 'its YAML aliases (*name) expand beyond 100 copies: refused as an alias bomb'],
  ['deep.yaml', 3, 'nested more than 64 levels deep: refused'],
  ['folder.yaml', null, 'is a folder, not a file'],
  ['huge.yaml', null, /^is 2048\.0 MB, larger than the 1\.0 MB limit/],
  ['loop.yaml', null, 'is a symbolic link loop (ELOOP)'],
  ['nul.yaml', 2, 'holds a NUL byte: binary data, not a text file'],
  // A broken file named like a shipped playbook does not take the shipped one down with it.
  ['secret-leaked.yaml', 2, 'its YAML aliases (*name) expand beyond 100 copies: refused as an alias bomb'],
];

describe('broken user playbooks beside good ones', () => {
  let dataDir: string;
  let userDir: string;
  let ctx: ServiceContext;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-userfiles-'));
    userDir = path.join(dataDir, 'playbooks');
    fs.mkdirSync(userDir);
    fs.writeFileSync(path.join(userDir, 'bomb.yaml'), aliasBomb());
    fs.writeFileSync(path.join(userDir, 'secret-leaked.yaml'), aliasBomb());
    fs.writeFileSync(path.join(userDir, 'deep.yaml'), `id: deep\ntitle: Deep\nsteps: ${'['.repeat(400_000)}${']'.repeat(400_000)}\n`);
    fs.writeFileSync(path.join(userDir, 'huge.yaml'), '');
    fs.truncateSync(path.join(userDir, 'huge.yaml'), 2 * 1024 * 1024 * 1024); // sparse: reading it would take seconds
    fs.writeFileSync(path.join(userDir, 'binary.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]));
    fs.writeFileSync(path.join(userDir, 'nul.yaml'), `id: nul\ntitle: a\0b\n`);
    fs.symlinkSync(path.join(userDir, 'loop.yaml'), path.join(userDir, 'loop.yaml'));
    fs.mkdirSync(path.join(userDir, 'folder.yaml'));
    fs.writeFileSync(path.join(userDir, 'mine.yaml'), mine);
    ctx = createServiceContext({ dataDir, transport: 'http' });
  });
  afterAll(() => {
    ctx.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function checkList(value: { playbooks: PlaybookSummary[]; problems: PlaybookProblem[] }): void {
    expect(value.playbooks.map((playbook) => playbook.id)).toEqual(expect.arrayContaining(['my-playbook', 'secret-leaked', 'ddos']));
    expect(value.playbooks).toHaveLength(18);
    expect(value.playbooks.find((playbook) => playbook.id === 'secret-leaked')).toMatchObject({ origin: 'shipped' });
    expect(value.problems.map((problem) => [path.basename(problem.file), problem.line, problem.message])).toEqual(
      expectedProblems.map(([file, line, message]) => [file, line, typeof message === 'string' ? message : expect.stringMatching(message)]),
    );
  }

  it('refuses a bomb in milliseconds, not seconds', () => {
    const started = performance.now();
    for (let round = 0; round < 10; round += 1) expect(parsePlaybook(aliasBomb(), 'bomb.yaml')).toHaveProperty('problem');
    expect((performance.now() - started) / 10).toBeLessThan(250);
  });

  it('over dispatch: lists every good playbook and names each broken file; declaring works for several scenarios', () => {
    const listed = dispatch(ctx, 'playbook.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    checkList(listed.value as { playbooks: PlaybookSummary[]; problems: PlaybookProblem[] });
    const scenarios = ['secret-leaked', 'data-breach', 'my-playbook', 'ddos'];
    const count = scaled(scenarios.length, 200);
    for (let index = 0; index < count; index += 1) {
      const scenario = scenarios[index % scenarios.length]!;
      expect(dispatch(ctx, 'incident.declare', { title: `Declared beside broken playbooks ${index}`, severity: 'P2', scenario })).toMatchObject({ ok: true, value: { scenario } });
    }
    // The default scenario too.
    expect(dispatch(ctx, 'incident.declare', { title: 'No scenario named', severity: 'P3' })).toMatchObject({ ok: true });
    expect(dispatch(ctx, 'playbook.get', { id: 'my-playbook' })).toMatchObject({ ok: true, value: { origin: 'user' } });
  });

  it('over the CLI --json: one envelope each, and validate exits 1 for a bad file and 2 for one it cannot read', () => {
    const list = runCli(dataDir, ['playbook', 'list', '--json']);
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(1);
    checkList(list.json.value);

    for (const scenario of ['secret-leaked', 'my-playbook']) {
      const declared = runCli(dataDir, ['incident', 'declare', '--title', `CLI ${scenario}`, '--severity', 'P1', '--scenario', scenario, '--json']);
      expect(declared.status).toBe(0);
      expect(declared.json).toMatchObject({ ok: true, value: { scenario } });
    }

    const bomb = runCli(dataDir, ['playbook', 'validate', path.join(userDir, 'bomb.yaml'), '--json']);
    expect(bomb.status).toBe(1);
    expect(bomb.stdout.trim().split('\n')).toHaveLength(1);
    expect(bomb.json).toEqual({ ok: true, value: { valid: false, problem: { file: path.join(userDir, 'bomb.yaml'), line: 2, path: '', message: expectedProblems[1]![2] } } });
    for (const bad of ['deep.yaml', 'huge.yaml', 'binary.yaml']) {
      const run = runCli(dataDir, ['playbook', 'validate', path.join(userDir, bad), '--json']);
      expect([bad, run.status, run.stdout.trim().split('\n').length, run.json.value.valid]).toEqual([bad, 1, 1, false]);
    }
    for (const unreadable of ['loop.yaml', 'folder.yaml', 'missing.yaml']) {
      const run = runCli(dataDir, ['playbook', 'validate', path.join(userDir, unreadable), '--json']);
      expect([unreadable, run.status, run.stdout.trim().split('\n').length]).toEqual([unreadable, 2, 1]);
      expect(run.json).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringContaining(path.join(userDir, unreadable)) } });
    }
    const good = runCli(dataDir, ['playbook', 'validate', path.join(userDir, 'mine.yaml'), '--json']);
    expect(good.status).toBe(0);
    expect(good.json).toMatchObject({ ok: true, value: { valid: true, playbook: { id: 'my-playbook' } } });

    // Human output names the skipped file and line on stderr and still lists the rest.
    const human = runCli(dataDir, ['playbook', 'list']);
    expect(human.status).toBe(0);
    expect(human.stderr).toContain(`firebreak: skipped ${path.join(userDir, 'bomb.yaml')}:2: its YAML aliases`);
    expect(human.stdout).toContain('my-playbook');
  });

  it('names the broken file when the scenario asked for is the broken one', () => {
    expect(dispatch(ctx, 'incident.declare', { title: 'Bomb scenario', severity: 'P2', scenario: 'bomb' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining(`the playbook for scenario 'bomb' is broken and was skipped: ${path.join(userDir, 'bomb.yaml')}:2`) },
    });
  });
});
