import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretFinding } from '../../../src-main/contract';
import { findSecrets, fingerprint, withPositions } from '../../../src-main/domain/scans/secretMatch';
import { ChunkedTextScanner, prepareRules } from '../../../src-main/jobs/secrets/secretTextScanner';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';

// The scanner reads a file as bytes in pieces and decodes only the woken lines that are not ASCII;
// its findings must be those of the whole file decoded as one text (the string API, char columns).
const rules = loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));
const { ruleSet, describe: name } = prepareRules(rules);
const random = seededRandom(24);

const placed = (findings: Pick<SecretFinding, 'rule' | 'line' | 'column' | 'fingerprint'>[]) => findings.map((finding) => `${finding.rule} ${finding.line}:${finding.column} ${finding.fingerprint}`).sort();

function scanBytes(bytes: Buffer, readBytes: number): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const scanner = new ChunkedTextScanner(ruleSet, name, (finding) => findings.push(finding)).begin('file');
  for (let at = 0; at < bytes.length; at += readBytes) scanner.push(bytes.subarray(at, at + readBytes));
  scanner.push(Buffer.alloc(0), true);
  return findings;
}

function scanWhole(text: string) {
  return [...withPositions(text, findSecrets(text, ruleSet))].map(({ match, line, column }) => ({ rule: match.ruleId, line, column, fingerprint: fingerprint(match.secret) }));
}

const lineKinds = [
  () => `const message = "Ünïcödé ☃ текст 日本語 ${fillTemplate('{alnum:8}', random)}";`,
  () => `export const token = "${fillTemplate('ghp_{alnum:36}', random)}"; // ключ ✓`,
  () => `ключ: ✓ STRIPE_KEY=${fillTemplate('sk_live_{alnum:30}', random)}`,
  () => `password = "${fillTemplate('{alnum:20}', random)}"`,
  () => `// 😀 emoji before a key: aws_access_key_id = ${fillTemplate('AKIA{upper:16}', random)}`,
  () => 'function plain(value) { return value * 2; }',
  () => `glpat = "${fillTemplate('glpat-{url:20}', random)}"\r`,
];

function mixedText(lines: number): string {
  return Array.from({ length: lines }, () => lineKinds[Math.floor(random() * lineKinds.length)]!()).join('\n');
}

describe('a file scanned as bytes, in pieces', () => {
  it('finds what the whole decoded text holds, at the same lines and character columns', () => {
    // About 400 KB: several pieces, secrets on both sides of every cut, lines with characters of 2 to 4 bytes.
    const text = mixedText(6_000);
    const expected = placed(scanWhole(text));
    expect(expected.length).toBeGreaterThan(3_000);
    for (const readBytes of [4096, 100_003, 1024 * 1024]) expect(placed(scanBytes(Buffer.from(text), readBytes)), `reads of ${readBytes}`).toEqual(expected);
  });

  it('reports a PEM block that straddles a cut between pieces once', () => {
    const body = Array.from({ length: 25 }, () => fillTemplate('{b64:64}', random)).join('\n');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    // The block begins 800 bytes before the first piece's 112 KB end.
    let filler = '';
    for (let i = 0; Buffer.byteLength(filler) < 112 * 1024 - 800; i += 1) filler += `// line ${i} ☃ nothing here\n`;
    const text = `${filler}${pem}\n${filler}`;
    const expected = placed(scanWhole(text));
    expect(expected).toHaveLength(1);
    expect(placed(scanBytes(Buffer.from(text), 64 * 1024))).toEqual(expected);
  });

  it('honours firebreak:allow anywhere on a line longer than a piece, within a megabyte of where it stands', () => {
    const token = fillTemplate('ghp_{alnum:36}', random);
    const filler = (length: number) => '0123456789'.repeat(Math.ceil(length / 10)).slice(0, length);
    const line = (allow: string, tokenAt: number) => `${allow}${filler(tokenAt - allow.length)} ${token} ${filler(200_000)}`;
    const found = (text: string) => scanBytes(Buffer.from(text), 64 * 1024).map((finding) => [finding.line, finding.column]);
    const at = 400_000;
    expect(found(`first\n${line('', at)}\nlast\n`)).toEqual([[2, at + 2]]);
    expect(found(`first\n${line('# firebreak:allow ', at)}\nlast\n`)).toEqual([]);
    // Marked at its end, far after the secret: the whole line still counts as allowed.
    expect(found(`first\n${line('', at)} firebreak:allow\nlast ${token}\n`)).toEqual([[3, 6]]);
    // On a line of megabytes the marker counts for the megabyte it begins.
    expect(found(`${line('# firebreak:allow ', 2_500_000)}\n`)).toEqual([[1, 2_500_002]]);
  });
});
