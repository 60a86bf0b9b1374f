import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, Indicator, IndicatorImport, IndicatorType, TimelinePage, VerifyResult } from '../../../src-main/contract';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

// 1,000 lines built from documented examples: RFC 5737 and RFC 3849 addresses, RFC 2606 domains,
// RFC 3986-shaped URLs on those domains, RFC 5321 mailboxes, and real digests (MD5, SHA-1, SHA-256 of
// short strings, the way FIPS 180 documents "abc"). Each is written fanged, defanged or upper-cased;
// 100 lines repeat an earlier indicator in another spelling, 30 are bad.
interface Line {
  text: string;
  type: IndicatorType | null;
  /** The stored value (identity) for good lines; the reason for bad ones. */
  expected: string;
}

const digest = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

function uniqueLines(): Line[] {
  const lines: Line[] = [];
  for (let n = 0; n < 300; n += 1) {
    const network = ['192.0.2', '198.51.100', '203.0.113'][n % 3]!;
    const value = `${network}.${1 + Math.floor(n / 3)}`;
    lines.push({ text: n % 2 ? value.replace(/\.(?=\d+$)/, '[.]') : value, type: 'ip', expected: value });
  }
  for (let n = 0; n < 50; n += 1) {
    const value = `2001:db8::${(n + 1).toString(16)}`;
    lines.push({ text: n % 2 ? value.toUpperCase() : value.replaceAll(':', '[:]'), type: 'ip', expected: value });
  }
  for (let n = 0; n < 200; n += 1) {
    const value = `host${n}.${['example.com', 'example.net', 'example.org', 'test', 'example'][n % 5]}`;
    lines.push({ text: [value, value.replaceAll('.', '[.]'), value.toUpperCase(), `${value}.`][n % 4]!, type: 'domain', expected: value });
  }
  for (let n = 0; n < 100; n += 1) {
    const value = `https://www.example.org/downloads/${n}/setup.exe?id=${n}`;
    const forms = [value, value.replace('https://www.example.org', 'hxxps://www[.]example[.]org'), value.replace('https://www.example.org', 'HTTPS://WWW.EXAMPLE.ORG'), value.replace('https://', 'hXXps[://]')];
    lines.push({ text: forms[n % 4]!, type: 'url', expected: value });
  }
  for (let n = 0; n < 80; n += 1) {
    const value = `user${n}@example.com`;
    lines.push({ text: [value, `user${n}[@]example[.]com`, `user${n}@EXAMPLE.COM`, `user${n}[at]example(.)com`][n % 4]!, type: 'email', expected: value });
  }
  for (const [type, count] of [['md5', 50], ['sha1', 40], ['sha256', 50]] as const) {
    for (let n = 0; n < count; n += 1) {
      const value = digest(type === 'sha1' ? 'sha1' : type, `sample ${n}`);
      lines.push({ text: n % 3 ? value : value.toUpperCase(), type, expected: value });
    }
  }
  return lines;
}

function badLines(): Line[] {
  const bad: Line[] = [];
  for (let n = 0; n < 10; n += 1) bad.push({ text: `10.${n}.1`, type: null, expected: 'looks like an IPv4 address but has 3 parts (an IPv4 address has 4)' });
  for (let n = 0; n < 10; n += 1) bad.push({ text: digest('sha256', `bad ${n}`).slice(1), type: null, expected: 'looks like a hash but is 63 hex digits (MD5 32, SHA-1 40, SHA-256 64)' });
  for (let n = 0; n < 5; n += 1) bad.push({ text: `${300 + n}.1.1.1`, type: null, expected: `not an IPv4 address: ${300 + n} is more than 255` });
  for (let n = 0; n < 5; n += 1) bad.push({ text: ['hello', 'TODO', 'invoice.pdf', 'bad_host.example.com', 'javascript:void(0)'][n]!, type: null, expected: ['no indicator type fits; add it with --type text', 'no indicator type fits; add it with --type text', 'no indicator type fits; add it with --type text', 'not a domain: label "bad_host" holds "_"; only letters, digits and hyphens are allowed', 'a javascript: URL has no host, so it is not a url indicator; add it with --type text'][n]! });
  return bad;
}

