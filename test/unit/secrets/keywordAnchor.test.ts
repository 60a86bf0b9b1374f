import { describe, expect, it } from 'vitest';
import { leadingExactLiterals, startsWithKeyword } from '../../../src-main/domain/scans/keywordAnchor';
import { findSecrets } from '../../../src-main/domain/scans/secretMatch';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';

describe('which rules are tried only where a keyword begins', () => {
  it('sees a keyword at the start of every alternative, through lookarounds, groups and letter-case classes', () => {
    expect(startsWithKeyword('ghp_[A-Za-z0-9]{36}', ['ghp_'])).toBe(true);
    expect(startsWithKeyword('(?=[Tt])(?:token|Token(?![a-z])|[Kk]ey(?<=api.key))s?=(?<secret>\\w+)', ['token', 'key'])).toBe(true);
    expect(startsWithKeyword('https?://(?<=\\bhttps?://)(?<secret>[^@]+)@', ['http'])).toBe(true);
    expect(startsWithKeyword('(?<lead>SECRET)_\\w+', ['secret'])).toBe(true);
    expect(startsWithKeyword('\\b(?<secret>ghp_[A-Za-z0-9]{36})\\b', ['ghp_'])).toBe(true);
  });

  it('refuses what it cannot prove: an optional or repeated start, another word first, a class, an anchor', () => {
    expect(startsWithKeyword('a?key=\\w+', ['key'])).toBe(false);
    expect(startsWithKeyword('(?:key)?=\\w+', ['key'])).toBe(false);
    expect(startsWithKeyword('(?:key|api)=\\w+', ['key'])).toBe(false);
    expect(startsWithKeyword('(?:api|access)[_.-]?key', ['key'])).toBe(false);
    expect(startsWithKeyword('[Kk]?ey', ['key'])).toBe(false);
    expect(startsWithKeyword('[A-Z]key', ['key'])).toBe(false);
    expect(startsWithKeyword('^key', ['key'])).toBe(false);
    expect(startsWithKeyword('ke', ['key'])).toBe(false);
    expect(startsWithKeyword('key|', ['key'])).toBe(false);
    expect(startsWithKeyword('k(?:ey)', ['key'])).toBe(false);
  });
});

describe('the texts a match must begin with, for a rule whose keyword is elsewhere in the file', () => {
  it('reads them exactly as written, for each alternative', () => {
    expect(leadingExactLiterals('(?:machine(?<=\\bmachine)[ \\t]+\\S+|default(?<=\\bdefault))\\s+password', '')).toEqual(['machine', 'default']);
    expect(leadingExactLiterals('\\bauth[_-]?token\\s*=', '')).toEqual(['auth']);
  });

  it('gives none when case is ignored, an alternative starts unknown, or the text is too short to pay', () => {
    expect(leadingExactLiterals('\\bauth[_-]?token', 'i')).toBeNull();
    expect(leadingExactLiterals('(?:auth|[a-z]+)token', '')).toBeNull();
    expect(leadingExactLiterals('[Aa]uth', '')).toBeNull();
    expect(leadingExactLiterals('sk[a-z]{20}', '')).toBeNull();
  });
});

describe('a rule tried where its keywords begin', () => {
  const rules = compileRules({
    specs: [{ id: 'demo-token', description: 'Demo token', regex: 'tok(?<=\\btok)_(?<secret>[a-z0-9]{12})\\b', flags: '', keywords: ['tok'], scope: 'line', allow: [], first: false }],
    globalAllow: [],
  });

  it('is tried that way, and finds every occurrence on a line, however many', () => {
    expect(rules.rules[0]!.sticky).not.toBeNull();
    const values = ['a1b2c3d4e5f6', 'z9y8x7w6v5u4', 'q1w2e3r4t5y6', 'm1n2b3v4c5x6', 'p0o9i8u7y6t5', 'k1j2h3g4f5d6'];
    for (const count of [1, 4, 6]) {
      const line = values.slice(0, count).map((value) => `x tok_${value} xtok_${value}`).join(' ; ');
      expect(findSecrets(`${line}\n`, rules).map((match) => match.secret)).toEqual(values.slice(0, count));
    }
  });

  it('finds a token on a line of megabytes, between windows that overlap', () => {
    const filler = 'x'.repeat(70 * 1024);
    const text = `${filler} tok_ tok_ tok_aaaabbbbcccc ${filler.slice(0, 9000)} tok_ddddeeeeffff ${filler}`;
    expect(findSecrets(text, rules).map((match) => match.secret)).toEqual(['aaaabbbbcccc', 'ddddeeeeffff']);
  });
});

describe('a whole-file rule tried where its leading text occurs', () => {
  const rules = compileRules({
    specs: [{ id: 'demo-file-token', description: 'Demo file token', regex: '\\bauth_token\\s*=\\s*(?<secret>[0-9a-f]{16})\\b', flags: '', keywords: ['demoprovider'], scope: 'file', allow: [], first: false }],
    globalAllow: [],
  });

  it('finds the value lines away from the keyword, and only where the whole regex holds', () => {
    expect(rules.rules[0]!.literals).toEqual(['auth_token']);
    const text = 'demoprovider:\n  region: eu\nauth_token = 8f3a9c1d7e2b4a60\nmy_auth_token = fedcba9876543210\nauth_token =\n  99887766554433aa\n';
    expect(findSecrets(text, rules).map((match) => match.secret)).toEqual(['8f3a9c1d7e2b4a60', '99887766554433aa']);
    expect(findSecrets(text.replace('demoprovider', 'someone'), rules)).toEqual([]);
  });
});
