import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src-main/domain/playbooks/playbook';
import { parseYamlUnderLimits } from '../../../src-main/domain/userYaml';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { readBaseline } from '../../../src-main/services/scans/secretScan';
import { readUserFile } from '../../../src-main/services/userFiles';
import { aliasBomb } from '../../support/hostileYaml';


describe('YAML under limits', () => {
  it('refuses an alias bomb at its first alias, in milliseconds', () => {
    const started = Date.now();
    expect(parseYamlUnderLimits(aliasBomb())).toEqual({ ok: false, line: 2, message: 'its YAML aliases (*name) expand beyond 100 copies: refused as an alias bomb' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('still expands a few ordinary aliases', () => {
    const parsed = parseYamlUnderLimits('base: &base {phase: Identify}\nsteps: [*base, *base]\n');
    expect(parsed).toMatchObject({ ok: true, value: { steps: [{ phase: 'Identify' }, { phase: 'Identify' }] } });
  });

  it('refuses nesting beyond the limit before the parser recurses into it, flow or block', () => {
    // Half a million brackets crash the yaml package's composer (stack, then heap) if it ever sees them.
    const started = Date.now();
    expect(parseYamlUnderLimits(`id: x\nsteps: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`)).toEqual({ ok: false, line: 2, message: 'nested more than 64 levels deep: refused' });
    let block = '';
    for (let level = 0; level < 100; level += 1) block += `${' '.repeat(level)}k${level}:\n`;
    expect(parseYamlUnderLimits(block)).toMatchObject({ ok: false, line: 65, message: 'nested more than 64 levels deep: refused' });
    expect(parseYamlUnderLimits(`${'- '.repeat(80)}x\n`)).toMatchObject({ ok: false, line: 1 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('counts lines through block scalars, so the line named is the deep one', () => {
    const source = `detail: |\n  one\n  two [\n\nsteps:\n  - ${'['.repeat(70)}\n`;
    expect(parseYamlUnderLimits(source)).toMatchObject({ ok: false, line: 6 });
  });

  it('accepts nesting a playbook really uses', () => {
    expect(parseYamlUnderLimits('a:\n  b:\n    - c: [1, [2, {d: "[[[["}]]\n      e: |\n        [[[[[[\n')).toMatchObject({ ok: true });
  });

  it('refuses a parse that runs out of time', () => {
    let clock = 0;
    // Each look at the clock costs a second: the pre-scan sees the budget spent.
    const slow = parseYamlUnderLimits(`steps:\n${'  - a\n'.repeat(10_000)}`, { maxAliases: 100, maxDepth: 64, timeMs: 10_000 }, () => (clock += 1_000));
    expect(slow).toEqual({ ok: false, line: null, message: 'took longer than 10000 ms to parse: refused' });
  });

  it('gives a playbook problem with file and line for each refusal', () => {
    expect(parsePlaybook(aliasBomb(), 'bomb.yaml')).toEqual({ problem: { file: 'bomb.yaml', line: 2, path: '', message: expect.stringContaining('alias bomb') } });
  });

  it('refuses a playbook with more steps than any runbook has', () => {
    const steps = Array.from({ length: 501 }, (_, index) => `  - {id: s${index}, phase: Identify, text: Step ${index}}`).join('\n');
    expect(parsePlaybook(`id: long\ntitle: Long\nsteps:\n${steps}\n`, 'long.yaml')).toMatchObject({ problem: { path: 'steps', message: 'must be at most 500 steps' } });
  });
});

describe('reading a user file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-userfile-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a huge file from its size alone, without reading it', () => {
    const file = path.join(dir, 'huge.yaml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 4 * 1024 * 1024 * 1024); // 4 GB, sparse: reading it would take seconds
    const started = Date.now();
    expect(readUserFile(file, 1024 * 1024)).toEqual({ ok: false, problem: { kind: 'invalid', file, line: null, message: 'is 4096.0 MB, larger than the 1.0 MB limit: refused without reading it' } });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('names binary data and invalid UTF-8 with their line', () => {
    const nul = path.join(dir, 'nul.yaml');
    fs.writeFileSync(nul, 'id: x\ntitle: a\0b\n');
    expect(readUserFile(nul, 1024)).toMatchObject({ ok: false, problem: { kind: 'invalid', line: 2, message: 'holds a NUL byte: binary data, not a text file' } });
    const latin1 = path.join(dir, 'latin1.yaml');
    fs.writeFileSync(latin1, Buffer.concat([Buffer.from('id: x\n\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(readUserFile(latin1, 1024)).toMatchObject({ ok: false, problem: { kind: 'invalid', line: 3, message: 'is not valid UTF-8 text (binary data?)' } });
  });

  it('says a symlink loop, a folder, a named pipe or a missing file cannot be read, and does not hang', () => {
    const loop = path.join(dir, 'loop.yaml');
    fs.symlinkSync(loop, loop);
    expect(readUserFile(loop, 1024)).toMatchObject({ ok: false, problem: { kind: 'unreadable', message: 'is a symbolic link loop (ELOOP)' } });
    fs.mkdirSync(path.join(dir, 'folder.yaml'));
    expect(readUserFile(path.join(dir, 'folder.yaml'), 1024)).toMatchObject({ ok: false, problem: { kind: 'unreadable', message: 'is a folder, not a file' } });
    expect(readUserFile(path.join(dir, 'missing.yaml'), 1024)).toMatchObject({ ok: false, problem: { kind: 'unreadable', message: 'does not exist (ENOENT)' } });
    const fifo = path.join(dir, 'pipe.yaml');
    if (spawnSync('mkfifo', [fifo]).status === 0) expect(readUserFile(fifo, 1024)).toMatchObject({ ok: false, problem: { kind: 'unreadable', message: 'is a named pipe, not a file' } });
  });

  it('holds the secret rules file to the same limits: an error naming the file, never a crash', () => {
    const rules = path.join(dir, 'rules.yaml');
    fs.writeFileSync(rules, aliasBomb());
    expect(() => loadSecretRules(rules)).toThrow(expect.objectContaining({ code: 'invalid-input', message: `${rules}: its YAML aliases (*name) expand beyond 100 copies: refused as an alias bomb (line 2)` }));
    fs.rmSync(rules);
    fs.mkdirSync(rules);
    expect(() => loadSecretRules(rules)).toThrow(expect.objectContaining({ code: 'io-error', message: `the secret rules file ${rules} is a folder, not a file` }));
  });

  it('reads ordinary text', () => {
    const file = path.join(dir, 'ok.yaml');
    fs.writeFileSync(file, 'id: café\n');
    expect(readUserFile(file, 1024)).toMatchObject({ ok: true, text: 'id: café\n' });
  });
});

describe('a scan baseline is a user file too', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-baseline-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a huge, binary, null or folder baseline with invalid-input naming it, never a crash', () => {
    const file = path.join(dir, 'baseline.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 1024 * 1024 * 1024);
    expect(() => readBaseline(file)).toThrow(expect.objectContaining({ code: 'invalid-input', message: `the baseline ${file} is 1024.0 MB, larger than the 64.0 MB limit: refused without reading it` }));
    fs.writeFileSync(file, 'null');
    expect(() => readBaseline(file)).toThrow(expect.objectContaining({ code: 'invalid-input', message: `the baseline ${file} is not a list of fingerprints or an earlier --json result` }));
    fs.writeFileSync(file, Buffer.from([0xff, 0xfe, 0x7b]));
    expect(() => readBaseline(file)).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('is not valid UTF-8 text') }));
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(() => readBaseline(file)).toThrow(expect.objectContaining({ code: 'invalid-input', message: `cannot read the baseline ${file}: it is a folder, not a file` }));
  });
});
