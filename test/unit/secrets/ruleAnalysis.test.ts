import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseRules, analysisDigest } from '../../../src-main/domain/scans/secretRuleAnalysis';
import { findSecrets } from '../../../src-main/domain/scans/secretMatch';
import { parseRules, type SecretRules } from '../../../src-main/domain/scans/secretRules';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';

const spec = (id: string, regex: string, keywords: string[], extra: Partial<SecretRules['specs'][number]> = {}) => ({ id, description: id, regex, flags: '', keywords, scope: 'line' as const, allow: [], first: false, ...extra });
const rules: SecretRules = {
  specs: [
    spec('demo-token', 'tok(?<=\\btok)_(?<secret>[a-z0-9]{12})\\b', ['tok']),
    spec('demo-file-token', '\\bauth_token\\s*=\\s*(?<secret>[0-9a-f]{16})\\b', ['demoprovider'], { scope: 'file' }),
    // Runs first: its analysis must still be the one made for it, whatever the order rules run in.
    spec('demo-url', 'https?://[^:\\s]+:(?<secret>[^@\\s]{8,})@', ['http'], { first: true }),
  ],
  globalAllow: [],
};
const shape = (compiled: ReturnType<typeof compileRules>) => compiled.rules.map((rule) => ({ id: rule.id, sticky: rule.sticky !== null, literals: rule.literals }));
const text = 'x tok_a1b2c3d4e5f6\ndemoprovider:\nauth_token = 8f3a9c1d7e2b4a60\nurl = https://deploy:Hunter2Hunter2@example.com\n';

describe('the rules’ analysis, made once and handed to every worker', () => {
  const fresh = compileRules(rules);

  it('is used as handed over when it was made from these specs', () => {
    expect(shape(compileRules({ ...rules, analysis: analyseRules(rules.specs) }))).toEqual(shape(fresh));
    // Trusted as is: an analysis saying no rule is anchored makes none sticky.
    const saysNothing = { digest: analysisDigest(rules.specs), anchored: [false, false, false], literals: [null, null, null], required: [null, null, null] };
    expect(shape(compileRules({ ...rules, analysis: saysNothing })).map((rule) => rule.sticky)).toEqual([false, false, false]);
  });

  it('is ignored, and the specs read again, when made from other specs or malformed', () => {
    const edited = { ...rules, specs: rules.specs.map((rule) => (rule.id === 'demo-token' ? { ...rule, regex: `(?:x)?${rule.regex}` } : rule)) };
    const stale = compileRules({ ...edited, analysis: analyseRules(rules.specs) });
    expect(shape(stale)).toEqual(shape(compileRules(edited)));
    expect(shape(stale).find((rule) => rule.id === 'demo-token')?.sticky).toBe(false);
    const short = { digest: analysisDigest(rules.specs), anchored: [false], literals: [null], required: [null] };
    expect(shape(compileRules({ ...rules, analysis: short }))).toEqual(shape(fresh));
    const keywordsChanged = { ...rules, specs: rules.specs.map((rule) => ({ ...rule, keywords: [...rule.keywords, 'zz'] })) };
    expect(analysisDigest(keywordsChanged.specs)).not.toBe(analysisDigest(rules.specs));
  });

  it('finds the same secrets handed over or read here', () => {
    const expected = findSecrets(text, fresh).map((match) => [match.ruleId, match.secret]);
    expect(expected).toHaveLength(3);
    expect(findSecrets(text, compileRules({ ...rules, analysis: analyseRules(rules.specs) })).map((match) => [match.ruleId, match.secret])).toEqual(expected);
  });

  it('of the shipped rules, survives the copy to a worker and compiles them exactly as reading them does', () => {
    const parsed = parseRules(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'resources', 'rules', 'secrets.yaml'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    const shipped = { specs: parsed.specs, globalAllow: parsed.globalAllow };
    const handed = structuredClone({ ...shipped, analysis: analyseRules(shipped.specs) });
    expect(shape(compileRules(handed))).toEqual(shape(compileRules(shipped)));
  });
});
