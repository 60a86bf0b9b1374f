import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSecrets, fingerprint, withPositions } from '../../../src-main/domain/scans/secretMatch';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';
import { scanTree, fileClaims } from '../../../src-main/jobs/secrets/secretTreeScan';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';

const rulesFile = path.join(repoRoot, 'resources', 'rules', 'secrets.yaml');
const rules = loadSecretRules(rulesFile);
const ruleSet = compileRules(rules);
const random = seededRandom(11);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-scope-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const found = (text: string) => [...withPositions(text, findSecrets(text, ruleSet))].map(({ match, line, column }) => ({ rule: match.ruleId, line, column, fingerprint: fingerprint(match.secret) }));

describe('where the rules look', () => {
  it('finds a secret on a line among many lines that only mention tokens and keys, at its true place', () => {
    const secret = fillTemplate('{alnum:32}', random);
    const text = ['const tokenCache = new Map();', 'if (key in tokenCache) return tokenCache.get(key);', '  // refresh the token when the key rotates', `  api_token = "${secret}"`, 'return token;'].join('\n');
    expect(found(text)).toEqual([{ rule: 'generic-api-secret', line: 4, column: 16, fingerprint: fingerprint(secret) }]);
  });

  it('finds secrets whose keyword names the provider on another line (rules scoped to the file)', () => {
    const twilio = fillTemplate('SK{hex:32}', random);
    const body = fillTemplate('{b64:64}', random);
    const text = `# Twilio settings for the pager\nsid: ${twilio}\nkey: |\n  -----BEGIN RSA PRIVATE KEY-----\n  ${body}\n  ${body}\n  -----END RSA PRIVATE KEY-----\n`;
    expect(found(text).map(({ rule, line }) => [rule, line])).toEqual([
      ['twilio-api-key', 2],
      // A key block is reported from its BEGIN line: the whole block is the secret.
      ['private-key-pem', 4],
    ]);
  });

  it('keeps line and column right in a UTF-8 file whose earlier lines hold many multi-byte characters', async () => {
    const dir = path.join(work, 'utf8');
    fs.mkdirSync(dir);
    const token = fillTemplate('ghp_{alnum:36}', random);
    // 300 two-byte characters: byte offsets run 300 ahead of character offsets by the last line.
    const text = `${'é'.repeat(100)}\n${'ü'.repeat(100)} token\n${'ß'.repeat(100)}\nconst naïve = "café"; const token = "${token}";\n`;
    fs.writeFileSync(path.join(dir, 'notes.ts'), text);
    const { findings } = await scanTree({ root: dir, rules, honourGitignore: true, maxFileBytes: 1024 * 1024, lane: 0, claims: fileClaims(1) }, new AbortController().signal, () => {});
    const lastLine = text.split('\n')[3]!;
    expect(findings.map((finding) => [finding.rule, finding.line, finding.column, finding.fingerprint])).toEqual([['github-pat-classic', 4, lastLine.indexOf(token) + 1, fingerprint(token)]]);
  });
});

describe('the rules file', () => {
  it('is read again when it changes, and a broken one is a clear error', () => {
    const file = path.join(work, 'rules.yaml');
    const rule = (id: string) => `version: 1\nrules:\n  - id: ${id}\n    description: test rule\n    regex: 'tok_[a-z]{8}'\n    keywords: [tok_]\n`;
    fs.writeFileSync(file, rule('first-rule'));
    expect(loadSecretRules(file).specs.map((spec) => spec.id)).toEqual(['first-rule']);
    fs.writeFileSync(file, rule('second-rule-with-a-longer-id'));
    expect(loadSecretRules(file).specs.map((spec) => spec.id)).toEqual(['second-rule-with-a-longer-id']);
    fs.writeFileSync(file, `${rule('third')}    regex: '(unclosed'\n`);
    expect(() => loadSecretRules(file)).toThrow(/rules\.yaml: not valid YAML/);
    fs.writeFileSync(file, rule('bad-regex').replace("'tok_[a-z]{8}'", "'(unclosed'"));
    expect(() => loadSecretRules(file)).toThrow(/rules\.0\.regex: is not a valid regular expression/);
  });
});
