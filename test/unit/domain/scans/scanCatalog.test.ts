import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../../src-main/domain/playbooks/playbook';
import { findScanKind, scanCatalog } from '../../../../src-main/domain/scans/scanCatalog';
import { dispatch } from '../../../../src-main/services/dispatch';
import { makeTestContext } from '../../../support/serviceContext';

const dir = path.resolve('resources', 'playbooks');
const scanLinks = fs
  .readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .flatMap((file) => {
    const parsed = parsePlaybook(fs.readFileSync(path.join(dir, file), 'utf8'), file);
    if ('problem' in parsed) throw new Error(`${file}: ${parsed.problem.message}`);
    return parsed.playbook.steps.filter((step) => step.action?.type === 'scan').map((step) => ({ file, step: step.id, kind: step.action!.target }));
  });

const playbook = (target: string) => `id: my-playbook
title: My playbook
steps:
  - id: first
    phase: Identify
    text: Look for it
    action:
      type: scan
      target: ${target}
`;

describe('the scan catalogue', () => {
  it('knows every kind the shipped playbooks link to, and says which the console runs', () => {
    expect(scanLinks.length).toBe(14);
    for (const link of scanLinks) expect(findScanKind(link.kind), `${link.file} ${link.step}`).toBeDefined();
    const runnable = scanLinks.filter((link) => findScanKind(link.kind)!.runnable);
    // Seven playbooks call for a log search: each links to the Logs tab now.
    expect(runnable.map((link) => link.kind).sort()).toEqual(['logs', 'logs', 'logs', 'logs', 'logs', 'logs', 'logs', 'secrets', 'secrets']);
    expect(scanCatalog.filter((kind) => kind.runnable).map((kind) => kind.id)).toEqual(['secrets', 'logs']);
  });

  it('tells, for a kind not runnable yet, what to use meanwhile', () => {
    for (const kind of scanCatalog.filter((candidate) => !candidate.runnable)) expect(kind.detail, kind.id).toMatch(/not .* by the console yet: .+/);
  });

  it('is served by scan.kinds', () => {
    const t = makeTestContext();
    try {
      const result = dispatch(t.ctx, 'scan.kinds', {});
      expect(result).toMatchObject({ ok: true, value: { kinds: expect.arrayContaining([expect.objectContaining({ id: 'dependencies', label: 'dependency scan', runnable: false })]) } });
    } finally {
      t.close();
    }
  });
});

describe('a playbook scan link', () => {
  it('to a known kind loads', () => {
    expect(parsePlaybook(playbook('dependencies'), 'x.yaml')).toHaveProperty('playbook');
  });

  it('to an unknown kind is refused at its line, naming the kinds there are', () => {
    expect(parsePlaybook(playbook('malware'), 'x.yaml')).toEqual({
      problem: { file: 'x.yaml', line: 9, path: 'steps.0.action.target', message: "unknown scan kind 'malware': must be one of secrets, logs, dependencies, integrity" },
    });
  });
});
