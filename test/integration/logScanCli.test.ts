import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const work = tempDataDir('firebreak-logscan-cli-');
const dataDir = path.join(work, 'data');
const base = Date.parse('2026-11-23T14:00:00Z');
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${months[d.getUTCMonth()]!}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
};
const line = (ip: string, ms: number, request: string, agent = 'Mozilla/5.0') => `${ip} - - [${stamp(ms)}] "${request} HTTP/1.1" 200 512 "-" "${agent}"`;
// Written in pieces so this file is not itself a leak a scanner flags.
const githubToken = `ghp_${'Lm4Nb7Vc1Xz9Qa2Ws5Ed8Rf3Tg6Yh0Uj7Ik9'}`;

const scan = (...args: string[]) => runCli(dataDir, ['scan', 'logs', ...args]);

beforeAll(() => {
  const attacks = Array.from({ length: 60 }, (_, index) => line('203.0.113.9', base + index * 1_000, `GET /search?q=1%27%20UNION%20SELECT%20password%20FROM%20users--&token=${githubToken}`));
  fs.writeFileSync(path.join(work, 'attacks.log'), `${attacks.join('\n')}\n`);
  fs.writeFileSync(path.join(work, 'clean.log'), `${Array.from({ length: 20 }, (_, index) => line('198.51.100.4', base + index * 1_000, `GET /catalogue/${index}`)).join('\n')}\n`);
  fs.writeFileSync(path.join(work, 'clean.log.1.gz'), zlib.gzipSync(`${line('198.51.100.5', base, 'GET /')}\n`));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('firebreak scan logs', () => {
  it('exits 1 with findings, in the JSON envelope with the fields the issue lists and secrets redacted from the excerpt', () => {
    const run = scan(path.join(work, 'attacks.log'), '--json');
    expect(run.status).toBe(1);
    const { findings, aggregates, stats } = run.json.value;
    const sqli = findings.filter((finding: { category: string }) => finding.category === 'sqli');
    expect(sqli).toHaveLength(60);
    expect(sqli[0]).toMatchObject({ rule: expect.any(String), category: 'sqli', file: path.join(work, 'attacks.log'), line: 1, time: '2026-11-23T14:00:00.000Z', ip: '203.0.113.9', excerpt: expect.stringContaining('UNION') });
    expect(sqli[59]).toMatchObject({ line: 60, time: '2026-11-23T14:00:59.000Z' });
    for (const finding of findings) {
      expect(finding.excerpt.length).toBeLessThanOrEqual(300);
      expect(finding.excerpt).not.toContain(githubToken.slice(4));
    }
    expect(JSON.stringify(run.json)).not.toContain(githubToken.slice(4));
    expect(Array.isArray(aggregates)).toBe(true);
    expect(stats).toMatchObject({ files: 1, lines: 60 });
  });

  it('prints a summary, top sources and the first 50 findings for people', () => {
    const run = scan(path.join(work, 'attacks.log'));
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^\d+ FINDING\(S\), \d+ PATTERN\(S\) ACROSS LINES/);
    expect(run.stdout).toContain('TOP SOURCES');
    expect(run.stdout).toMatch(/203\.0\.113\.9\s+60\s+60/);
    expect(run.stdout).toMatch(/\d+ more: use --json/);
    expect(run.stdout).toContain(`${path.join(work, 'attacks.log')}:50 `);
    expect(run.stdout).not.toContain(`${path.join(work, 'attacks.log')}:51 `);
    expect(run.stdout).toContain('Scanned 1 file(s), 60 lines');
  });

  it('exits 0 on clean logs read through a glob, .gz included', () => {
    const run = scan(path.join(work, 'clean.log*'), '--json');
    expect(run).toMatchObject({ status: 0, json: { ok: true, value: { findings: [], aggregates: [], stats: { files: 2, lines: 21 } } } });
    expect(scan(path.join(work, 'clean.log*')).stdout).toMatch(/^No attack patterns found\./);
  });

  it('keeps lines in --since/--until and exits 2 naming a bad flag or a missing file', () => {
    const window = scan(path.join(work, 'attacks.log'), '--since', '2026-11-23T14:00:10Z', '--until', '2026-11-23T14:00:19Z', '--json');
    expect(window.json.value.findings.filter((finding: { category: string }) => finding.category === 'sqli').map((finding: { line: number }) => finding.line)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const bad = scan(path.join(work, 'attacks.log'), '--until', 'last tuesday');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--until must be an ISO date-time with a zone, like 2026-11-23T14:15:02Z, not 'last tuesday'");
    const missing = scan(path.join(work, 'gone.log'), '--json');
    expect(missing).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: `cannot scan ${path.join(work, 'gone.log')}: no such file` } } });
  });

  it('keeps the scan on an incident with --incident', () => {
    const declared = runCli(dataDir, ['incident', 'declare', '--title', 'Search form abused', '--severity', 'P2', '--json']);
    const id = declared.json.value.id as string;
    const run = scan(path.join(work, 'attacks.log'), '--incident', id, '--json');
    expect(run.status).toBe(1);
    expect(run.json.value.scanId).toMatch(/^LS-[0-9a-f]{8}$/);
    const shown = runCli(dataDir, ['incident', 'show', id, '--json']);
    expect(JSON.stringify(shown.json)).toContain(`Log scan ${run.json.value.scanId as string} of 1 file(s), 60 lines`);
  });
});
