import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHistogram, correlate, topTalkers } from '../../../../src-main/domain/logs/logCorrelation';
import { detectFormat, parseLine } from '../../../../src-main/domain/logs/logFormats';
import { matchRecord } from '../../../../src-main/domain/logs/logMatch';
import type { LogRecord } from '../../../../src-main/domain/logs/logRecord';
import { compileLogRules, parseLogRules, type LogThresholds } from '../../../../src-main/domain/logs/logRules';
import { addressCells, ipMinuteAt, notFoundCap, pathCount } from '../../../../src-main/domain/logs/ipMinuteCells';
import { addToTally, createTally, mergeTallies, type LogTally } from '../../../../src-main/domain/logs/logTally';
import { repoRoot } from '../../../support/consoleServer';
import { request } from './logSamples';

const parsed = parseLogRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'logs.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const rules = compileLogRules(parsed);
const shipped = parsed.thresholds;
const thresholds = (changes: Partial<LogThresholds>): LogThresholds => ({ ...shipped, ...changes });

function tallyOf(records: readonly LogRecord[]): LogTally {
  const tally = createTally();
  for (const record of records) addToTally(tally, record, matchRecord(record, rules));
  return tally;
}

const t0 = Date.parse('2026-11-23T03:14:07.123Z');
const minute = 60_000;
const attacker = '203.0.113.66';
/** `count` failed logins from one address, `gapMs` apart from `start`. */
const failures = (count: number, start: number, gapMs: number, ip: string | null = attacker) =>
  Array.from({ length: count }, (_, i) => request({ ip, method: 'POST', path: '/login', status: 401, time: start + i * gapMs }));
const browsing = (count: number, start: number, ip = '198.51.100.20') => Array.from({ length: count }, (_, i) => request({ ip, path: `/products/${i}`, time: start + i * 7_000 }));
/** A fixed shuffle, as parallel workers would deliver lines: the result must not depend on order. */
const shuffled = <T>(items: readonly T[]) => items.map((item, i) => [(i * 7919) % 10007, item] as const).sort((a, b) => a[0] - b[0]).map(([, item]) => item);

