import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../../src-main/domain/scans/secretMatch';
import { genericNameRegex } from '../../../src-main/domain/scans/genericNameRegex';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';

const rules = loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));
const ruleSet = compileRules(rules);
const megabyte = 1024 * 1024;
const line = (unit: string) => unit.repeat(Math.ceil(megabyte / unit.length)).slice(0, megabyte);

// Hostile lines for the rules that wake on common words: each regex alone, on the whole line (no
// keyword windows), must stay linear. A backtracking regex takes minutes on these (a megabyte squared);
// a linear one well under a second even on a loaded machine. The bound tells the two apart and is no
// speed target: throughput is the secrets benchmark's.
const backtrackingMs = 2_000;
const hostile = {
  'key=key=': line('key='),
  'a…': line('a'),
  'token: token: ': line('token: '),
  'password=': line('password='),
  'apiKey: "aB3': line('apiKey: "aB3'),
  'Authorization: Bearer ': line('Authorization: Bearer '),
  '-----BEGIN PRIVATE KEY-----': line('-----BEGIN PRIVATE KEY-----\\nAAAA'),
  'https://u:': line('https://u:p'),
  'machine x login y ': line('machine x login y '),
  'curl -u ': line('curl -u a'),
  'LS0tLS1CRUdJTi': line('LS0tLS1CRUdJTiB'),
  'PuTTY-User-Key-File-3: ': line('PuTTY-User-Key-File-3: x\nPrivate-Lines: 1\nAAAA'),
};
const engineRules = ruleSet.rules.filter((rule) => /^(?:generic-|private-key|openssh|pgp|ssh2|putty|netrc|jwt|.*url-password|basic-auth-url|mssql|jdbc|ldap)/.test(rule.id));

describe('the generic and engine rules stay fast on hostile megabyte lines', () => {
  it('cover the rules they mean to', () => {
    expect(engineRules.map((rule) => rule.id)).toEqual(expect.arrayContaining(['generic-api-secret', 'generic-password-assignment', 'private-key-pem', 'netrc-password', 'scheme-url-password']));
  });

  it.each(Object.entries(hostile))('%s: no regex backtracks', (_, text) => {
    const slow: string[] = [];
    for (const rule of engineRules) {
      const started = performance.now();
      rule.regex.lastIndex = 0;
      for (let n = 0, match = rule.regex.exec(text); match && n < 10_000; n += 1, match = rule.regex.exec(text)) if (match[0].length === 0) rule.regex.lastIndex += 1;
      const ms = performance.now() - started;
      if (ms > backtrackingMs) slow.push(`${rule.id} ${ms.toFixed(0)} ms`);
    }
    expect(slow).toEqual([]);
  });

  it('the whole scan of such a line finishes in seconds, not minutes', () => {
    const started = performance.now();
    findSecrets(hostile['key=key='], ruleSet);
    findSecrets(hostile['apiKey: "aB3'], ruleSet);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('the generic rules in the rules file', () => {
  it('are the regexes genericNameRegex builds (edit the builder, then paste its output)', () => {
    const regexOf = (id: string) => rules.specs.find((rule) => rule.id === id)!.regex;
    expect(regexOf('generic-api-secret')).toBe(genericNameRegex('token'));
    expect(regexOf('generic-password-assignment')).toBe(genericNameRegex('password'));
  });
});
