import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRules } from '../../../src-main/domain/scans/secretRules';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { redactionSecretRules } from '../../../src-main/services/redaction/rulesCache';
import { shippedRulesFor } from '../../../src-main/services/redaction/shippedRules';
import { repoRoot } from '../../support/consoleServer';
import { makeTestContext } from '../../support/serviceContext';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-rules-cache-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const resources = path.join(work, 'resources');
fs.mkdirSync(path.join(resources, 'rules'), { recursive: true });
const rulesFile = path.join(resources, 'rules', 'secrets.yaml');
const rule = (id: string) => `version: 1\nrules:\n  - id: ${id}\n    description: A test rule\n    regex: 'tok_[a-z]{20}'\n    keywords: [tok_]\n`;
const shippedSource = fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));
const shippedSha256 = createHash('sha256').update(shippedSource).digest('hex');

describe('the redaction rules', () => {
  it('are read again when the rules file is edited', () => {
    fs.writeFileSync(rulesFile, rule('first-rule'));
    expect(redactionSecretRules(resources).specs.map((spec) => spec.id)).toEqual(['first-rule']);
    fs.writeFileSync(rulesFile, rule('second-rule-with-a-longer-id'));
    fs.utimesSync(rulesFile, new Date(), new Date(Date.now() + 5_000));
    expect(redactionSecretRules(resources).specs.map((spec) => spec.id)).toEqual(['second-rule-with-a-longer-id']);
  });

  it('still refuse a broken rules file with its precise error', () => {
    fs.writeFileSync(rulesFile, 'version: 1\nrules: [\n');
    fs.utimesSync(rulesFile, new Date(), new Date(Date.now() + 15_000));
    expect(() => redactionSecretRules(resources)).toThrow(/not valid YAML/);
  });

  it('as the build gives them are exactly what parsing the shipped file gives, and only for its very bytes', () => {
    const parsed = parseRules(shippedSource.toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    // What scripts/build.mjs puts in the bundle: the file's hash and its rules, validated.
    const rules = { specs: parsed.specs, globalAllow: parsed.globalAllow };
    const shipped = { sha256: shippedSha256, rules };
    expect(shippedRulesFor(shippedSource, shipped)).toBe(rules);
    expect(rules.specs.length).toBeGreaterThanOrEqual(150);
    expect(shippedRulesFor(Buffer.concat([shippedSource, Buffer.from('\n')]), shipped)).toBeNull();
  });

  it('are not taken from a parsed copy in the data dir, which anyone who can write a file there could empty', async () => {
    const t = makeTestContext();
    try {
      // Where an earlier version kept its parsed copy, under the rules file's hash: no rules at all.
      const cache = path.join(t.dataDir, 'cache');
      fs.mkdirSync(cache, { recursive: true });
      fs.writeFileSync(path.join(cache, `secret-rules-${shippedSha256.slice(0, 32)}.json`), JSON.stringify({ format: 1, specs: [], globalAllow: [] }));
      const token = `ghp_${'A1b2C3d4E5f6G7h8I9j0'}${'K1l2M3n4O5p6Q7r8'}`;
      const checked = await dispatchAsync(t.ctx, 'text.check', { text: `the token ${token}` });
      expect(checked).toMatchObject({ ok: true, value: { redacted: expect.stringMatching(/^the token ghp_…\[redacted github-pat-classic /) } });
    } finally {
      t.close();
    }
  });
});