describe('brute force', () => {
  it('a 100-failure burst from one address within two minutes is one aggregate with its first and last times', () => {
    const burst = failures(100, t0, 1_190);
    const aggregates = correlate(tallyOf(shuffled([...burst, ...browsing(300, t0 - 10 * minute)])), shipped);
    expect(aggregates).toEqual([
      {
        kind: 'brute-force',
        ip: attacker,
        count: 100,
        from: '2026-11-23T03:14:07.123Z',
        to: new Date(t0 + 99 * 1_190).toISOString(),
        detail: '100 authentication failures in 2 min (threshold 10 in 5 min)',
      },
    ]);
    expect(aggregates[0]!.to).toBe('2026-11-23T03:16:04.933Z');
  });

  it('reads the same from logged JSON lines, to the millisecond', () => {
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ '@timestamp': new Date(t0 + i * 1_187).toISOString(), 'client.ip': attacker, request: 'POST /api/session HTTP/1.1', status: 401, user_agent: 'python-requests/2.31.0' }));
    const records = lines.map((line) => parseLine(line, detectFormat(lines), { year: 2026 }));
    expect(correlate(tallyOf(records), shipped)).toEqual([expect.objectContaining({ kind: 'brute-force', ip: attacker, count: 100, from: '2026-11-23T03:14:07.123Z', to: '2026-11-23T03:16:04.636Z' })]);
  });

  it('counts exactly at the threshold and not one below', () => {
    const rule = thresholds({ bruteForce: { failures: 10, windowMinutes: 5 } });
    expect(correlate(tallyOf(failures(10, t0, 20_000)), rule).map((aggregate) => aggregate.count)).toEqual([10]);
    expect(correlate(tallyOf(failures(9, t0, 20_000)), rule)).toEqual([]);
  });

  it('slides by the second: ten failures over 297 s are within 5 minutes, over 306 s they are not', () => {
    const rule = thresholds({ bruteForce: { failures: 10, windowMinutes: 5 } });
    expect(correlate(tallyOf(failures(10, t0, 33_000)), rule).map(({ count, from, to }) => ({ count, from, to }))).toEqual([{ count: 10, from: new Date(t0).toISOString(), to: new Date(t0 + 297_000).toISOString() }]);
    expect(correlate(tallyOf(failures(10, t0, 34_000)), rule)).toEqual([]);
  });

  it('two bursts further apart than the window are two aggregates; a steady trickle is one', () => {
    const rule = thresholds({ bruteForce: { failures: 10, windowMinutes: 5 } });
    const twoBursts = correlate(tallyOf([...failures(20, t0, 1_000), ...failures(30, t0 + 20 * minute, 1_000)]), rule);
    expect(twoBursts.map(({ count, from, to }) => ({ count, from, to }))).toEqual([
      { count: 20, from: new Date(t0).toISOString(), to: new Date(t0 + 19_000).toISOString() },
      { count: 30, from: new Date(t0 + 20 * minute).toISOString(), to: new Date(t0 + 20 * minute + 29_000).toISOString() },
    ]);
    // Three a minute for an hour: every 5-minute window holds 15, and they overlap into one.
    const trickle = correlate(tallyOf(failures(180, t0, 20_000)), rule);
    expect(trickle.map(({ kind, count }) => [kind, count])).toEqual([['brute-force', 180]]);
    // Below the threshold in every window: one a minute for an hour.
    expect(correlate(tallyOf(failures(60, t0, minute)), rule)).toEqual([]);
  });

  it('leaves out lines without an address or a time', () => {
    expect(correlate(tallyOf(failures(100, t0, 1_000, null)), shipped)).toEqual([]);
    expect(correlate(tallyOf(failures(100, t0, 1_000).map((record) => ({ ...record, time: null }))), shipped)).toEqual([]);
  });

  it('counts failed logins a system logs without a status', () => {
    const ssh = Array.from({ length: 12 }, (_, i) => request({ format: 'syslog', ip: attacker, path: null, status: null, userAgent: null, time: t0 + i * 5_000, message: `sshd[812]: Failed password for root from ${attacker} port ${40_000 + i} ssh2` }));
    expect(correlate(tallyOf(ssh), shipped).map(({ kind, count }) => [kind, count])).toEqual([['brute-force', 12]]);
  });
});

