import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { leadingExactLiterals, requiredLiterals, startsWithKeyword } from '../../../src-main/domain/scans/keywordAnchor';
import { findSecrets } from '../../../src-main/domain/scans/secretMatch';
import { parseRules } from '../../../src-main/domain/scans/secretRules';
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

describe('the texts every match must hold, for a rule reading whole files', () => {
  const netrc = '(?:machine(?<=\\bmachine)[ \\t]+\\S+|default(?<=\\bdefault))(?:\\s+(?:login|account|port)[ \\t]+\\S+){1,3}\\s+password[ \\t]+(?<secret>\\S+)';

  it('reads the plain runs of the top-level sequence, not what groups, classes or quantifiers may skip', () => {
    expect(requiredLiterals(netrc, '')).toEqual(['password']);
    expect(requiredLiterals('\\bauth_token\\s*=\\s*(?<secret>[0-9a-f]{16})', '')).toEqual(['auth_token']);
    expect(requiredLiterals('api\\.example\\-v2/keys?=', '')).toEqual(['api.example-v2/key']);
    expect(requiredLiterals('abcde?fghij{2}klmn', '')).toEqual(['abcd', 'fghi', 'klmn']);
    expect(requiredLiterals('(?:password)?token_(?=secret)', '')).toEqual(['token_']);
  });

  it('does not read an escape\'s own characters as text', () => {
    expect(requiredLiterals('\\x41BCDEF', '')).toEqual(['BCDEF']);
    expect(requiredLiterals('\\u0041BCDEF\\u{42}GHIJ', 'u')).toEqual(['BCDEF', 'GHIJ']);
    expect(requiredLiterals('\\p{Lu}abcd\\k<name>wxyz', 'u')).toEqual(['abcd', 'wxyz']);
    expect(requiredLiterals('(a)\\1234abcd\\cJefgh', '')).toEqual(['abcd', 'efgh']);
  });

  it('gives none for a top-level alternative or ignored case, and keeps only ASCII', () => {
    expect(requiredLiterals('password=(?<secret>\\S+)|token=(?<t>\\S+)', '')).toBeNull();
    expect(requiredLiterals('password=', 'i')).toBeNull();
    expect(requiredLiterals('clé_secrète=', '')).toEqual([]);
  });

  it('is held by every match of every shipped rule over the secret fixtures', () => {
    const root = path.join(__dirname, '..', '..', 'fixtures', 'secrets');
    const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
    const parsed = parseRules(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'resources', 'rules', 'secrets.yaml'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    let checked = 0;
    for (const spec of parsed.specs) {
      const required = requiredLiterals(spec.regex, spec.flags) ?? [];
      if (required.length === 0) continue;
      for (const text of files) {
        for (const match of text.matchAll(new RegExp(spec.regex, `g${spec.flags}`))) {
          expect(required.filter((literal) => !match[0].includes(literal)), `${spec.id}: ${match[0]}`).toEqual([]);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('skips a file lacking one, and finds the same secrets in a file holding them', () => {
    const rules = compileRules({
      specs: [{ id: 'demo-netrc', description: 'Demo netrc', regex: netrc, flags: '', keywords: ['machine'], scope: 'file', allow: [], first: false }],
      globalAllow: [],
    });
    expect(rules.rules[0]!.required).toEqual(['password']);
    const entry = 'machine git.example.com\n  login deploy\n  password Hunter2Hunter2x\n';
    for (const text of [entry, Buffer.from(entry), Buffer.from(`café ${entry}`)]) expect(findSecrets(text, rules).map((match) => match.secret)).toEqual(['Hunter2Hunter2x']);
    expect(findSecrets('machine git.example.com\n  login deploy\n  passwd Hunter2Hunter2x\n', rules)).toEqual([]);
  });
});
