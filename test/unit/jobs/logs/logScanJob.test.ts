import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogFormat } from '../../../../src-main/contract';
import { parseLine } from '../../../../src-main/domain/logs/logFormats';
import { matchRecord } from '../../../../src-main/domain/logs/logMatch';
import { compileLogRules, parseLogRules } from '../../../../src-main/domain/logs/logRules';
import { addToTally, createTally } from '../../../../src-main/domain/logs/logTally';
import { findingAt } from '../../../../src-main/jobs/logs/logFindingColumns';
import { logReadBytes, readLogLineBlocks, readLogLines } from '../../../../src-main/jobs/logs/logLines';
import { scanLogFiles, scanLogRange, type LogScanJobInput } from '../../../../src-main/jobs/logs/logScanJob';
import { loadSecretRules } from '../../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../../support/consoleServer';
import { tallyContents } from '../../domain/logs/tallyContents';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-log-job-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const parsed = parseLogRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'logs.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const rules = { specs: parsed.specs, thresholds: parsed.thresholds };
const secretRules = loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));

const browser = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
/** Lines that look ordinary to a quick reading but are not, among ones that are (most of a real log): ASCII, as servers write them. */
const kinds: ((stamp: string, i: number) => string)[] = [
  (stamp, i) => `10.0.${i % 7}.${i % 13} - - [${stamp}] "GET /products/${i % 50} HTTP/1.1" 200 ${i} "https://shop.example/" "${browser}"`,
  (stamp, i) => `10.0.${i % 7}.${i % 13} - - [${stamp}] "GET /search?q=red+shoes&page=${i % 3} HTTP/1.1" 200 512 "-" "curl/8.5.0"`,
  (stamp) => `198.51.100.7 - - [${stamp}] "GET /products?id=1%20UNION%20SELECT%20password%20FROM%20users HTTP/1.1" 200 12 "-" "${browser}"`,
  (stamp) => `198.51.100.8 - - [${stamp}] "GET /products?id=%2527%2520OR%25201%253D1 HTTP/1.1" 200 12 "-" "${browser}"`,
  (stamp) => `198.51.100.9 - - [${stamp}] "GET / HTTP/1.1" 200 12 "-" "sqlmap/1.7.2#stable (https://sqlmap.org)"`,
  (stamp) => `198.51.100.10 - - [${stamp}] "GET / HTTP/1.1" 200 12 "https://x.example/?q=<script>alert(1)</script>" "${browser}"`,
  (stamp) => `198.51.100.11 - - [${stamp}] "GET /a\\x22%2e%2e/etc/passwd HTTP/1.1" 200 12 "-" "${browser}"`,
  (stamp) => `198.51.100.12 - - [${stamp}] "GET /../../etc/passwd HTTP/1.1" 200 12 "-" "${browser}"`,
  (stamp) => `198.51.100.13 - - [${stamp}] "GET /.env HTTP/1.1" 200 12 "-" "${browser}"`,
  (stamp) => `203.0.113.5 - - [${stamp}] "POST /login HTTP/1.1" 401 12 "-" "${browser}"`,
  (stamp, i) => `203.0.113.6 - - [${stamp}] "GET /missing/${i} HTTP/1.1" 404 12 "-" "${browser}"`,
  (stamp) => `203.0.113.7 - - [${stamp}] "GET /api HTTP/1.1" 429 12 "-" "${browser}"`,
  (stamp) => `203.0.113.8 - - [${stamp}] "GET /api HTTP/1.1" 503 12 "-" "${browser}"`,
  (stamp, i) => `10.0.3.${i % 5} - - [${stamp}] "GET /common/${i} HTTP/1.1" 200 -`,
  (stamp) => `- - - [${stamp}] "GET / HTTP/1.1" 200 1 "-" "-"`,
  // One client, three spellings: counted as one address.
  (stamp) => `::FFFF:203.0.113.70 - - [${stamp}] "GET / HTTP/1.1" 200 1 "-" "-"`,
  (stamp) => `2001:DB8:0:0:0:0:0:1 - - [${stamp}] "GET / HTTP/1.1" 200 1 "-" "-"`,
  (stamp) => `2001:db8::1 - - [${stamp}] "GET / HTTP/1.1" 200 1 "-" "-"`,
  (stamp) => `10.0.0.1 - - [${stamp}] "\\x16\\x03\\x01" 400 0 "-" "-"`,
  // The scanner's name after a quote the server escaped: still inside the user agent.
  (stamp) => `10.0.0.7 - - [${stamp}] "GET / HTTP/1.1" 200 1 "-" "probe \\" sqlmap/1.7"`,
  (stamp) => `10.0.0.2 - - [${stamp}] "GET /a HTTP/1.1" 200 1 "-" "Mozilla/5.0 (compatible)\tx"`,
  (stamp) => `10.0.0.3 - - [${stamp}] "GET /ORDER  BY 1-- HTTP/1.1" 200 1 "-" "-"`,
  () => `10.0.0.4 - - [23/Nov/2026:03:14:60 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`,
  (stamp) => `10.0.0.6 - - [${stamp}] "GET /page?token=ghp_${'Lm4Nb7Vc1Xz9Qa2Ws5Ed8Rf3Tg6Yh0Uj7Ik9'} HTTP/1.1" 500 1 "-" "-"`,
  // Plain to the fast path's byte walk, or not quite: `&param` and `&lt` are entities (¶m, <), `++`
  // a doubled space the decoding squeezes (`order by`), `login` a keyword of message rules only.
  (stamp, i) => `10.0.${i % 7}.${i % 13} - - [${stamp}] "GET /search?q=red+shoes&page=${i % 3}&sort=price HTTP/1.1" 200 512 "-" "${browser}"`,
  (stamp) => `10.0.0.8 - - [${stamp}] "GET /search?q=a&param=1 HTTP/1.1" 200 512 "-" "${browser}"`,
  (stamp) => `10.0.0.8 - - [${stamp}] "GET /search?q=x&ltscript&gt HTTP/1.1" 200 512 "-" "${browser}"`,
  (stamp) => `10.0.0.8 - - [${stamp}] "GET /search?q=1order++by+1-- HTTP/1.1" 200 512 "-" "${browser}"`,
  (stamp) => `10.0.0.8 - - [${stamp}] "GET /account/login HTTP/1.1" 200 512 "-" "${browser}"`,
  (stamp, i) => `203.0.113.${i % 3} - - [${stamp}] "GET /missing/${i}?ref=a&b=c HTTP/1.1" 404 12 "-" "${browser}"`,
  // Spelled apart from 10.0.0.1 by the tally; a time 73 years after the others.
  (stamp) => `010.000.0.1 - - [${stamp}] "GET / HTTP/1.1" 200 1 "-" "-"`,
  (_, i) => `10.0.0.9 - - [23/Nov/2099:03:14:${String(i % 60).padStart(2, '0')} +0000] "GET / HTTP/1.1" 200 1 "-" "-"`,
  (_, i) => `not an access log line ${i}`,
  () => '',
  () => '\n\n',
];