describe('rate-limit storms, scanning and error spikes', () => {
  it('a storm of 429s is one rate-limit aggregate, whole across a minute boundary', () => {
    // 59 of them in 03:14, the last in 03:15: a one-minute window slides by the second.
    const storm = Array.from({ length: 60 }, (_, i) => request({ ip: attacker, path: '/api/search', status: 429, time: t0 + i * 900 }));
    expect(correlate(tallyOf(storm), thresholds({ rateLimit: { responses: 50, windowMinutes: 1 } })).map(({ kind, ip, count }) => [kind, ip, count])).toEqual([['rate-limit', attacker, 60]]);
  });

  it('rate limits and scanning count from their threshold exactly, not one below', () => {
    const limitedBy = (count: number) => Array.from({ length: count }, (_, i) => request({ ip: attacker, status: 429, time: t0 + i * 500 }));
    const rateRule = thresholds({ rateLimit: { responses: 50, windowMinutes: 1 } });
    expect(correlate(tallyOf(limitedBy(50)), rateRule).map(({ kind, count }) => [kind, count])).toEqual([['rate-limit', 50]]);
    expect(correlate(tallyOf(limitedBy(49)), rateRule)).toEqual([]);
    const probing = (count: number) => Array.from({ length: count }, (_, i) => request({ ip: attacker, path: `/old/${i}.html`, status: 404, time: t0 + i * 1_000 }));
    const scanRule = thresholds({ scanning: { distinctNotFound: 30, windowMinutes: 5 } });
    expect(correlate(tallyOf(probing(30)), scanRule).map(({ kind, count }) => [kind, count])).toEqual([['scanning', 30]]);
    expect(correlate(tallyOf(probing(29)), scanRule)).toEqual([]);
  });

  it('many distinct paths answered 404 are scanning; one missing path asked for all day is not', () => {
    const rule = thresholds({ scanning: { distinctNotFound: 30, windowMinutes: 5 } });
    const probe = Array.from({ length: 40 }, (_, i) => request({ ip: attacker, path: `/admin${i}.php`, status: 404, time: t0 + i * 4_000 }));
    expect(correlate(tallyOf(probe), rule)).toEqual([
      expect.objectContaining({ kind: 'scanning', ip: attacker, count: 40, from: new Date(t0).toISOString(), to: new Date(t0 + 39 * 4_000).toISOString() }),
    ]);
    const favicon = Array.from({ length: 500 }, (_, i) => request({ path: '/favicon.ico', status: 404, time: t0 + i * 1_000 }));
    expect(correlate(tallyOf(favicon), rule)).toEqual([]);
    expect(correlate(tallyOf(probe.slice(0, 29)), rule)).toEqual([]);
  });

  it('an error spike is the minutes far above the site’s own 5xx baseline, consecutive ones as one', () => {
    const rule = thresholds({ errorSpike: { minErrors: 10, factor: 5 } });
    // Two 5xx a minute for an hour (median 2, threshold max(10, 5 × 2) = 10), then 30 and 25 in two minutes.
    const baseline = Array.from({ length: 120 }, (_, i) => request({ ip: `198.51.100.${i % 9}`, status: 502, time: t0 + Math.floor(i / 2) * minute + (i % 2) * 20_000 }));
    const start = t0 + 60 * minute;
    const spike = Array.from({ length: 55 }, (_, i) => request({ ip: null, status: 503, time: start + i * 2_000 }));
    expect(correlate(tallyOf([...baseline, ...spike]), rule)).toEqual([
      { kind: 'error-spike', ip: null, count: 55, from: new Date(start).toISOString(), to: new Date(start + 54 * 2_000).toISOString(), detail: '55 server errors (5xx) in 2 min (threshold 10 a minute: 5 × the median, at least 10)' },
    ]);
    // Nine errors in a quiet minute are under minErrors.
    expect(correlate(tallyOf([...browsing(100, t0), ...spike.slice(0, 9)]), rule)).toEqual([]);
    // A busy site's 5 a minute make the threshold 25: a minute of 20 is no spike.
    const busy = Array.from({ length: 300 }, (_, i) => request({ status: 500, time: t0 + Math.floor(i / 5) * minute }));
    const twenty = Array.from({ length: 15 }, () => request({ status: 500, time: t0 + 30 * minute + 1 }));
    expect(correlate(tallyOf([...busy, ...twenty]), rule)).toEqual([]);
  });

  it('sorts aggregates by start, then kind, then address', () => {
    const rule = thresholds({ bruteForce: { failures: 5, windowMinutes: 5 }, rateLimit: { responses: 5, windowMinutes: 1 } });
    const late = failures(6, t0 + 10 * minute, 1_000, '192.0.2.1');
    const early = failures(6, t0, 1_000, '192.0.2.9');
    const limited = Array.from({ length: 6 }, (_, i) => request({ ip: '192.0.2.9', status: 429, time: t0 + i * 1_000 }));
    const sameStart = failures(6, t0, 1_000, '192.0.2.3');
    expect(correlate(tallyOf([...late, ...limited, ...early, ...sameStart]), rule).map(({ kind, ip }) => `${kind} ${ip}`)).toEqual([
      'brute-force 192.0.2.3',
      'brute-force 192.0.2.9',
      'rate-limit 192.0.2.9',
      'brute-force 192.0.2.1',
    ]);
  });
});

