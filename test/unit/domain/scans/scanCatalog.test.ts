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
    expect(scanLinks.length).toBe(17);
    for (const link of scanLinks) expect(findScanKind(link.kind), `${link.file} ${link.step}`).toBeDefined();
    const runnable = scanLinks.filter((link) => findScanKind(link.kind)!.runnable);
    // Seven playbooks call for a log search; the four supply-chain ones audit lockfiles, compare SBOMs or hash artifacts.
    expect(runnable.map((link) => link.kind).sort()).toEqual(['dependencies', 'dependencies', 'dependencies', 'dependencies', 'dependencies', 'integrity', 'integrity', 'integrity', 'logs', 'logs', 'logs', 'logs', 'logs', 'logs', 'logs', 'secrets', 'secrets']);
    expect(scanCatalog.filter((kind) => kind.runnable).map((kind) => kind.id)).toEqual(['secrets', 'logs', 'dependencies', 'integrity']);
  });

  it('names the tab each kind runs on', () => {
    expect(Object.fromEntries(scanCatalog.map((kind) => [kind.id, /on the (\w+(?: \w+)?) tab\.$/.exec(kind.detail)?.[1]]))).toEqual({ secrets: 'Scans', logs: 'Logs', dependencies: 'Supply chain', integrity: 'Supply chain' });
  });

  it('links the supply-chain steps of the shipped playbooks to the commands that do them', () => {
    const commands = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
      .flatMap((file) => {
        const parsed = parsePlaybook(fs.readFileSync(path.join(dir, file), 'utf8'), file);
        if ('problem' in parsed) throw new Error(`${file}: ${parsed.problem.message}`);
        return parsed.playbook.steps.filter((step) => ['dependencies', 'integrity'].includes(step.action?.target ?? '') && step.command).map((step) => `${file} ${step.id}: ${step.command!.match(/firebreak \w+ \w+/g)?.join(', ')}`);
      });
    expect(commands.sort()).toEqual([
      'malicious-dependency.yaml list-dependencies: firebreak scan lockdiff',
      'malicious-dependency.yaml rebuild-clean: firebreak integrity snapshot, firebreak integrity check',
      'sbom-integrity-violation.yaml regenerate-sbom: firebreak sbom generate, firebreak sbom diff',
      'slsa-provenance-failure.yaml rebuild-reproducibly: firebreak integrity snapshot, firebreak integrity check',
      'vulnerable-dependency.yaml scan-dependencies: firebreak scan deps',
      'vulnerable-dependency.yaml verify-audit: firebreak scan deps',
    ]);
  });

  it('is served by scan.kinds', () => {
    const t = makeTestContext();
    try {
      const result = dispatch(t.ctx, 'scan.kinds', {});
      expect(result).toMatchObject({ ok: true, value: { kinds: expect.arrayContaining([expect.objectContaining({ id: 'dependencies', label: 'dependency scan', runnable: true })]) } });
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
