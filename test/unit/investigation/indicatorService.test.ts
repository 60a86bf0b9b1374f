import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, Indicator, IndicatorImport, TimelinePage, VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

const eicarSha256 = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';
const eicarSha1 = '3395856ce81f2b7382dee72602f798b642f14140';
// A GitHub token's documented shape (ghp_ and 36 base62), built at run time so no scanner flags this file.
const githubToken = ['ghp', '_', 'R7v2Kq9LmX4tZp8WcJ3nYb6HfD1sGe5uAo0i'].join('');

let t: TestContext;
let id: string;
beforeEach(() => {
  t = makeTestContext();
  id = callOk<Incident>(t, 'incident.declare', { title: 'Phishing wave', severity: 'P2' }).id;
});
afterEach(() => t.close());

const failure = (name: string, input: unknown) => {
  const result = dispatch(t.ctx, name, input);
  if (result.ok) throw new Error(`${name} should have failed`);
  return result.error;
};
const lines = () => callOk<TimelinePage>(t, 'incident.timeline', { id, limit: 100 }).entries.map((entry) => entry.summary);

describe('indicators through dispatch', () => {
  it('adds, detects, merges, lists, updates, and puts defanged lines on a timeline that still verifies', () => {
    const ip = callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: '203.0.113[.]7', tags: ['c2'] });
    expect(ip).toMatchObject({ id: 'I1', type: 'ip', value: '203.0.113.7', defanged: '203.0.113[.]7', tlp: 'amber', sightings: 1, source: { kind: 'manual', ref: '' } });
    const url = callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: 'hxxps://login.evil[.]example/reset?u=1', tlp: 'red', firstSeen: '2026-11-23T09:00:00+02:00' });
    expect(url).toMatchObject({ id: 'I2', type: 'url', value: 'https://login.evil.example/reset?u=1', defanged: 'hxxps://login[.]evil[.]example/reset?u=1', firstSeen: '2026-11-23T07:00:00.000Z' });

    const again = callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: '203.0.113.7', tlp: 'red', tags: ['vpn'] });
    expect(again).toMatchObject({ id: 'I1', sightings: 2, tlp: 'red', tags: ['c2', 'vpn'] });

    const hash = callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: eicarSha256.toUpperCase(), type: 'sha256', techniques: ['T1204.002'] });
    expect(hash).toMatchObject({ id: 'I3', value: eicarSha256 });

    expect(callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id }).indicators.map((indicator) => indicator.id)).toEqual(['I1', 'I2', 'I3']);
    expect(callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id, type: 'url' }).indicators.map((indicator) => indicator.id)).toEqual(['I2']);
    expect(callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id, tag: 'vpn' }).indicators.map((indicator) => indicator.id)).toEqual(['I1']);
    expect(callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id, technique: 'T1204.002' }).indicators.map((indicator) => indicator.id)).toEqual(['I3']);

    const updated = callOk<Indicator>(t, 'ioc.update', { incidentId: id, indicatorId: 'I2', tlp: 'amber+strict', note: 'reset-password lure', lastSeen: '2026-11-23T10:30:00Z' });
    expect(updated).toMatchObject({ tlp: 'amber+strict', note: 'reset-password lure', lastSeen: '2026-11-23T10:30:00.000Z' });
    expect(failure('ioc.update', { incidentId: id, indicatorId: 'I2', tlp: 'amber+strict' }).message).toBe('nothing changes: I2 already has the tlp given');
    expect(failure('ioc.update', { incidentId: id, indicatorId: 'I9', tlp: 'red' })).toMatchObject({ code: 'not-found', message: `no indicator I9 in ${id}: it has I1 to I3` });
    expect(failure('ioc.update', { incidentId: id, indicatorId: 'I2', lastSeen: '2026-11-20T00:00:00Z' }).message).toMatch(/first seen \(2026-11-23T07:00:00.000Z\) is after last seen/);

    const timeline = lines();
    expect(timeline).toContain('Indicator added: ip 203.0.113[.]7 (TLP:AMBER)');
    expect(timeline).toContain('Indicator added: url hxxps://login[.]evil[.]example/reset?u=1 (TLP:RED)');
    expect(timeline).toContain('Indicator seen again (merged): ip 203.0.113[.]7 (TLP:RED)');
    expect(timeline).toContain('Indicator url hxxps://login[.]evil[.]example/reset?u=1: TLP red → amber+strict; note changed; last seen none → 2026-11-23T10:30:00.000Z');
    expect(timeline.join('\n')).not.toMatch(/https:\/\/|203\.0\.113\.7|evil\.example/);
    expect(callOk<VerifyResult>(t, 'incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
  });

  it('imports a pasted list as one event: detection, merges, comments, rejected lines with reasons, counts by type', () => {
    callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: '198.51.100.23' });
    const text = [
      '# from the proxy export',
      '203.0.113.7',
      '198.51.100[.]23   # already held',
      '',
      'hxxps://evil[.]example/a#frag',
      'EVIL.example',
      'evil.example',
      eicarSha1,
      '1.2.3',
      'hello',
    ].join('\r\n');
    const preview = callOk<IndicatorImport>(t, 'ioc.import', { incidentId: id, text, dryRun: true });
    expect(preview.preview.map((row) => [row.line, row.type, row.defanged, row.duplicate])).toEqual([
      [2, 'ip', '203.0.113[.]7', false],
      [3, 'ip', '198.51.100[.]23', true],
      [5, 'url', 'hxxps://evil[.]example/a#frag', false],
      [6, 'domain', 'evil[.]example', false],
      [7, 'domain', 'evil[.]example', true],
      [8, 'sha1', eicarSha1, false],
    ]);
    expect(callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id }).indicators).toHaveLength(1);

    const imported = callOk<IndicatorImport>(t, 'ioc.import', { incidentId: id, text, tlp: 'green', tags: ['proxy'] });
    expect(imported).toMatchObject({ accepted: 6, added: 4, merged: 2, byType: { ip: 2, url: 1, domain: 2, sha1: 1 }, preview: [] });
    expect(imported.rejected).toEqual([
      { line: 9, text: '1[.]2[.]3', reason: 'looks like an IPv4 address but has 3 parts (an IPv4 address has 4)' },
      { line: 10, text: 'hello', reason: 'no indicator type fits; add it with --type text' },
    ]);
    const held = callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id }).indicators;
    expect(held.map((indicator) => [indicator.id, indicator.type, indicator.value, indicator.sightings])).toEqual([
      ['I1', 'ip', '198.51.100.23', 2],
      ['I2', 'ip', '203.0.113.7', 1],
      ['I3', 'url', 'https://evil.example/a#frag', 1],
      ['I4', 'domain', 'evil.example', 1],
      ['I5', 'sha1', eicarSha1, 1],
    ]);
    expect(held[1]).toMatchObject({ tlp: 'green', tags: ['proxy'], source: { kind: 'import', ref: '' } });
    expect(lines().filter((line) => line.includes('pasted list'))).toEqual(['6 indicators added from a pasted list (2 ip, 2 domain, 1 url, 1 sha1; 2 merged) (TLP:GREEN)']);
    expect(callOk<VerifyResult>(t, 'incident.verify', { id })).toMatchObject({ intact: true });
  });

  it('refuses a credential as an indicator, naming the rule and never echoing it, but never a hash', () => {
    const error = failure('ioc.add', { incidentId: id, value: githubToken });
    expect(error.message).toMatch(/^the value looks like an? .*GitHub.*: a credential is not an indicator; rotate it from the Scans tab; nothing was stored$/);
    expect(JSON.stringify(error)).not.toContain(githubToken.slice(4));
    expect(failure('ioc.add', { incidentId: id, value: githubToken, type: 'text' }).message).toMatch(/a credential is not an indicator/);

    const imported = callOk<IndicatorImport>(t, 'ioc.import', { incidentId: id, text: `203.0.113.7\ntoken ${githubToken}\n${eicarSha256}\n${eicarSha1}\nd41d8cd98f00b204e9800998ecf8427e` });
    expect(imported).toMatchObject({ accepted: 4, byType: { ip: 1, sha256: 1, sha1: 1, md5: 1 } });
    expect(imported.rejected).toHaveLength(1);
    expect(imported.rejected[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/GitHub.*a credential is not an indicator/) });
    expect(JSON.stringify(imported)).not.toContain(githubToken.slice(4));
    expect(JSON.stringify(callOk(t, 'incident.timeline', { id, limit: 100 }))).not.toContain(githubToken.slice(4));
  });

  it('refuses a URL holding a password when it is defanged too, in add and import, never storing it', () => {
    const password = ['Zq8vLp3x', 'Rt7wNm2k'].join('');
    const defanged = `hxxps://admin:${password}[@]evil[.]example/x`;
    expect(failure('ioc.add', { incidentId: id, value: `https://admin:${password}@evil.example/x` }).message).toMatch(/a credential is not an indicator/);
    expect(failure('ioc.add', { incidentId: id, value: defanged }).message).toMatch(/^the value looks like .*: a credential is not an indicator; rotate it from the Scans tab; nothing was stored$/);
    expect(failure('ioc.add', { incidentId: id, value: `hxxps[://]admin[:]${password}[at]evil(.)example/x`, type: 'url' }).message).toMatch(/a credential is not an indicator/);
    expect(failure('ioc.add', { incidentId: id, value: defanged, type: 'text' }).message).toMatch(/a credential is not an indicator/);

    const imported = callOk<IndicatorImport>(t, 'ioc.import', { incidentId: id, text: `203.0.113.7\n${defanged} # from the phishing kit\nevil[.]example` });
    expect(imported).toMatchObject({ accepted: 2, byType: { ip: 1, domain: 1 } });
    expect(imported.rejected).toEqual([{ line: 2, text: expect.stringContaining('[redacted'), reason: expect.stringMatching(/a credential is not an indicator/) }]);
    expect(JSON.stringify(imported)).not.toContain(password);
    expect(JSON.stringify(callOk(t, 'ioc.list', { incidentId: id }))).not.toContain(password);
    expect(JSON.stringify(callOk(t, 'incident.timeline', { id, limit: 100 }))).not.toContain(password);
  });

  it('keeps an indicator updatable after a merge of out-of-order seen times, and says when a stricter TLP held is kept', () => {
    callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: '192.0.2.50', tlp: 'red', firstSeen: '2026-12-01T10:00:00Z' });
    const merged = callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: '192.0.2.50', lastSeen: '2026-11-01T00:00:00Z' });
    expect(merged).toMatchObject({ firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-12-01T10:00:00.000Z', tlpKept: { held: 'red', asked: 'amber' } });
    expect(callOk<Indicator>(t, 'ioc.update', { incidentId: id, indicatorId: 'I1', note: 'exit node' })).toMatchObject({ note: 'exit node' });
    expect(failure('ioc.update', { incidentId: id, indicatorId: 'I1', lastSeen: '2026-10-01T00:00:00Z' }).message).toMatch(/first seen \(2026-11-01T00:00:00.000Z\) is after last seen/);

    const kept = callOk<Indicator & { tlpKept?: unknown }>(t, 'ioc.add', { incidentId: id, value: '192.0.2[.]50', tlp: 'clear' });
    expect(kept).toMatchObject({ tlp: 'red', sightings: 3, tlpKept: { held: 'red', asked: 'clear' } });
    expect(lines()).toContain('Indicator seen again (merged): ip 192.0.2[.]50 (TLP:CLEAR asked; TLP:RED held is kept)');
    // A stricter or equal marking asked is taken or changes nothing: no word about keeping.
    expect(callOk<Indicator & { tlpKept?: unknown }>(t, 'ioc.add', { incidentId: id, value: '192.0.2.50', tlp: 'red' }).tlpKept).toBeUndefined();
    expect(callOk<Indicator & { tlpKept?: unknown }>(t, 'ioc.add', { incidentId: id, value: '203.0.113.9', tlp: 'clear' }).tlpKept).toBeUndefined();
    expect(callOk<VerifyResult>(t, 'incident.verify', { id })).toMatchObject({ intact: true });
  });

  it('shows URLs, hosts and mailboxes inside other types defanged in the list and on the timeline', () => {
    callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: '\\\\198.51.100.9\\c$\\x.exe' });
    callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: 'https://live.example/payload', type: 'text' });
    callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: 'attacker@live.example', type: 'account' });
    const held = callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id }).indicators;
    expect(held.map((indicator) => [indicator.type, indicator.defanged])).toEqual([
      ['file-path', '\\\\198.51.100[.]9\\c$\\x.exe'],
      ['text', 'hxxps://live[.]example/payload'],
      ['account', 'attacker[@]live[.]example'],
    ]);
    expect(lines().filter((line) => line.startsWith('Indicator')).join('\n')).not.toMatch(/https:\/\/|live\.example|198\.51\.100\.9|[^[]@/);
  });

  it('says precisely why a value does not fit, and refuses disguised characters', () => {
    expect(failure('ioc.add', { incidentId: id, value: '999.1.1.1' }).message).toBe('not an IPv4 address: 999 is more than 255');
    expect(failure('ioc.add', { incidentId: id, value: 'alice' }).message).toBe('no indicator type fits; add it with --type text');
    expect(callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: 'alice', type: 'account' })).toMatchObject({ type: 'account', value: 'alice' });
    expect(failure('ioc.add', { incidentId: id, value: 'javascript:alert(1)' }).message).toMatch(/a javascript: URL has no host/);
    expect(failure('ioc.add', { incidentId: id, value: 'evil\u202Egpj.exe', type: 'process' }).message).toMatch(/U\+202E \(RIGHT-TO-LEFT OVERRIDE\)/);
    const homoglyph = callOk<Indicator>(t, 'ioc.add', { incidentId: id, value: 'p\u0430ypal.com' });
    expect(homoglyph).toMatchObject({ type: 'domain', value: 'xn--pypal-4ve.com', defanged: 'xn--pypal-4ve[.]com' });
  });
});