describe('tallies', () => {
  const mixed = () => [
    ...failures(100, t0, 1_190),
    ...browsing(400, t0 - 30 * minute),
    ...Array.from({ length: 40 }, (_, i) => request({ ip: '192.0.2.44', path: `/.git/${i}`, status: 404, time: t0 + i * 3_000, userAgent: 'gobuster/3.6' })),
    ...Array.from({ length: 30 }, (_, i) => request({ ip: null, status: 500, time: t0 + 5 * minute + i * 500 })),
  ];

  it('merged from parts (cloned across threads) give what one tally gives', () => {
    const records = mixed();
    const whole = tallyOf(records);
    const parts = [createTally(), createTally(), createTally()];
    records.forEach((record, i) => addToTally(parts[(i * 31) % 3]!, record, matchRecord(record, rules)));
    const merged = createTally();
    for (const part of parts) mergeTallies(merged, structuredClone(part));
    expect(correlate(merged, shipped)).toEqual(correlate(whole, shipped));
    expect(correlate(merged, shipped).map((aggregate) => aggregate.kind)).toEqual(['brute-force', 'scanning', 'error-spike']);
    expect(buildHistogram(merged)).toEqual(buildHistogram(whole));
    expect(topTalkers(merged)).toEqual(topTalkers(whole));
  });

  it('grows with addresses and minutes of activity, never with lines', () => {
    const tally = createTally();
    for (let i = 0; i < 50_000; i += 1) {
      const record = request({ ip: `198.51.100.${i % 5}`, path: `/missing/${i}`, status: 404, time: t0 + Math.floor(i / 5_000) * minute });
      addToTally(tally, record, []);
    }
    const cells = [...addressCells(tally.ipMinutes)].flatMap(([, held]) => held.map((cell) => ipMinuteAt(tally.ipMinutes, cell)));
    expect(cells).toHaveLength(50);
    expect(tally.site.size).toBe(10);
    // 1,000 distinct missing paths per address and minute, kept as at most notFoundCap hashes.
    expect(Math.max(...cells.map((cell) => pathCount(cell.notFound)))).toBe(notFoundCap);
    expect(correlate(tally, shipped).filter((aggregate) => aggregate.kind === 'scanning')).toHaveLength(5);
  });

  it('keeps no per-minute cell for ordinary requests, only for failures, 429s and 404s', () => {
    const tally = createTally();
    for (let i = 0; i < 10_000; i += 1) addToTally(tally, request({ ip: `203.0.113.${i % 250}`, path: `/page/${i}`, status: 200, time: t0 + i * 1_000 }), []);
    expect(tally.ipMinutes.size).toBe(0);
    expect(tally.ips.size).toBe(250);
    addToTally(tally, request({ ip: '203.0.113.7', path: '/login', status: 401, time: t0 }), []);
    expect(tally.ipMinutes.addresses).toEqual(['203.0.113.7']);
    expect(tally.ipMinutes.size).toBe(1);
  });
});