/** A log whose kinds of line come in a fixed jumble, a second or so apart, over several minutes. */
function writeLog(name: string, count: number): string {
  const base = Date.parse('2026-11-23T03:10:00Z');
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const time = new Date(base + i * 700);
    const stamp = `${String(time.getUTCDate()).padStart(2, '0')}/Nov/2026:${String(time.getUTCHours()).padStart(2, '0')}:${String(time.getUTCMinutes()).padStart(2, '0')}:${String(time.getUTCSeconds()).padStart(2, '0')} +0000`;
    // Mostly ordinary lines, the rest in turn.
    const kind = i % 3 === 0 ? kinds[2 + ((i / 3) % (kinds.length - 2))]! : kinds[i % 2]!;
    // One line not in ASCII: the read holding it is taken line by line, the others as bytes.
    lines.push(i === 4_000 ? `10.0.0.5 - - [${stamp}] "GET /café HTTP/1.1" 200 1 "-" "-"` : kind(stamp, i));
  }
  const file = path.join(work, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** What the job must give: every line parsed, matched and counted on its own. */
async function reference(file: string, format: LogFormat, window: { sinceMs: number | null; untilMs: number | null }) {
  const compiled = compileLogRules(rules);
  const tally = createTally();
  const formats: Partial<Record<LogFormat, number>> = {};
  const flagged: { line: number; rule: string }[] = [];
  let lines = 0;
  let malformed = 0;
  let outOfRange = 0;
  for await (const line of readLogLines(file, { start: 0, end: null }, {})) {
    lines += 1;
    const record = parseLine(line, format, { year: 2026 });
    if (record.malformed) malformed += 1;
    formats[record.format] = (formats[record.format] ?? 0) + 1;
    if (record.time === null ? window.sinceMs !== null || window.untilMs !== null : (window.sinceMs !== null && record.time < window.sinceMs) || (window.untilMs !== null && record.time > window.untilMs)) {
      outOfRange += 1;
      continue;
    }
    const hits = matchRecord(record, compiled);
    addToTally(tally, record, hits);
    for (const hit of hits) flagged.push({ line: lines, rule: hit.rule });
  }
  return { tally, formats, flagged, lines, malformed, outOfRange };
}

async function scan(file: string, window: { sinceMs: number | null; untilMs: number | null }) {
  const result = await scanLogRange(input(file, window), new AbortController().signal, () => undefined);
  return { ...result, findings: Array.from({ length: result.findings.count }, (_, index) => findingAt(result.findings, index, rules.specs, file, 0)) };
}

function input(file: string, window: { sinceMs: number | null; untilMs: number | null }): LogScanJobInput {
  return { file, start: 0, end: null, format: null, year: 2026, rules, secretRules, findingCap: 100_000, ...window };
}

describe('the log scan job', () => {
  it('counts and flags every line of an access log as reading each one in full would, with Unix or Windows line ends', async () => {
    const file = writeLog('mixed.log', 6_000);
    const windows = path.join(work, 'mixed-crlf.log');
    fs.writeFileSync(windows, fs.readFileSync(file, 'latin1').replaceAll('\n', '\r\n'), 'latin1');
    for (const [log, window] of [file, windows].flatMap((log) => [
      [log, { sinceMs: null, untilMs: null }],
      [log, { sinceMs: Date.parse('2026-11-23T03:20:00Z'), untilMs: Date.parse('2026-11-23T03:50:00Z') }],
    ] as const)) {
      const result = await scan(log, window);
      const expected = await reference(log, result.format, window);
      expect(result.format).toBe('combined');
      expect({ lines: result.lines, malformed: result.malformed, outOfRange: result.outOfRange, formats: result.formats }).toEqual({ lines: expected.lines, malformed: expected.malformed, outOfRange: expected.outOfRange, formats: expected.formats });
      expect(result.findings.map((finding) => ({ line: finding.line, rule: finding.rule }))).toEqual(expected.flagged);
      expect(tallyContents(result.tally)).toEqual(tallyContents(expected.tally));
      // Every kind of attack line above was flagged, not only counted.
      expect(new Set(result.findings.map((finding) => finding.category))).toEqual(new Set(['sqli', 'scanner', 'xss', 'path-traversal', 'sensitive-file', 'auth-failure', 'rate-limit', 'error-spike']));
    }
  });

  it('redacts a secret in an excerpt and leaves a line without one as it is', async () => {
    const file = writeLog('secrets.log', 200);
    const result = await scan(file, { sinceMs: null, untilMs: null });
    const withToken = result.findings.find((finding) => finding.excerpt.includes('/page?token='));
    expect(withToken?.excerpt).not.toContain('Lm4Nb7Vc1Xz9');
    const plain = result.findings.find((finding) => finding.rule === 'auth-denied-status');
    expect(plain?.excerpt).toMatch(/^203\.0\.113\.5 - - \[.*\] "POST \/login HTTP\/1\.1" 401 12 "-" "Mozilla/);
  });

  it('scans a batch of small files each as a scan of that file alone would, with a running total as progress', async () => {
    const names = ['batch-a.log', 'batch-b.log', 'batch-empty.log'];
    const files = [writeLog(names[0]!, 300), writeLog(names[1]!, 40), path.join(work, names[2]!)];
    fs.writeFileSync(files[2]!, '');
    const window = { sinceMs: null, untilMs: null };
    const alone = await Promise.all(files.map((file) => scanLogRange(input(file, window), new AbortController().signal, () => undefined)));
    const totals: number[] = [];
    const { file: _file, start: _start, end: _end, format: _format, year: _year, ...common } = input(files[0]!, window);
    const batch = await scanLogFiles({ ...common, files: files.map((file) => ({ file, format: null, year: 2026 })) }, new AbortController().signal, (progress) => totals.push(progress.lines));
    const counted = (results: typeof alone) => results.map(({ tally, ...rest }) => ({ ...rest, tally: tallyContents(tally) }));
    expect(counted(batch)).toEqual(counted(alone));
    expect(totals.at(-1)).toBe(alone.reduce((sum, result) => sum + result.lines, 0));
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
  });

  it('counts lines cut for their length and still flags an attack pushed past the cut by padding', async () => {
    const padded = `198.51.100.7 - - [23/Nov/2026:14:15:02 +0000] "GET /item.php?pad=${'A'.repeat(200 * 1024)}&id=1%20UNION%20SELECT%20password%20FROM%20users HTTP/1.1" 200 12 "-" "curl/8.5.0"`;
    const file = path.join(work, 'padded.log');
    fs.writeFileSync(file, `${padded}\n${'B'.repeat(100 * 1024)}\n10.0.0.1 - - [23/Nov/2026:14:15:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"\n`);
    const result = await scan(file, { sinceMs: null, untilMs: null });
    expect({ lines: result.lines, longLinesCut: result.longLinesCut }).toEqual({ lines: 3, longLinesCut: 2 });
    expect(result.findings.map((finding) => [finding.line, finding.category])).toEqual([[1, 'sqli']]);
  });

  it('shows the part of a long line the finding is about, not its head', async () => {
    const query = (attack: string) => `/search?q=${'shoes+'.repeat(150)}&${attack}`;
    const lines = [
      // Written plainly at the end of a long query, in the user agent after one, and only once decoded.
      `198.51.100.7 - - [23/Nov/2026:14:15:02 +0000] "GET ${query("file=../../../../etc/passwd")} HTTP/1.1" 200 12 "-" "curl/8.5.0"`,
      `198.51.100.8 - - [23/Nov/2026:14:15:02 +0000] "GET ${query('x=1')} HTTP/1.1" 200 12 "-" "sqlmap/1.7.2#stable (https://sqlmap.org)"`,
      `198.51.100.10 - - [23/Nov/2026:14:15:02 +0000] "GET /x HTTP/1.1" 200 12 "https://ref.example/${'p/'.repeat(200)}?q=%253Cscript%253Ealert(1)%253C%252Fscript%253E" "Mozilla/5.0"`,
    ];
    const file = path.join(work, 'long-lines.log');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await scan(file, { sinceMs: null, untilMs: null });
    const excerpts = new Map(result.findings.map((finding) => [finding.category, finding.excerpt]));
    expect([...excerpts.keys()].sort()).toEqual(['path-traversal', 'scanner', 'xss']);
    expect(excerpts.get('path-traversal')).toContain('../../../../etc/passwd');
    expect(excerpts.get('scanner')).toContain('sqlmap/1.7.2');
    expect(excerpts.get('xss')).toContain('%253Cscript%253E');
    for (const excerpt of excerpts.values()) expect({ starts: excerpt.startsWith('…'), length: excerpt.length <= 300 }).toEqual({ starts: true, length: true });
  });
});

describe('reading lines as blocks of bytes', () => {
  it('gives the same lines, ranges included, as reading them as text', async () => {
    const file = path.join(work, 'blocks.log');
    const text = Array.from({ length: 40_000 }, (_, i) => (i % 9_973 === 0 ? `é line ${i}` : i % 4_999 === 0 ? `line ${i}\r` : i % 89 === 0 ? '' : `line ${i} ${'x'.repeat(i % 300)}`)).join('\n');
    fs.writeFileSync(file, text);
    const size = fs.statSync(file).size;
    for (const range of [
      { start: 0, end: null },
      { start: 0, end: Math.floor(size / 3) },
      { start: Math.floor(size / 3), end: 2 * Math.floor(size / 3) },
      { start: 2 * Math.floor(size / 3), end: null },
    ]) {
      const asText: string[] = [];
      for await (const line of readLogLines(file, range, {})) asText.push(line);
      const asBlocks: string[] = [];
      let blocks = 0;
      for await (const parts of readLogLineBlocks(file, range, {})) {
        for (const part of parts) {
          if (typeof part === 'string') asBlocks.push(part);
          else {
            blocks += 1;
            asBlocks.push(...part.toString('latin1').split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)));
          }
        }
      }
      expect(asBlocks).toEqual(asText);
      expect(blocks).toBeGreaterThan(0);
    }
  });

  it('hands a line in UTF-8 on as text and keeps its ASCII neighbours in blocks', async () => {
    const file = path.join(work, 'utf8-among-ascii.log');
    const lines = Array.from({ length: 20_000 }, (_, i) => (i % 1_000 === 500 ? `10.0.0.1 "GET /café/${i}" "Mozilla/5.0 ☃"` : `10.0.0.1 "GET /plain/${i}" ${'x'.repeat(i % 200)}`));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const asText: string[] = [];
    const inBlocks: string[] = [];
    const read: string[] = [];
    for await (const parts of readLogLineBlocks(file, { start: 0, end: null }, {})) {
      for (const part of parts) {
        if (typeof part === 'string') {
          asText.push(part);
          read.push(part);
        } else {
          const split = part.toString('latin1').split('\n');
          inBlocks.push(...split);
          read.push(...split);
        }
      }
    }
    expect(read).toEqual(lines);
    // The 20 lines with UTF-8 come as text, decoded, with at most the line each read ends inside
    // (put together from two reads); the other lines as bytes.
    const reads = Math.ceil(fs.statSync(file).size / logReadBytes);
    expect(asText.filter((line) => line.includes('café'))).toHaveLength(20);
    expect(asText.length).toBeLessThanOrEqual(20 + reads);
    expect(inBlocks.length).toBeGreaterThanOrEqual(19_980 - reads);
  });
});
