import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redactionSecretRules } from '../../../src-main/services/redaction/rulesCache';
import { repoRoot } from '../../support/consoleServer';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-rules-cache-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const resources = path.join(work, 'resources');
const cacheDir = path.join(work, 'data', 'cache');
fs.mkdirSync(path.join(resources, 'rules'), { recursive: true });
const rulesFile = path.join(resources, 'rules', 'secrets.yaml');
const rule = (id: string) => `version: 1\nrules:\n  - id: ${id}\n    description: A test rule\n    regex: 'tok_[a-z]{20}'\n    keywords: [tok_]\n`;
const cached = () => fs.readdirSync(cacheDir).filter((name) => name.startsWith('secret-rules-'));

describe('the redaction rules cache', () => {
  it('keeps the parsed rules for the next process, and parses an edited file again', () => {
    fs.writeFileSync(rulesFile, rule('first-rule'));
    expect(redactionSecretRules(resources, cacheDir).specs.map((spec) => spec.id)).toEqual(['first-rule']);
    expect(cached()).toHaveLength(1);
    // An edit with a new size and time: a new cache entry, the new rule.
    fs.writeFileSync(rulesFile, rule('second-rule-with-a-longer-id'));
    fs.utimesSync(rulesFile, new Date(), new Date(Date.now() + 5_000));
    expect(redactionSecretRules(resources, cacheDir).specs.map((spec) => spec.id)).toEqual(['second-rule-with-a-longer-id']);
    expect(cached()).toHaveLength(2);
  });

  it('ignores a damaged cache entry and writes it again', () => {
    for (const name of cached()) fs.writeFileSync(path.join(cacheDir, name), '{"format":1,"specs":');
    fs.utimesSync(rulesFile, new Date(), new Date(Date.now() + 10_000));
    expect(redactionSecretRules(resources, cacheDir).specs.map((spec) => spec.id)).toEqual(['second-rule-with-a-longer-id']);
    const current = cached().map((name) => fs.readFileSync(path.join(cacheDir, name), 'utf8')).filter((text) => text.includes('second-rule'));
    expect(JSON.parse(current[0]!).specs[0].id).toBe('second-rule-with-a-longer-id');
  });

  it('still refuses a broken rules file with its precise error', () => {
    fs.writeFileSync(rulesFile, 'version: 1\nrules: [\n');
    fs.utimesSync(rulesFile, new Date(), new Date(Date.now() + 15_000));
    expect(() => redactionSecretRules(resources, cacheDir)).toThrow(/not valid YAML/);
  });

  it('gives back from the cache exactly what parsing the shipped rules gives', () => {
    const copy = path.join(work, 'shipped');
    fs.mkdirSync(path.join(copy, 'rules'), { recursive: true });
    const file = path.join(copy, 'rules', 'secrets.yaml');
    fs.copyFileSync(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'), file);
    const parsed = redactionSecretRules(copy, path.join(work, 'shipped-cache'));
    // Same bytes, a new time: read from the cache this time, not parsed.
    fs.utimesSync(file, new Date(), new Date(Date.now() + 20_000));
    const fromCache = redactionSecretRules(copy, path.join(work, 'shipped-cache'));
    expect(fromCache).not.toBe(parsed);
    expect(fromCache).toEqual(JSON.parse(JSON.stringify(parsed)));
    expect(fromCache.specs.length).toBeGreaterThanOrEqual(150);
  });
});
