import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SecretFinding } from '../../../src-main/contract';
import { findSecrets, fingerprint, keywordReach, longLineChars } from '../../../src-main/domain/scans/secretMatch';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';
import { scanHistory } from '../../../src-main/jobs/secrets/secretHistoryScan';
import { ChunkedTextScanner, prepareRules } from '../../../src-main/jobs/secrets/secretTextScanner';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';
import { initRepo } from '../../support/gitRepo';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';

const rules = loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));
const ruleSet = compileRules(rules);
const random = seededRandom(64);
const megabyte = 1024 * 1024;
// Digits: filler no keyword is made of, so it wakes nothing.
const filler = (length: number) => '0123456789'.repeat(Math.ceil(length / 10)).slice(0, length);

/** Feeds a text to the chunked scanner in reads of `readChars`, as the tree scan does. */
function scanInReads(text: string, readChars: number): SecretFinding[] {
  const { ruleSet: compiled, describe: name } = prepareRules(rules);
  const findings: SecretFinding[] = [];
  const scanner = new ChunkedTextScanner(compiled, name, (finding) => findings.push(finding)).begin('blob.txt');
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += readChars) scanner.push(bytes.subarray(at, at + readChars));
  scanner.push(Buffer.alloc(0), true);
  return findings;
}

const placed = (findings: SecretFinding[]) => findings.map((finding) => [finding.rule, finding.line, finding.column, finding.fingerprint]);

describe('a line longer than a read', () => {
  it('reports each secret once at its true column, also those cut in two where a piece ends', () => {
    const tokens = Array.from({ length: 4 }, () => fillTemplate('ghp_{alnum:36}', random));
    // Pieces are cut near 2 MB and 3 MB: one token straddles the first cut, one ends exactly at the
    // second, one lies in the overlap scanned twice, one sits far from any cut.
    const starts = [megabyte / 2, 2 * megabyte - 3000, 2 * megabyte - 20, 3 * megabyte - 40];
    let line = filler(4 * megabyte);
    starts.forEach((start, i) => (line = `${line.slice(0, start - 1)} ${tokens[i]} ${line.slice(start + 41)}`));
    const text = `${line}\nsecond line\n`;
    const expected = starts.map((start, i) => ['github-pat-classic', 1, start + 1, fingerprint(tokens[i]!)]);
    expect(placed(scanInReads(text, megabyte)).sort((a, b) => (a[2] as number) - (b[2] as number))).toEqual(expected);
    // Read in one piece, the same findings.
    expect(placed(scanInReads(text, text.length)).sort((a, b) => (a[2] as number) - (b[2] as number))).toEqual(expected);
  });

  it('counts lines after a long line right', () => {
    const token = fillTemplate('ghp_{alnum:36}', random);
    const text = `${filler(3 * megabyte)}\n${filler(100)}\nconst t = "${token}";\n`;
    expect(placed(scanInReads(text, megabyte))).toEqual([['github-pat-classic', 3, 12, fingerprint(token)]]);
  });
});

describe('rules on a long line', () => {
  it('find a secret next to its keyword anywhere on the line', () => {
    const secret = fillTemplate('{alnum:32}', random);
    const text = `${filler(longLineChars * 3)} api_token = "${secret}" ${filler(longLineChars * 3)}`;
    expect(findSecrets(text, ruleSet).map((match) => [match.ruleId, match.index])).toEqual([['generic-api-secret', text.indexOf(secret)]]);
  });

  it('find a secret whose match begins as far before its keyword as they look, no further', () => {
    // A SAS URL matches from `sv=` up to `sig=`: with the query padded so that the match begins
    // exactly keywordReach characters before the keyword's last character, it is at the window's edge.
    const secret = fillTemplate('{alnum:44}', random);
    const url = (pad: number) => `sv=2023-01-01&${'x'.repeat(pad)}&sig=${secret}`;
    const reachPad = keywordReach - 'sv=2023-01-01&&sig'.length;
    const line = (pad: number) => `${filler(longLineChars * 2)} https://acct.blob.core.windows.net/c?${url(pad)} ${filler(longLineChars * 2)}`;
    const sas = (text: string) => findSecrets(text, ruleSet).filter((match) => match.ruleId === 'azure-sas-token').map((match) => text.slice(match.index, match.end));
    expect(sas(line(reachPad))).toEqual([secret]);
    expect(sas(line(reachPad - 1))).toEqual([secret]);
    // One character further, the match reaches beyond where the rule looks on a long line.
    expect(sas(line(reachPad + 1))).toEqual([]);
  });

  it('honour firebreak:allow on the same line however far away, and only on that line', () => {
    const token = fillTemplate('ghp_{alnum:36}', random);
    const line = `${filler(longLineChars * 2)} ${token} ${filler(longLineChars * 2)}`;
    expect(findSecrets(`firebreak:allow ${line}`, ruleSet)).toEqual([]);
    expect(findSecrets(`firebreak:allow\n${line}`, ruleSet).map((match) => match.ruleId)).toEqual(['github-pat-classic']);
  });

  it('report many secrets on one line without slowing down per secret', () => {
    const tokens = Array.from({ length: 5_000 }, () => fillTemplate('ghp_{alnum:36}', random));
    const text = tokens.join(' ');
    const started = performance.now();
    expect(findSecrets(text, ruleSet)).toHaveLength(tokens.length);
    // Each match used to slice and search its whole line: 5,000 matches on a 200 KB line took seconds.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('find the same in a file’s bytes as in its text, on long lines among short ones', () => {
    const secrets = Array.from({ length: 4 }, () => fillTemplate('{alnum:32}', random));
    const long = (first: string, second: string) => `${filler(longLineChars)} api_token = "${first}" ${filler(keywordReach * 3)} client_secret: '${second}' ${filler(longLineChars)}`;
    const text = [`const token = "${fillTemplate('ghp_{alnum:36}', random)}";`, long(secrets[0]!, secrets[1]!), 'x = 1', long(secrets[2]!, secrets[3]!), 'password: ""'].join('\n');
    const found = (input: string | Buffer) => findSecrets(input, ruleSet).map((match) => [match.ruleId, match.index, match.secret]);
    expect(found(text).map(([, , secret]) => secret)).toEqual(expect.arrayContaining(secrets));
    expect(found(Buffer.from(text))).toEqual(found(text));
  });
});

describe('a long line added in a commit', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-long-history-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('is scanned in pieces, its secrets found at their line and column in that commit', async () => {
    const git = initRepo(work);
    const tokens = [fillTemplate('ghp_{alnum:36}', random), fillTemplate('ghp_{alnum:36}', random)];
    const long = `${filler(1_500_000)} ${tokens[0]} ${filler(1_500_000)} ${tokens[1]}`;
    fs.writeFileSync(path.join(work, 'bundle.js'), `// header\n${long}\nconst after = 1;\n`);
    git('add', '.');
    git('commit', '-qm', 'add a bundle');
    const { findings } = await scanHistory({ root: work, rules, allBranches: false, since: null }, new AbortController().signal, () => {});
    expect(findings.map((finding) => [finding.file, finding.line, finding.column, finding.fingerprint, finding.commit])).toEqual(
      tokens.map((token) => ['bundle.js', 2, long.indexOf(token) + 1, fingerprint(token), git('rev-parse', 'HEAD')]),
    );
  });
});
