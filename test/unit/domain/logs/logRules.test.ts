import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logCategories } from '../../../../src-main/contract/logs/logs';
import { parseLogRules } from '../../../../src-main/domain/logs/logRules';
import { repoRoot } from '../../../support/consoleServer';

const shipped = fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'logs.yaml'), 'utf8');

/** A rules file with one rule (fields as YAML lines) after a valid one. */
function withRule(lines: string[], thresholds = 'thresholds: { bruteForce: { failures: 10, windowMinutes: 5 }, rateLimit: { responses: 50, windowMinutes: 1 }, errorSpike: { minErrors: 10, factor: 5 }, scanning: { distinctNotFound: 30, windowMinutes: 5 } }'): string {
  return [
    'version: 1',
    thresholds,
    'rules:',
    '  - { id: rate-limited, category: rate-limit, severity: low, description: Too many requests, status: [429] }',
    ...lines.map((line, index) => `${index === 0 ? '  - ' : '    '}${line}`),
  ].join('\n');
}

const sqliRule = ['id: sqli-union', 'category: sqli', 'severity: high', 'description: Union select', 'fields: [query]'];

describe('the shipped log rules', () => {
  it('load, and cover every category the console shows', () => {
    const parsed = parseLogRules(shipped);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(new Set(parsed.specs.map((spec) => spec.category))).toEqual(new Set(logCategories));
    expect(parsed.thresholds.bruteForce).toEqual({ failures: 10, windowMinutes: 5 });
  });
});

describe('a rules file with a mistake is refused with where and what', () => {
  it('names the rule and says why a pattern does not compile', () => {
    const result = parseLogRules(withRule([...sqliRule, "pattern: 'union(select'", 'keywords: [union]']));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^rules\[1\] \(sqli-union\)\.pattern: does not compile: .*/) });
  });

  it('refuses an upper-case pattern, which could never match lower-cased text', () => {
    const result = parseLogRules(withRule([...sqliRule, "pattern: 'UNION\\s+select'", 'keywords: [union]']));
    expect(result).toEqual({ ok: false, message: 'rules[1] (sqli-union).pattern: must be lower-case: it runs on decoded, lower-cased text' });
  });

  it('accepts escapes such as \\S and \\W, which are not letters to match', () => {
    expect(parseLogRules(withRule([...sqliRule, "pattern: 'union\\S*\\Wselect'", 'keywords: [union]'])).ok).toBe(true);
  });

  it('wants keywords for every pattern, in lower case', () => {
    expect(parseLogRules(withRule([...sqliRule, "pattern: 'union'"]))).toEqual({ ok: false, message: 'rules[1] (sqli-union).keywords: a pattern needs keywords for the prefilter' });
    expect(parseLogRules(withRule([...sqliRule, "pattern: 'union'", 'keywords: [Union]']))).toEqual({ ok: false, message: 'rules[1] (sqli-union).keywords.0: keywords are lower-case' });
  });

  it('names an unknown field, category or severity', () => {
    expect(parseLogRules(withRule(['id: x-1', 'category: sqli', 'severity: high', 'description: d', 'fields: [cookie]', "pattern: 'a'", 'keywords: [a]']))).toEqual({
      ok: false,
      message: 'rules[1] (x-1).fields.0: must be one of path, query, body, userAgent, message, referrer',
    });
    expect(parseLogRules(withRule(['id: x-1', 'category: dos', 'severity: high', 'description: d', 'status: [500]']))).toMatchObject({ ok: false, message: expect.stringMatching(/^rules\[1\] \(x-1\)\.category: must be one of sqli, path-traversal/) });
    expect(parseLogRules(withRule(['id: x-1', 'category: sqli', 'severity: urgent', 'description: d', 'status: [500]']))).toMatchObject({ ok: false, message: expect.stringMatching(/^rules\[1\] \(x-1\)\.severity: must be one of critical/) });
  });

  it('refuses a rule that can match nothing, and half a status range', () => {
    expect(parseLogRules(withRule(['id: x-1', 'category: sqli', 'severity: high', 'description: d']))).toEqual({ ok: false, message: 'rules[1] (x-1).pattern: a rule needs a pattern, a status or a status range' });
    expect(parseLogRules(withRule(['id: x-1', 'category: error-spike', 'severity: info', 'description: d', 'statusFrom: 500']))).toEqual({ ok: false, message: 'rules[1] (x-1).statusTo: statusFrom and statusTo come together' });
    expect(parseLogRules(withRule(['id: x-1', 'category: error-spike', 'severity: info', 'description: d', 'statusFrom: 599', 'statusTo: 500']))).toEqual({ ok: false, message: 'rules[1] (x-1).statusTo: must not be below statusFrom (599)' });
  });

  it('refuses a duplicate id, an unknown key and a bad threshold', () => {
    expect(parseLogRules(withRule(['id: rate-limited', 'category: rate-limit', 'severity: low', 'description: d', 'status: [429]']))).toEqual({ ok: false, message: "rules[1] (rate-limited).id: duplicate rule id 'rate-limited'" });
    expect(parseLogRules(withRule(['id: x-1', 'category: sqli', 'severity: high', 'description: d', 'status: [500]', 'regex: a']))).toMatchObject({ ok: false, message: expect.stringMatching(/^rules\[1\] \(x-1\): .*regex/) });
    const badWindow = withRule(['id: x-1', 'category: error-spike', 'severity: info', 'description: d', 'status: [500]'], 'thresholds: { bruteForce: { failures: 10, windowMinutes: 0 }, rateLimit: { responses: 50, windowMinutes: 1 }, errorSpike: { minErrors: 10, factor: 5 }, scanning: { distinctNotFound: 30, windowMinutes: 5 } }');
    expect(parseLogRules(badWindow)).toMatchObject({ ok: false, message: expect.stringMatching(/^thresholds\.bruteForce\.windowMinutes: /) });
  });

  it('says on which line the YAML breaks', () => {
    expect(parseLogRules('version: 1\nrules: [\n')).toMatchObject({ ok: false, message: expect.stringMatching(/^not valid YAML: .*\(line \d+\)$/) });
  });
});

describe('the shipped patterns on a hostile line', () => {
  it('stay linear: a 30,000-character run after a keyword costs milliseconds, not seconds', () => {
    // Runs of what the patterns repeat: a quantifier after another over the same characters
    // would try every split of the run (quadratic), which a line up to 64 KiB long makes seconds.
    const parsed = parseLogRules(shipped);
    if (!parsed.ok) throw new Error(parsed.message);
    const runs = ['(', ' ', "'", 'a', '0', '-', '/', '../', '%c0', '<a ', '=', '|', ';', '1=', 'or ', "' or ", ' -a', 'a.', '[', ':', '"', 'on', '$(', '`', '--', '#', '..', ',', '0x', 'char(1,', '*/'];
    const slow: string[] = [];
    for (const spec of parsed.specs) {
      if (spec.pattern === undefined) continue;
      const regex = new RegExp(spec.pattern);
      for (const run of runs) {
        const text = run.repeat(Math.ceil(30_000 / run.length));
        const started = performance.now();
        regex.test(spec.keywords![0] + text);
        regex.test(text + spec.keywords![0]);
        if (performance.now() - started > 150) slow.push(`${spec.id} on a run of ${JSON.stringify(run)}`);
      }
    }
    expect(slow).toEqual([]);
  });
});