describe('histogram', () => {
  const hitAt = (time: number, query = 'id=1%20UNION%20SELECT%201') => request({ path: '/item', query, time });

  it('has a bucket for every minute from first to last, empty ones included', () => {
    const histogram = buildHistogram(tallyOf([hitAt(t0), hitAt(t0 + 1_000), request({ time: t0 + 3 * minute }), hitAt(t0 + 89 * minute, 'next=..%2F..%2Fetc%2Fpasswd')]));
    expect(histogram.bucketMinutes).toBe(1);
    expect(histogram.buckets).toHaveLength(90);
    expect(histogram.buckets[0]).toEqual({ start: '2026-11-23T03:14:00.000Z', counts: { sqli: 2 } });
    expect(histogram.buckets.slice(1, 89).every((bucket) => Object.keys(bucket.counts).length === 0)).toBe(true);
    expect(histogram.buckets[89]).toEqual({ start: '2026-11-23T04:43:00.000Z', counts: { 'path-traversal': 1 } });
  });

  it('widens buckets (1, 5, 15, 60, 360, 1440 min) until the span fits', () => {
    const span = (minutes: number, maxBuckets?: number) => buildHistogram(tallyOf([hitAt(t0), hitAt(t0 + minutes * minute)]), maxBuckets);
    expect(span(399).bucketMinutes).toBe(1);
    expect(span(400).bucketMinutes).toBe(5);
    expect(span(3 * 1_440).bucketMinutes).toBe(15);
    const tenDays = span(10 * 1_440);
    expect(tenDays.bucketMinutes).toBe(60);
    expect(tenDays.buckets.length).toBeLessThanOrEqual(400);
    expect(tenDays.buckets.reduce((total, bucket) => total + (bucket.counts.sqli ?? 0), 0)).toBe(2);
    expect(span(90, 10).bucketMinutes).toBe(15);
    expect(span(365 * 1_440).bucketMinutes).toBe(1_440);
    const threeYears = span(3 * 365 * 1_440);
    expect(threeYears.bucketMinutes % 1_440).toBe(0);
    expect(threeYears.buckets.length).toBeLessThanOrEqual(400);
    expect(buildHistogram(createTally())).toEqual({ bucketMinutes: 1, buckets: [] });
  });
});

describe('top talkers', () => {
  it('orders by flagged lines, then requests, then address, with what each was flagged for', () => {
    const records = [
      ...browsing(50, t0, '198.51.100.9'),
      ...browsing(50, t0, '198.51.100.1'),
      ...browsing(80, t0, '198.51.100.5'),
      request({ ip: '192.0.2.7', path: '/.env', status: 404, time: t0 + minute, userAgent: 'Mozilla/5.0 zgrab/0.x' }),
      request({ ip: '192.0.2.7', path: '/item', query: 'id=1%20UNION%20SELECT%201', time: t0 + 2 * minute }),
      request({ ip: '192.0.2.7', path: '/', time: null }),
    ];
    const talkers = topTalkers(tallyOf(records));
    expect(talkers.map((talker) => talker.ip)).toEqual(['192.0.2.7', '198.51.100.5', '198.51.100.1', '198.51.100.9']);
    expect(talkers[0]).toEqual({
      ip: '192.0.2.7',
      requests: 3,
      hits: 2,
      categories: ['sqli', 'scanner', 'sensitive-file'],
      firstSeen: new Date(t0 + minute).toISOString(),
      lastSeen: new Date(t0 + 2 * minute).toISOString(),
    });
    expect(topTalkers(tallyOf(records), 2)).toHaveLength(2);
    expect(topTalkers(tallyOf([request({ time: null })]))[0]).toMatchObject({ firstSeen: null, lastSeen: null, requests: 1 });
  });

  it('picks the same top sources as sorting every address would, ties and all, in any order of arrival', () => {
    let seed = 7;
    const random = (below: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % below;
    const tally = createTally();
    // Few distinct counts: many ties on flagged lines and requests, broken by the address.
    for (let i = 0; i < 5_000; i += 1) tally.ips.set(`10.${random(4)}.${random(250)}.${i % 250}`, { requests: 1 + random(6), hits: random(3), categories: 0, first: NaN, last: NaN });
    const sorted = [...tally.ips].sort(([ipA, a], [ipB, b]) => b.hits - a.hits || b.requests - a.requests || (ipA < ipB ? -1 : ipA > ipB ? 1 : 0));
    for (const limit of [1, 2, 20, 5_000, 6_000]) expect(topTalkers(tally, limit).map((talker) => talker.ip)).toEqual(sorted.slice(0, limit).map(([ip]) => ip));
    expect(topTalkers(tally, 0)).toEqual([]);
  });
});