describe('hostile input', () => {
  it('refuses a list of more than 20,000 indicators whole, saying how many it holds, and stores nothing', () => {
    const text = Array.from({ length: 20_001 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).join('\n');
    expect(failure('ioc.import', { incidentId: id, text })).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('holds 20,001 indicators; one paste takes at most 20,000') });
    expect(callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id }).indicators).toEqual([]);
  });

  // Its speed is measured by `npm run bench -- investigation`.
  it('rejects 5 MB of one line without echoing more than 200 characters of it', { timeout: 60_000 }, () => {
    const result = callOk<IndicatorImport>(t, 'ioc.import', { incidentId: id, text: `203.0.113.7\n${'A'.repeat(4_999_000)}` });
    expect(result).toMatchObject({ accepted: 1, rejected: [{ line: 2, reason: 'the value is 4,999,000 characters; an indicator is at most 2,000'.replace('the value ', '') }] });
    expect(result.rejected[0]!.text.length).toBeLessThanOrEqual(200);
  });

  it('rejects NUL bytes and bidi overrides line by line and shows them by name', () => {
    const result = callOk<IndicatorImport>(t, 'ioc.import', { incidentId: id, text: 'evil\u0000.example\nevil\u202Egpj.exe\n198.51.100.9' });
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([
      { line: 1, text: 'evil<U+0000>[.]example', reason: 'contains U+0000 (NUL), an invisible character that can disguise what a value says' },
      { line: 2, text: 'evil<U+202E>gpj[.]exe', reason: 'contains U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible character that can disguise what a value says' },
    ]);
  });

  it('refuses 10,000 tags at the boundary and stores nothing', () => {
    const tags = Array.from({ length: 10_000 }, (_, index) => `t${index}`);
    expect(failure('ioc.add', { incidentId: id, value: '203.0.113.7', tags })).toMatchObject({ code: 'invalid-input', fields: [expect.objectContaining({ field: 'tags', message: 'must hold at most 20 tags' })] });
    expect(failure('ioc.import', { incidentId: id, text: '203.0.113.7', tags })).toMatchObject({ code: 'invalid-input' });
    expect(callOk<{ indicators: Indicator[] }>(t, 'ioc.list', { incidentId: id }).indicators).toEqual([]);
  });
});
