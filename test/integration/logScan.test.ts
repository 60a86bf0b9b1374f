import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, Incident, IncidentDetail, LogPromoted, LogScanOutcome, LogScanPage, PushedEvent, VerifyResult } from '../../src-main/contract';
import { createServiceContext, type ServiceContext } from '../../src-main/services/context';
import { dispatch, dispatchAsync } from '../../src-main/services/dispatch';
import { logScanLimits } from '../../src-main/services/logs/logScan';
import { tempDataDir } from '../support/consoleServer';

const work = tempDataDir('firebreak-logscan-');
const logs = path.join(work, 'logs');
const events: PushedEvent[] = [];
let ctx: ServiceContext;
let incidentId: string;
const defaults = { ...logScanLimits };

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const stamp = (ms: number) => {
  const d = new Date(ms);
  const month = months[d.getUTCMonth()]!;
  return `${String(d.getUTCDate()).padStart(2, '0')}/${month}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
};
const base = Date.parse('2026-11-23T13:00:00Z');
const access = (ip: string, ms: number, request: string, status = 200, agent = 'Mozilla/5.0 (X11; Linux x86_64)') => `${ip} - - [${stamp(ms)}] "${request} HTTP/1.1" ${status} 512 "-" "${agent}"`;
const sqli = (ip: string, ms: number) => access(ip, ms, 'GET /products?id=1%20UNION%20SELECT%20username,password%20FROM%20users', 200, 'sqlmap/1.7.2#stable');

/** A combined-format log of `count` benign lines with an SQL injection at each of `attacks` (1-based line numbers). */
function accessLog(count: number, attacks: ReadonlySet<number>, startMs = base): string {
  const lines: string[] = [];
  for (let line = 1; line <= count; line += 1) {
    const ms = startMs + line * 1_000;
    lines.push(attacks.has(line) ? sqli('203.0.113.9', ms) : access(`198.51.100.${line % 50}`, ms, `GET /catalogue/page/${line % 400}`));
  }
  return `${lines.join('\n')}\n`;
}

async function call<T>(name: string, input: unknown): Promise<Envelope<T>> {
  return (await dispatchAsync(ctx, name, input)) as Envelope<T>;
}
async function ok<T>(name: string, input: unknown): Promise<T> {
  const envelope = await call<T>(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
  return envelope.value;
}

beforeAll(() => {
  fs.mkdirSync(logs);
  ctx = createServiceContext({ dataDir: path.join(work, 'data'), transport: 'http', emit: (event) => events.push(event) });
  const declared = dispatch(ctx, 'incident.declare', { title: 'Database dumped through the search form', severity: 'P1' });
  if (!declared.ok) throw new Error(declared.error.message);
  incidentId = (declared.value as Incident).id;
});
afterEach(() => Object.assign(logScanLimits, defaults));
afterAll(() => {
  ctx.db.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('scan.logs', () => {
  it('reads a glob of rotated logs, a .gz among them, in name order with file-local line numbers', async () => {
    const dir = path.join(logs, 'rotated');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'access.log'), accessLog(40, new Set([5])));
    fs.writeFileSync(path.join(dir, 'access.log.1'), accessLog(30, new Set([12, 30])));
    fs.writeFileSync(path.join(dir, 'access.log.2.gz'), zlib.gzipSync(accessLog(20, new Set([1]))));
    const result = await ok<LogScanOutcome>('scan.logs', { paths: [path.join(dir, 'access.log*')] });
    expect(result.files).toEqual(['access.log', 'access.log.1', 'access.log.2.gz'].map((name) => path.join(dir, name)));
    const sqliFindings = result.findings.filter((finding) => finding.category === 'sqli');
    expect(sqliFindings.map((finding) => [path.basename(finding.file), finding.line])).toEqual([
      ['access.log', 5],
      ['access.log.1', 12],
      ['access.log.1', 30],
      ['access.log.2.gz', 1],
    ]);
    expect(sqliFindings[0]).toMatchObject({ ip: '203.0.113.9', time: new Date(base + 5_000).toISOString(), excerpt: expect.stringContaining('UNION%20SELECT') });
    expect(result.stats).toMatchObject({ files: 3, lines: 90, skipped: [] });
    expect(result.stats.formats.combined).toBe(90);
    expect(result.scanId).toBeNull();
  });

  it('gives the same findings, line for line, when a 2 MB file is cut in ranges as when it is read whole', async () => {
    const file = path.join(logs, 'big.log');
    const attacks = new Set([1, 2, 777, 4_096, 9_001, 12_345, 15_000]);
    fs.writeFileSync(file, accessLog(16_000, attacks));
    expect(fs.statSync(file).size).toBeGreaterThan(1.9 * 1024 * 1024);
    const whole = await ok<LogScanOutcome>('scan.logs', { paths: [file] });
    logScanLimits.splitBytes = 512 * 1024;
    const cut = await ok<LogScanOutcome>('scan.logs', { paths: [file] });
    const lines = (result: LogScanOutcome) => result.findings.filter((finding) => finding.category === 'sqli').map((finding) => finding.line);
    expect(lines(whole)).toEqual([...attacks]);
    expect(lines(cut)).toEqual([...attacks]);
    expect(cut.findings).toEqual(whole.findings);
    expect(cut.stats.lines).toBe(16_000);
    expect(cut.topIps).toEqual(whole.topIps);
  });

  it('redacts a secret before cutting the excerpt, so a token across the cut leaves none of itself', async () => {
    // Written in pieces so this file is not itself a leak a scanner flags.
    const token = `ghp_${'Lm4Nb7Vc1Xz9Qa2Ws5Ed8Rf3Tg6Yh0Uj7Ik9'}`;
    const prefix = `203.0.113.9 - - [${stamp(base)}] "GET /products?id=1%20UNION%20SELECT%20username,password%20FROM%20users&pad=`;
    const padded = `${prefix}${'x'.repeat(276 - prefix.length)}&token=${token} HTTP/1.1" 200 512 "-" "curl/8.5"`;
    expect(padded.indexOf(token)).toBeLessThan(300);
    expect(padded.indexOf(token) + token.length).toBeGreaterThan(300);
    const file = path.join(logs, 'token.log');
    fs.writeFileSync(file, `${padded}\n`);
    const result = await ok<LogScanOutcome>('scan.logs', { paths: [file] });
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings) {
      // Cut then redacted, the excerpt would end in the token's first 20-odd characters: too short for the rule to know.
      expect(finding.excerpt).toHaveLength(300);
      expect(finding.excerpt).toContain('&token=');
      expect(finding.excerpt).not.toContain('Lm4N');
    }
  });

  it('keeps only lines between since and until', async () => {
    const file = path.join(logs, 'window.log');
    fs.writeFileSync(file, accessLog(100, new Set([10, 50, 90])));
    const result = await ok<LogScanOutcome>('scan.logs', { paths: [file], since: new Date(base + 20_000).toISOString(), until: new Date(base + 60_000).toISOString() });
    expect(result.findings.filter((finding) => finding.category === 'sqli').map((finding) => finding.line)).toEqual([50]);
    expect(result.stats.outOfRange).toBe(100 - 41);
    const backwards = await call('scan.logs', { paths: [file], since: new Date(base + 60_000).toISOString(), until: new Date(base).toISOString() });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('is after until') } });
  });

  it('skips a folder, a FIFO and a pattern matching nothing with reasons, and names a missing file when nothing can be read', async () => {
    const good = path.join(logs, 'good.log');
    fs.writeFileSync(good, accessLog(3, new Set([2])));
    const folder = path.join(logs, 'a-folder');
    fs.mkdirSync(folder);
    const fifo = path.join(logs, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const pattern = path.join(logs, 'nothing-*.log');
    const result = await ok<LogScanOutcome>('scan.logs', { paths: [good, folder, fifo, pattern, path.join(logs, 'gone.log')] });
    expect(result.files).toEqual([good]);
    expect(result.stats.skipped).toEqual(
      expect.arrayContaining([
        { file: folder, reason: expect.stringContaining('a folder') },
        { file: fifo, reason: expect.stringContaining('FIFO') },
        { file: pattern, reason: 'matched no file' },
        { file: path.join(logs, 'gone.log'), reason: 'no such file' },
      ]),
    );
    expect(await call('scan.logs', { paths: [path.join(logs, 'gone.log')] })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: `cannot scan ${path.join(logs, 'gone.log')}: no such file` } });
    const nothing = await call('scan.logs', { paths: [folder, pattern] });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^nothing to scan: /) } });
    expect(!nothing.ok && nothing.error.message).toContain(`${pattern}: matched no file`);
    expect(!nothing.ok && nothing.error.message).toContain(`${folder}: a folder`);
  });

  it('keeps what a damaged .gz held before the damage, and says it was read in part', async () => {
    const file = path.join(logs, 'cut.log.gz');
    const whole = zlib.gzipSync(accessLog(5_000, new Set([3, 4_990])));
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const result = await ok<LogScanOutcome>('scan.logs', { paths: [file] });
    expect(result.findings.filter((finding) => finding.category === 'sqli').map((finding) => finding.line)).toEqual([3]);
    expect(result.stats.skipped).toEqual([{ file, reason: expect.stringMatching(/^read in part \(\d+ lines scanned\): .*not a complete gzip file/) }]);
    expect(result.stats.lines).toBeGreaterThan(100);
    expect(result.stats.lines).toBeLessThan(5_000);
  });

  it('caps the findings kept and counts the rest', async () => {
    const file = path.join(logs, 'flood.log');
    fs.writeFileSync(file, accessLog(30, new Set(Array.from({ length: 30 }, (_, index) => index + 1))));
    logScanLimits.findings = 10;
    const result = await ok<LogScanOutcome>('scan.logs', { paths: [file] });
    expect(result.findings).toHaveLength(10);
    expect(result.stats.findingsOmitted).toBeGreaterThanOrEqual(20);
    // The omitted still count for the source.
    expect(result.topIps.find((talker) => talker.ip === '203.0.113.9')?.hits).toBe(30);
  });

  it('records nothing when cancelled mid-scan', async () => {
    const file = path.join(logs, 'huge.log');
    fs.writeFileSync(file, accessLog(150_000, new Set([3, 140_000])));
    const before = await ok<LogScanPage>('logs.list', { incidentId });
    const timelineBefore = (dispatch(ctx, 'incident.get', { id: incidentId }) as Envelope<IncidentDetail> & { ok: true }).value.timelineTotal;
    const seen = events.length;
    const pending = call('scan.logs', { paths: [file], incidentId });
    // Cancels as soon as the job has read something (the first progress with bytes).
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const progress = events.slice(seen).find((event): event is Extract<PushedEvent, { type: 'job.progress' }> => event.type === 'job.progress' && event.operation === 'scan.logs' && event.done > 0);
        if (!progress) return;
        clearInterval(timer);
        dispatch(ctx, 'jobs.cancel', { jobId: progress.jobId });
        resolve();
      }, 5);
    });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await ok<LogScanPage>('logs.list', { incidentId })).toEqual(before);
    expect((dispatch(ctx, 'incident.get', { id: incidentId }) as Envelope<IncidentDetail> & { ok: true }).value.timelineTotal).toBe(timelineBefore);
    fs.rmSync(file);
  });
});

