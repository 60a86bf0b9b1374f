import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { phases } from '../../../src-main/contract';
import { parsePlaybook } from '../../../src-main/domain/playbooks/playbook';

const dir = path.resolve('resources', 'playbooks');
const files = fs.readdirSync(dir).filter((name) => name.endsWith('.yaml'));

describe('shipped playbooks', () => {
  it('cover every scenario the runbooks name', () => {
    const ids = files.map((file) => file.replace('.yaml', '')).sort();
    expect(ids).toEqual(
      [
        'api-abuse', 'credential-compromise', 'data-breach', 'ddos', 'generic', 'idor', 'malicious-dependency', 'malicious-file-upload',
        'prompt-injection', 'sbom-integrity-violation', 'secret-leaked', 'slsa-provenance-failure', 'sql-injection', 'system-compromise',
        'unauthorized-access', 'vulnerability-disclosure', 'vulnerable-dependency',
      ].sort(),
    );
  });

  it.each(files)('%s validates, uses only known phases in order, and gives every critical step its text', (file) => {
    const result = parsePlaybook(fs.readFileSync(path.join(dir, file), 'utf8'), file);
    if ('problem' in result) throw new Error(`${result.problem.file}:${result.problem.line} ${result.problem.path}: ${result.problem.message}`);
    const { playbook } = result;
    expect(`${playbook.id}.yaml`).toBe(file);
    const used = playbook.steps.map((step) => phases.indexOf(step.phase));
    expect(used.every((index) => index >= 0)).toBe(true);
    expect(used).toEqual([...used].sort((a, b) => a - b));
    for (const step of playbook.steps.filter((candidate) => candidate.critical)) expect(step.text.trim().length).toBeGreaterThan(10);
    expect(playbook.steps.some((step) => step.critical && step.phase === 'Contain') || playbook.id === 'generic' || playbook.steps.some((step) => step.critical)).toBe(true);
    expect(new Set(playbook.steps.map((step) => step.phase)).size).toBe(6);
  });
});
