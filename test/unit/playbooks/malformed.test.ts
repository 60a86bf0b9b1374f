import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlaybookSummary } from '../../../src-main/contract';
import { parsePlaybook } from '../../../src-main/domain/playbooks/playbook';
import { dispatch } from '../../../src-main/services/dispatch';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

const valid = `id: my-playbook
title: My playbook
steps:
  - id: first
    phase: Identify
    text: Look at it
`;

describe('a malformed playbook', () => {
  it('names the line of a YAML syntax error', () => {
    expect(parsePlaybook('id: broken\ntitle: one\ntitle: two\nsteps: []\n', 'dup.yaml')).toEqual({
      problem: { file: 'dup.yaml', line: 3, path: '', message: 'not valid YAML: Map keys must be unique' },
    });
    // An unclosed bracket is noticed where the sequence should have ended: the next line.
    expect(parsePlaybook('id: broken\ntitle: [unclosed\nsteps: []\n', 'broken.yaml')).toMatchObject({ problem: { line: 3, message: expect.stringMatching(/^not valid YAML: .*end with a \]/) } });
  });

  it('names the line and path of an unknown phase', () => {
    const source = valid.replace('phase: Identify', 'phase: Panic');
    expect(parsePlaybook(source, 'x.yaml')).toEqual({
      problem: { file: 'x.yaml', line: 5, path: 'steps.0.phase', message: 'must be one of Identify, Triage, Contain, Eradicate, Recover, Learn' },
    });
  });

  it('names the step whose text is missing, at the step\'s line', () => {
    const source = valid.replace('    text: Look at it\n', '    critical: true\n');
    expect(parsePlaybook(source, 'x.yaml')).toEqual({ problem: { file: 'x.yaml', line: 4, path: 'steps.0.text', message: 'is required' } });
  });

  it('refuses duplicate step ids and unknown keys', () => {
    const duplicate = `${valid}  - id: first\n    phase: Triage\n    text: Again\n`;
    expect(parsePlaybook(duplicate, 'x.yaml')).toMatchObject({ problem: { line: 7, path: 'steps.1.id', message: "duplicate step id 'first'" } });
    expect(parsePlaybook(valid.replace('title:', 'titel: x\ntitle:'), 'x.yaml')).toMatchObject({ problem: { line: 1, message: expect.stringContaining('titel') } });
  });
});

describe('loading playbooks with a broken file among them', () => {
  let t: TestContext;
  let userDir: string;
  beforeEach(() => {
    t = makeTestContext();
    userDir = path.join(t.dataDir, 'playbooks');
    fs.mkdirSync(userDir);
  });
  afterEach(() => t.close());

  it('reports the broken file precisely and still loads every other playbook', () => {
    fs.writeFileSync(path.join(userDir, 'bad-yaml.yaml'), 'id: x\ntitle: [\n');
    fs.writeFileSync(path.join(userDir, 'bad-phase.yaml'), valid.replace('phase: Identify', 'phase: Party').replace('my-playbook', 'bad-phase'));
    fs.writeFileSync(path.join(userDir, 'binary.yaml'), Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    fs.writeFileSync(path.join(userDir, 'mine.yaml'), valid);
    const result = dispatch(t.ctx, 'playbook.list', {});
    if (!result.ok) throw new Error(result.error.message);
    const { playbooks, problems } = result.value as { playbooks: PlaybookSummary[]; problems: { file: string; line: number | null; message: string }[] };
    expect(playbooks.map((playbook) => playbook.id)).toContain('my-playbook');
    expect(playbooks.find((playbook) => playbook.id === 'my-playbook')).toMatchObject({ origin: 'user', phases: ['Identify'] });
    expect(playbooks).toHaveLength(18);
    expect(problems.map((problem) => [path.basename(problem.file), problem.line, problem.message])).toEqual([
      ['bad-phase.yaml', 5, 'must be one of Identify, Triage, Contain, Eradicate, Recover, Learn'],
      ['bad-yaml.yaml', 3, expect.stringMatching(/^not valid YAML/)],
      ['binary.yaml', 1, 'is not valid UTF-8 text (binary data?)'],
    ]);
    // The console still declares incidents with the playbooks that loaded.
    expect(dispatch(t.ctx, 'incident.declare', { title: 'Works', severity: 'P2', scenario: 'my-playbook' })).toMatchObject({ ok: true });
  });

  it('reads at most a thousand files from a flooded folder, and says so', () => {
    for (let index = 0; index < 1_005; index += 1) fs.writeFileSync(path.join(userDir, `p${String(index).padStart(4, '0')}.yaml`), valid.replace('my-playbook', `p${index}`));
    const result = dispatch(t.ctx, 'playbook.list', {});
    if (!result.ok) throw new Error(result.error.message);
    const { playbooks, problems } = result.value as { playbooks: PlaybookSummary[]; problems: { file: string; message: string }[] };
    expect(playbooks.filter((playbook) => playbook.origin === 'user')).toHaveLength(1_000);
    expect(problems).toEqual([{ file: userDir, line: null, path: '', message: 'holds 1005 .yaml files: only the first 1000 by name were read' }]);
  });

  it('says when the playbooks folder cannot be read, and still loads the shipped ones', () => {
    fs.rmSync(userDir, { recursive: true });
    fs.writeFileSync(userDir, 'a file where the folder should be');
    const result = dispatch(t.ctx, 'playbook.list', {});
    if (!result.ok) throw new Error(result.error.message);
    const { playbooks, problems } = result.value as { playbooks: PlaybookSummary[]; problems: { file: string; message: string }[] };
    expect(playbooks).toHaveLength(17);
    expect(problems).toEqual([{ file: userDir, line: null, path: '', message: 'the playbooks folder cannot be read (ENOTDIR): none of its playbooks were loaded' }]);
  });
});
