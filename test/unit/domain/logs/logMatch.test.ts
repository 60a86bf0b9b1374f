import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeForMatching } from '../../../../src-main/domain/logs/logDecode';
import { matchRecord } from '../../../../src-main/domain/logs/logMatch';
import { compileLogRules, parseLogRules, type LogRules } from '../../../../src-main/domain/logs/logRules';
import { logFields } from '../../../../src-main/domain/logs/logRuleSet';
import { repoRoot } from '../../../support/consoleServer';
import { attacks, benign, logMessage, request } from './logSamples';

const parsed = parseLogRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'logs.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const rules: LogRules = parsed;
const compiled = compileLogRules(rules);

describe('labelled attacks are flagged in their category', () => {
  it.each(attacks.map((sample) => [sample.category, sample.note, sample] as const))('%s: %s', (category, _note, sample) => {
    expect(matchRecord(sample.record, compiled).map((hit) => hit.category)).toContain(category);
  });

  it('has samples for every category, encoded ones included', () => {
    expect(new Set(attacks.map((sample) => sample.category))).toEqual(new Set(rules.specs.map((spec) => spec.category)));
    expect(attacks.filter((sample) => /%25/.test(sample.record.query ?? sample.record.path ?? '')).length).toBeGreaterThanOrEqual(4);
  });

  it('every shipped rule catches some labelled attack on its own', () => {
    const silent = rules.specs.filter((spec) => {
      const alone = compileLogRules({ ...rules, specs: [spec] });
      return !attacks.some((sample) => matchRecord(sample.record, alone).length > 0);
    });
    expect(silent.map((spec) => spec.id)).toEqual([]);
  });
});

describe('look-alikes a busy site logs all day are not flagged', () => {
  it.each(benign.map((sample) => [sample.note, sample] as const))('%s', (_note, sample) => {
    expect(matchRecord(sample.record, compiled)).toEqual([]);
  });

  it('a single ../ in a query value is a relative link, two are a climb, and ../ in a path always is', () => {
    // Decision: same-site redirects (`?next=../docs`) are common; a climb of two or more levels, a
    // `../` towards a system location, or one in the path itself (browsers resolve them) is not.
    const categories = (fields: Parameters<typeof request>[0]) => matchRecord(request(fields), compiled).map((hit) => hit.category);
    expect(categories({ path: '/login', query: 'next=..%2Fdocs' })).toEqual([]);
    expect(categories({ path: '/login', query: 'next=..%2F..%2Fdocs' })).toEqual(['path-traversal']);
    expect(categories({ path: '/login', query: 'next=..%2Fetc%2Fshadow' })).toEqual(['path-traversal']);
    expect(categories({ path: '/docs/../admin' })).toEqual(['path-traversal']);
  });
});

describe('a record with several findings', () => {
  it('gets one hit per category, the most severe rule of each, most severe first', () => {
    // sqlmap's UNION probe, from sqlmap, answered 500: sqli (critical), scanner (medium), error-spike (info).
    const record = request({ path: '/item.php', query: "id=1'%20UNION%20ALL%20SELECT%20NULL--%20-", userAgent: 'sqlmap/1.7.2#stable (https://sqlmap.org)', status: 500 });
    const hits = matchRecord(record, compiled);
    expect(hits.map((hit) => [hit.rule, hit.severity])).toEqual([
      ['sqli-union-select', 'critical'],
      ['scanner-user-agent', 'medium'],
      ['server-error', 'info'],
    ]);
    expect(hits[0]).toEqual({ rule: 'sqli-union-select', category: 'sqli', severity: 'critical', description: 'UNION SELECT injection' });
  });

  it('checks status rules without any field, and a status range at both ends', () => {
    const statuses = (status: number | null) => matchRecord(request({ status }), compiled).map((hit) => hit.rule);
    expect([statuses(499), statuses(500), statuses(599), statuses(600), statuses(null)]).toEqual([[], ['server-error'], ['server-error'], [], []]);
    expect(matchRecord(logMessage('Failed password for root from 203.0.113.9 port 22 ssh2', { status: 401 }), compiled).map((hit) => hit.rule)).toEqual(['auth-failure-message']);
  });

  it('a rule with a pattern and a status needs both', () => {
    const both = compileLogRules({
      ...rules,
      specs: [{ id: 'admin-denied', category: 'auth-failure', severity: 'low', description: 'Admin refused', fields: ['path'], pattern: '^/admin', keywords: ['/admin'], status: [403] }],
    });
    expect(matchRecord(request({ path: '/admin', status: 403 }), both)).toHaveLength(1);
    expect(matchRecord(request({ path: '/admin', status: 200 }), both)).toEqual([]);
    expect(matchRecord(request({ path: '/home', status: 403 }), both)).toEqual([]);
    // The same path again: what its pattern matched is remembered, the status is checked anew.
    expect(matchRecord(request({ path: '/admin', status: 403 }), both)).toHaveLength(1);
  });
});

describe('the keyword prefilter', () => {
  /** Rules whose patterns count their runs. */
  function counting(): { compiled: ReturnType<typeof compileLogRules>; runs: () => number } {
    const counted = compileLogRules(rules);
    let runs = 0;
    for (const rule of counted.rules) {
      if (!rule.regex) continue;
      const test = rule.regex.test.bind(rule.regex);
      rule.regex.test = (text: string) => {
        runs += 1;
        return test(text);
      };
    }
    return { compiled: counted, runs: () => runs };
  }

  it('runs no regular expression on typical benign requests', () => {
    const { compiled: counted, runs } = counting();
    const typical = [
      request({ path: '/', referrer: 'https://www.example.com/' }),
      request({ path: '/static/app.3f9a1c.js', referrer: 'https://shop.example.com/' }),
      request({ path: '/api/v1/orders/8812', query: 'expand=items&page=2' }),
      request({ path: '/favicon.ico', status: 404 }),
      request({ path: '/images/logo.png', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15' }),
    ];
    for (const record of typical) expect(matchRecord(record, counted)).toEqual([]);
    expect(runs()).toBe(0);
  });

  it('finds on every labelled sample exactly what running every pattern on every field finds', () => {
    // The keywords must hold in whatever a pattern matches, or the prefilter would hide a finding.
    for (const { record, note } of attacks) {
      const everyPattern = rules.specs.filter((spec) => {
        if (spec.pattern === undefined) return false;
        const regex = new RegExp(spec.pattern);
        if (record.format === 'text') return regex.test(decodeForMatching(record.message!, { plusIsSpace: true }));
        return spec.fields.some((field) => {
          const value = record[field];
          return value !== null && regex.test(decodeForMatching(value, { plusIsSpace: field === 'query' || field === 'body' }));
        });
      });
      const prefiltered = compileLogRules({ ...rules, specs: everyPattern });
      expect(matchRecord(record, prefiltered).length, note).toBe(new Set(everyPattern.map((spec) => spec.category)).size);
    }
  });

  it('looks only at the fields a rule names', () => {
    // The scanner rule reads the user agent: a scanner's name in the path is a page about it.
    expect(matchRecord(request({ path: '/blog/sqlmap-vs-nikto' }), compiled)).toEqual([]);
    expect(logFields).toContain('userAgent');
  });
});