/** The list as pasted: unique lines with a duplicate after every 8th and a bad line after every 29th, a comment and blank lines between. */
function buildList(): { text: string; lines: (Line & { number: number; duplicate: boolean })[] } {
  const unique = uniqueLines();
  const bad = badLines();
  const placed: (Line & { duplicate: boolean })[] = [];
  const respell = (line: Line): string => (line.text === line.expected ? (line.type === 'ip' || line.type === 'domain' || line.type === 'email' ? line.expected.replaceAll('.', '[.]') : line.type === 'url' ? line.expected.replace('https://www.example.org', 'HXXPS://WWW[.]EXAMPLE[.]ORG') : line.expected.toUpperCase()) : line.expected);
  // Interleave the types: walk the unique lines with a stride coprime to their count.
  const order = unique.map((_, index) => (index * 7) % unique.length);
  order.forEach((at, index) => {
    placed.push({ ...unique[at]!, duplicate: false });
    if (index % 8 === 7 && placed.filter((line) => line.duplicate).length < 100) {
      const earlier = unique[order[index - 3]!]!;
      placed.push({ ...earlier, text: respell(earlier), duplicate: true });
    }
    if (index % 29 === 28 && bad.length) placed.push({ ...bad.shift()!, duplicate: false });
  });
  const text: string[] = ['# indicators from the phishing wave, exported by the mail gateway', ''];
  const lines: (Line & { number: number; duplicate: boolean })[] = [];
  for (const [index, line] of placed.entries()) {
    if (index % 250 === 249) text.push('', '# next batch');
    text.push(line.text);
    lines.push({ ...line, number: text.length });
  }
  return { text: text.join('\n'), lines };
}

let t: TestContext;
let id: string;
beforeAll(() => {
  t = makeTestContext();
  id = callOk<Incident>(t, 'incident.declare', { title: 'Phishing wave', severity: 'P2' }).id;
});
afterAll(() => t.close());

describe('pasting 1,000 mixed indicators', () => {
  const { text, lines } = buildList();

  it('is the list the test means: 1,000 lines, 100 repeats, 30 bad', () => {
    expect(lines).toHaveLength(1_000);
    expect(lines.filter((line) => line.duplicate)).toHaveLength(100);
    expect(lines.filter((line) => line.type === null)).toHaveLength(30);
    expect(new Set(lines.filter((line) => line.type).map((line) => `${line.type}:${line.expected}`)).size).toBe(870);
  });

  it('classifies every line, merges the repeats and the one already held, and rejects the bad lines by line number', () => {
    callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: '192.0.2.1' });
    const started = performance.now();
    const result = callOk<IndicatorImport>(t, 'ioc.import', { incidentId: id, text, tags: ['phishing-wave'] });
    const elapsed = performance.now() - started;

    const expectedByType: Partial<Record<IndicatorType, number>> = {};
    for (const line of lines) if (line.type) expectedByType[line.type] = (expectedByType[line.type] ?? 0) + 1;
    expect(result.byType).toEqual(expectedByType);
    expect(result.byType).toEqual({ ip: 350 + lines.filter((l) => l.duplicate && l.type === 'ip').length, domain: 200 + lines.filter((l) => l.duplicate && l.type === 'domain').length, url: 100 + lines.filter((l) => l.duplicate && l.type === 'url').length, email: 80 + lines.filter((l) => l.duplicate && l.type === 'email').length, md5: 50 + lines.filter((l) => l.duplicate && l.type === 'md5').length, sha1: 40 + lines.filter((l) => l.duplicate && l.type === 'sha1').length, sha256: 50 + lines.filter((l) => l.duplicate && l.type === 'sha256').length });
    expect({ accepted: result.accepted, added: result.added, merged: result.merged }).toEqual({ accepted: 970, added: 869, merged: 101 });
    expect(result.rejected.map((rejection) => [rejection.line, rejection.reason])).toEqual(lines.filter((line) => line.type === null).map((line) => [line.number, line.expected]));
    expect(result.rejected.find((rejection) => rejection.reason.startsWith('looks like an IPv4'))!.text).toBe('10[.]0[.]1');

    const held = callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id }).indicators;
    expect(held).toHaveLength(870);
    const stored = new Map(held.map((indicator) => [`${indicator.type}:${indicator.value}`, indicator]));
    for (const line of lines) if (line.type) expect(stored.has(`${line.type}:${line.expected}`), line.text).toBe(true);
    expect(stored.get('ip:192.0.2.1')).toMatchObject({ id: 'I1', sightings: 2, tags: ['phishing-wave'] });
    // A value repeated within one list is one add (one entry in the event): only the one held before was added twice.
    expect(held.filter((indicator) => indicator.sightings > 1).map((indicator) => indicator.id)).toEqual(['I1']);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('is one timeline event that counts the list, and the record still verifies', () => {
    const entries = callOk<TimelinePage>(t, 'incident.timeline', { id, limit: 100 }).entries;
    expect(entries.filter((entry) => entry.type === 'indicator.added').map((entry) => entry.summary)).toEqual([
      'Indicator added: ip 192.0.2[.]1 (TLP:AMBER)',
      expect.stringMatching(/^970 indicators added from a pasted list \(392 ip, 2\d\d domain, .*; 101 merged\) \(TLP:AMBER\)$/),
    ]);
    expect(callOk<VerifyResult>(t, 'incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
  });
});