describe('a log scan kept against an incident', () => {
  let scanId: string;
  const file = () => path.join(logs, 'incident.log');

  beforeAll(async () => {
    // 25 SQL injections from one source, and benign traffic from others.
    const attacks = new Set(Array.from({ length: 25 }, (_, index) => 10 + index * 4));
    // Then 100 failed logins from one address in under two minutes: a brute force.
    const burst = Array.from({ length: 100 }, (_, index) => access('192.0.2.77', base + 600_000 + index * 1_000, 'POST /login', 401, 'python-requests/2.31'));
    fs.writeFileSync(file(), `${accessLog(200, attacks)}${burst.join('\n')}\n`);
    const outcome = await ok<LogScanOutcome>('scan.logs', { paths: [file()], incidentId });
    scanId = outcome.scanId!;
    expect(scanId).toMatch(/^LS-[0-9a-f]{8}$/);
  });

  it('is on the timeline and listed with its findings, page by page', async () => {
    const detail = (dispatch(ctx, 'incident.get', { id: incidentId }) as Envelope<IncidentDetail> & { ok: true }).value;
    const entry = detail.timeline.find((candidate) => candidate.type === 'logs.scanned' && candidate.payload.scanId === scanId);
    expect(entry?.summary).toMatch(new RegExp(`^Log scan ${scanId} of 1 file\\(s\\), 300 lines: \\d+ finding\\(s\\) \\(.*sqli.*\\)`));
    const first = await ok<LogScanPage>('logs.list', { incidentId, category: ['sqli'], limit: 10 });
    expect(first.scans[0]).toMatchObject({ id: scanId, incidentId, paths: [file()], files: [file()], findingCount: expect.any(Number) });
    expect(first.total).toBe(25);
    expect(first.findings).toHaveLength(10);
    const seenLines: number[] = first.findings.map((finding) => finding.line);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await ok<LogScanPage>('logs.list', { incidentId, category: ['sqli'], limit: 10, cursor });
      seenLines.push(...page.findings.map((finding) => finding.line));
      cursor = page.nextCursor;
    }
    expect(seenLines).toEqual(Array.from({ length: 25 }, (_, index) => 10 + index * 4));
    const byIp = await ok<LogScanPage>('logs.list', { incidentId, scanId, ip: '203.0.113.9' });
    expect(byIp.total).toBeGreaterThanOrEqual(25);
    expect(new Set(byIp.findings.map((finding) => finding.ip))).toEqual(new Set(['203.0.113.9']));
    expect(await ok<LogScanPage>('logs.list', { incidentId, scanId, ip: '203.0.113.9', category: ['sqli', 'xss'] })).toMatchObject({ total: 25 });
    expect(await ok<LogScanPage>('logs.list', { incidentId, ip: '192.0.2.200' })).toMatchObject({ findings: [], total: 0, nextCursor: null });
  });

  it('refuses a scan of another incident, and a cursor of another filter set is refused', async () => {
    const other = (dispatch(ctx, 'incident.declare', { title: 'Unrelated outage', severity: 'P3' }) as Envelope<Incident> & { ok: true }).value.id;
    expect(await call('logs.list', { incidentId: other, scanId })).toMatchObject({ ok: false, error: { code: 'not-found', message: `no log scan ${scanId} on ${other}` } });
    expect(await call('logs.promote', { incidentId: other, scanId, ip: '203.0.113.9' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await ok<LogScanPage>('logs.list', { incidentId: other })).toEqual({ scans: [], promoted: [], findings: [], total: 0, nextCursor: null });
    expect(await call('logs.list', { incidentId, cursor: 'bm90LWEtY3Vyc29y' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('promotes a finding and an IP to the timeline', async () => {
    const page = await ok<LogScanPage>('logs.list', { incidentId, category: ['sqli'], limit: 1 });
    const finding = page.findings[0]!;
    const promoted = await ok<LogPromoted>('logs.promote', { incidentId, scanId, findingId: finding.id, note: 'first hit from the dump' });
    expect(promoted.summary).toBe(`Log finding promoted: sqli from 203.0.113.9 at ${finding.time!.slice(11, 19)} UTC — ${finding.excerpt}. Note: first hit from the dump`);
    const ip = await ok<LogPromoted>('logs.promote', { incidentId, scanId, ip: '203.0.113.9' });
    expect(ip.summary).toMatch(new RegExp(`^IP 203\\.0\\.113\\.9 promoted from log scan ${scanId}: 25 requests, 25 flagged \\((.*, )?sqli(, .*)?\\), first 13:00, last 13:01`));
    const forcer = await ok<LogPromoted>('logs.promote', { incidentId, scanId, ip: '192.0.2.77', note: 'block at the edge' });
    expect(forcer.summary).toBe(`IP 192.0.2.77 promoted from log scan ${scanId}: 100 requests, 100 flagged (auth-failure), first 13:10, last 13:11, brute-force 13:10–13:11. Note: block at the edge`);
    const timeline = (dispatch(ctx, 'incident.get', { id: incidentId }) as Envelope<IncidentDetail> & { ok: true }).value.timeline;
    expect(timeline.filter((entry) => entry.type === 'logs.promoted').map((entry) => entry.summary)).toEqual([promoted.summary, ip.summary, forcer.summary]);
    expect(await call('logs.promote', { incidentId, scanId, ip: '192.0.2.200' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('192.0.2.200 is not among the sources') } });
    expect(await call('logs.promote', { incidentId, scanId, findingId: 99_999_999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('logs.promote', { incidentId, scanId, findingId: finding.id, ip: '203.0.113.9' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('remembers what is on the timeline across reloads, and a second promote adds no second entry', async () => {
    const promotedTimeline = () => (dispatch(ctx, 'incident.get', { id: incidentId }) as Envelope<IncidentDetail> & { ok: true }).value.timeline.filter((entry) => entry.type === 'logs.promoted');
    const before = promotedTimeline();
    const page = await ok<LogScanPage>('logs.list', { incidentId, scanId });
    // The three promoted in the test above: one finding and two addresses, with what their entries say.
    expect(page.promoted.map((entry) => entry.summary)).toEqual(before.map((entry) => entry.summary));
    expect(page.promoted.filter((entry) => entry.ip !== null).map((entry) => entry.ip)).toEqual(['203.0.113.9', '192.0.2.77']);
    const finding = page.promoted.find((entry) => entry.findingId !== null)!;
    expect(await ok<LogPromoted>('logs.promote', { incidentId, scanId, findingId: finding.findingId!, note: 'clicked again after a reload' })).toEqual({ summary: finding.summary });
    expect(await ok<LogPromoted>('logs.promote', { incidentId, scanId, ip: '192.0.2.77' })).toEqual({ summary: page.promoted.find((entry) => entry.ip === '192.0.2.77')!.summary });
    expect(promotedTimeline()).toHaveLength(before.length);
  });

  it('still verifies, and travels in a bundle with its findings and what of them is on the timeline', async () => {
    expect(await ok<VerifyResult>('incident.verify', { id: incidentId })).toMatchObject({ verdict: 'ok', intact: true });
    const file = path.join(work, 'bundle.json');
    await ok('incident.export', { id: incidentId, file });
    const other = createServiceContext({ dataDir: path.join(work, 'other'), transport: 'http', emit: () => {} });
    try {
      const fingerprint = (await ok<{ fingerprint: string }>('evidence.publicKey', {})).fingerprint;
      const imported = (await dispatchAsync(other, 'incident.import', { file, trustedKeys: [fingerprint] })) as Envelope<{ imported: boolean }>;
      expect(imported).toMatchObject({ ok: true, value: { imported: true } });
      const detail = dispatch(other, 'incident.get', { id: incidentId }) as Envelope<IncidentDetail> & { ok: true };
      expect(detail.value.timeline.filter((entry) => entry.type.startsWith('logs.')).map((entry) => entry.type)).toEqual(['logs.scanned', 'logs.promoted', 'logs.promoted', 'logs.promoted']);
      expect(dispatch(other, 'logs.list', { incidentId })).toEqual({ ok: true, value: await ok('logs.list', { incidentId }) });
      expect(await dispatchAsync(other, 'incident.verify', { id: incidentId })).toMatchObject({ ok: true, value: { verdict: 'ok' } });
    } finally {
      other.db.close();
    }
  });
});
