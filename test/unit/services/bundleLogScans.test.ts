import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportedBundle, Incident, LogScanOutcome, LogScanPage, VerifyResult } from '../../../src-main/contract';
import { bundleExportLimits } from '../../../src-main/services/bundle/bundleExport';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { createPublicKey } from 'node:crypto';
import { publicKeyFingerprint } from '../../../src-main/services/evidence/evidenceSigning';
import { otherKey, readBundle, writeBundle, type TestBundle } from '../../support/bundleIncident';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

const contexts: TestContext[] = [];
afterAll(() => {
  for (const t of contexts) t.close();
});
const dataDir = (at?: string) => {
  const t = makeTestContext(at);
  contexts.push(t);
  return t;
};
const call = async <T>(t: TestContext, name: string, input: unknown): Promise<T> => {
  const envelope = await dispatchAsync(t.ctx, name, input);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as T;
};

const access = (ip: string, second: number, target: string, status: number, agent = 'Mozilla/5.0') => `${ip} - - [23/Nov/2026:14:15:${String(second).padStart(2, '0')} +0000] "GET ${target} HTTP/1.1" ${status} 12 "-" "${agent}"`;

/** A log scan of the incident, each line a finding of its own kind. */
async function scanLog(t: TestContext, incidentId: string, name: string, lines: string[]): Promise<LogScanOutcome> {
  const file = path.join(t.dataDir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return call<LogScanOutcome>(t, 'scan.logs', { paths: [file], incidentId });
}

/** Each finding of the incident's scan by what it says, and what of it is on the timeline. */
async function logView(t: TestContext, incidentId: string, scanId: string) {
  const page = await call<LogScanPage>(t, 'logs.list', { incidentId, scanId });
  const byId = new Map(page.findings.map((finding) => [finding.id, `${finding.line}:${finding.category}:${finding.excerpt}`]));
  return { findings: page.findings.map((finding) => `${finding.line}:${finding.category}:${finding.excerpt}`), promoted: page.promoted.map((promotion) => (promotion.findingId === null ? `ip ${promotion.ip}` : byId.get(promotion.findingId))) };
}

describe('log scans in incident bundles', () => {
  it('travel with their findings, and a finding promoted on one laptop is the same finding on the next, whatever numbers it has there', async () => {
    const a = dataDir();
    const incidentId = callOk<Incident>(a, 'incident.declare', { title: 'Shop under attack', severity: 'P2' }).id;
    const scan = await scanLog(a, incidentId, 'access.log', [
      access('198.51.100.7', 1, '/products?id=1%20UNION%20SELECT%20password%20FROM%20users', 200),
      access('198.51.100.9', 2, '/', 200, 'sqlmap/1.7.2#stable (https://sqlmap.org)'),
      access('198.51.100.12', 3, '/../../etc/passwd', 200),
      access('198.51.100.13', 4, '/.env', 200),
    ]);
    const scanId = scan.scanId!;
    const atA = await logView(a, incidentId, scanId);
    expect(atA.findings).toHaveLength(4);
    const findingsAtA = (await call<LogScanPage>(a, 'logs.list', { incidentId, scanId })).findings;
    await call(a, 'logs.promote', { incidentId, scanId, findingId: findingsAtA[2]!.id });
    const bundleFile = path.join(a.dataDir, 'with-logs.json');
    const exported = await call<ExportedBundle>(a, 'incident.export', { id: incidentId, file: bundleFile });
    expect(readBundle(bundleFile).tables).toMatchObject({ log_scans: [{ id: scanId }], log_findings: expect.any(Array) });

    // B scanned logs of its own first: its finding numbers are the ones A's finding had.
    const b = dataDir(a.ctx.clock().toISOString());
    b.advance(60_000);
    const own = callOk<Incident>(b, 'incident.declare', { title: 'Elsewhere', severity: 'P3' }).id;
    await scanLog(b, own, 'own.log', Array.from({ length: 6 }, (_, i) => access('203.0.113.5', i, '/.git/config', 404)));
    await call(b, 'incident.import', { file: bundleFile, trustedKeys: [exported.keyFingerprint] });
    const atB = await logView(b, incidentId, scanId);
    expect(atB).toEqual({ findings: atA.findings, promoted: (await logView(a, incidentId, scanId)).promoted });
    expect(atB.promoted).toEqual([atA.findings[2]]);
    expect(callOk<VerifyResult>(b, 'incident.verify', { id: incidentId })).toMatchObject({ intact: true, mismatches: [] });

    // Promoted on B, exported from B, read on C: both promotions name the findings they named.
    const findingsAtB = (await call<LogScanPage>(b, 'logs.list', { incidentId, scanId })).findings;
    await call(b, 'logs.promote', { incidentId, scanId, findingId: findingsAtB[0]!.id });
    // Promoting A's finding again on B adds nothing: it is already on the timeline.
    const promotedEvents = () => b.ctx.db.prepare("SELECT count(*) FROM events WHERE incident_id = ? AND type = 'logs.promoted'").pluck().get(incidentId);
    expect(promotedEvents()).toBe(2);
    await call(b, 'logs.promote', { incidentId, scanId, findingId: findingsAtB[2]!.id });
    expect(promotedEvents()).toBe(2);
    const fromB = path.join(b.dataDir, 'from-b.json');
    const again = await call<ExportedBundle>(b, 'incident.export', { id: incidentId, file: fromB });
    expect(readBundle(fromB).tables.log_findings).toEqual(readBundle(bundleFile).tables.log_findings);
    const c = dataDir(b.ctx.clock().toISOString());
    await call(c, 'incident.import', { file: fromB, trustedKeys: [again.keyFingerprint] });
    expect(await logView(c, incidentId, scanId)).toEqual({ findings: atA.findings, promoted: [atA.findings[2], atA.findings[0]] });
    expect(callOk<VerifyResult>(c, 'incident.verify', { id: incidentId })).toMatchObject({ intact: true });
    // Into A again, which holds the scan: its rows stay, the new promotion arrives.
    await call(a, 'incident.import', { file: fromB, trustedKeys: [again.keyFingerprint] });
    expect(await logView(a, incidentId, scanId)).toEqual({ findings: atA.findings, promoted: [atA.findings[2], atA.findings[0]] });

    // A scan B made of the incident, merged into A (which numbers findings of its own meanwhile): shifted, the same findings and promotion.
    const second = (await scanLog(b, incidentId, 'second.log', [access('203.0.113.77', 9, '/cgi-bin/test.cgi?cmd=;cat%20/etc/passwd', 200), access('203.0.113.78', 10, '/.git/config', 200)])).scanId!;
    const secondAtB = (await call<LogScanPage>(b, 'logs.list', { incidentId, scanId: second })).findings;
    await call(b, 'logs.promote', { incidentId, scanId: second, findingId: secondAtB[1]!.id });
    await scanLog(a, callOk<Incident>(a, 'incident.declare', { title: 'Meanwhile on A', severity: 'P3' }).id, 'a-own.log', Array.from({ length: 5 }, (_, i) => access('192.0.2.1', i, '/.env', 200)));
    const merged = path.join(b.dataDir, 'second.json');
    await call(b, 'incident.export', { id: incidentId, file: merged });
    await call(a, 'incident.import', { file: merged, trustedKeys: [again.keyFingerprint] });
    expect(await logView(a, incidentId, second)).toEqual(await logView(b, incidentId, second));
    expect((await logView(a, incidentId, second)).promoted).toHaveLength(1);
    expect(a.ctx.db.prepare('SELECT finding_id_offset FROM log_scans WHERE id = ?').pluck().get(second)).not.toBe(0);
    expect(callOk<VerifyResult>(a, 'incident.verify', { id: incidentId })).toMatchObject({ intact: true });
  }, 60_000);

  it('are refused when they are not what the events say, or not what a log scan holds', async () => {
    const a = dataDir();
    const incidentId = callOk<Incident>(a, 'incident.declare', { title: 'Probe', severity: 'P3' }).id;
    await scanLog(a, incidentId, 'p.log', [access('198.51.100.13', 4, '/.env', 200), access('198.51.100.14', 5, '/wp-config.php', 200)]);
    const file = path.join(a.dataDir, 'probe.json');
    await call<ExportedBundle>(a, 'incident.export', { id: incidentId, file });
    const clean = readBundle(file);
    // Re-signed by a key the importing laptop trusts: only the rows are wrong.
    const key = otherKey();
    const trusted = publicKeyFingerprint(createPublicKey(key));
    const edits: [string, (bundle: TestBundle) => void, RegExp][] = [
      ['a finding removed', (bundle) => bundle.tables.log_findings!.pop(), /log scan LS-[0-9a-f]{8} holds findings 1, but its logs\.scanned event says 2/],
      ['a scan no event names', (bundle) => [...bundle.tables.log_scans!, ...bundle.tables.log_findings!].forEach((row) => (row[row.scan_id === undefined ? 'id' : 'scan_id'] = 'LS-00000000')), /log scan LS-00000000 is not in the incident's events/],
      ['a finding of another scan', (bundle) => (bundle.tables.log_findings![0]!.scan_id = 'LS-ffffffff'), /tables\.log_findings\[0\] belongs to log scan LS-ffffffff, which the bundle does not hold/],
      ['the same number twice', (bundle) => (bundle.tables.log_findings![1]!.id = bundle.tables.log_findings![0]!.id!), /log_findings holds \d+ twice/],
      ['a histogram that is not one', (bundle) => (bundle.tables.log_scans![0]!.histogram = '{"bucketMinutes":1,"buckets":"x"}'), /tables\.log_scans\[0\]\.histogram is not what a log scan holds \(buckets:/],
      ['stats that are not JSON', (bundle) => (bundle.tables.log_scans![0]!.stats = '{'), /tables\.log_scans\[0\]\.stats is not JSON/],
      ['a category Firebreak lacks', (bundle) => (bundle.tables.log_findings![0]!.category = 'rce'), /tables\.log_findings\[0\]\.category "rce" is not one of/],
      ['a time with a line break', (bundle) => (bundle.tables.log_findings![0]!.time = '2026-11-23T14:15:04.000Z\n# Heading'), /must be a UTC time/],
      ['numbers far apart', (bundle) => (bundle.tables.log_findings![1]!.id = 2 ** 40), /the findings of log scan LS-[0-9a-f]{8} are not numbered one after another \(1 to 1099511627776 for 2\)/],
      ['a number past what any laptop gives', (bundle) => (bundle.tables.log_findings![1]!.id = 2 ** 41), /tables\.log_findings\[1\]\.id 2199023255552 is not a finding number/],
      ['a severity Firebreak lacks', (bundle) => (bundle.tables.log_findings![0]!.severity = 'urgent'), /tables\.log_findings\[0\]\.severity "urgent" is not one of/],
      ['line 0', (bundle) => (bundle.tables.log_findings![0]!.line = 0), /tables\.log_findings\[0\]\.line must be 1 or more/],
      ['another category than the event says', (bundle) => bundle.tables.log_findings!.forEach((row) => (row.category = 'scanner')), /log scan LS-[0-9a-f]{8} holds categories \["scanner"\], but its logs\.scanned event says \["sensitive-file"\]/],
      ['more lines than the event says', (bundle) => (bundle.tables.log_scans![0]!.stats = JSON.stringify({ ...JSON.parse(String(bundle.tables.log_scans![0]!.stats)), lines: 99 })), /holds lines 99, but its logs\.scanned event says 2/],
      ['a duration no date holds', (bundle) => (bundle.tables.log_scans![0]!.stats = JSON.stringify({ ...JSON.parse(String(bundle.tables.log_scans![0]!.stats)), durationMs: 9e15 })), /stats is not what a log scan holds \(durationMs:/],
      ['a thousand talkers', (bundle) => (bundle.tables.log_scans![0]!.top_ips = JSON.stringify(Array.from({ length: 1_000 }, (_, i) => ({ ip: `10.0.${i >> 8}.${i & 255}`, requests: 1, hits: 0, categories: [], firstSeen: null, lastSeen: null })))), /top_ips is not what a log scan holds/],
      ['a scan of another incident', (bundle) => (bundle.tables.log_scans![0]!.incident_id = 'INC-20200101-000000'), /tables\.log_scans\[0\] names incident INC-20200101-000000/],
    ];
    for (const [name, edit, reason] of edits) {
      const bundle = structuredClone(clean);
      edit(bundle);
      const edited = path.join(a.dataDir, `edited-${name.replaceAll(' ', '-')}.json`);
      writeBundle(edited, bundle, key);
      const b = dataDir(a.ctx.clock().toISOString());
      const envelope = await dispatchAsync(b.ctx, 'incident.import', { file: edited, trustedKeys: [trusted] });
      expect(envelope.ok ? 'imported' : envelope.error.message, name).toMatch(reason);
      expect(b.ctx.db.prepare('SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM log_scans)').pluck().get(), name).toBe(0);
    }
    // Re-signed unchanged, it imports: the refusals above are the edits'.
    writeBundle(path.join(a.dataDir, 'resigned.json'), clean, key);
    expect(await dispatchAsync(dataDir(a.ctx.clock().toISOString()).ctx, 'incident.import', { file: path.join(a.dataDir, 'resigned.json'), trustedKeys: [trusted] })).toMatchObject({ ok: true });
  });

  it('refuse a merge whose scan another incident holds here, rather than leave the scan out', async () => {
    const a = dataDir();
    const incidentId = callOk<Incident>(a, 'incident.declare', { title: 'Shared', severity: 'P2' }).id;
    const scanId = (await scanLog(a, incidentId, 's.log', [access('198.51.100.13', 4, '/.env', 200)])).scanId!;
    const first = path.join(a.dataDir, 'first.json');
    const exported = await call<ExportedBundle>(a, 'incident.export', { id: incidentId, file: first });
    const b = dataDir(a.ctx.clock().toISOString());
    await call(b, 'incident.import', { file: first, trustedKeys: [exported.keyFingerprint] });
    // The state a forged bundle of another incident reusing the scan's id would leave.
    b.advance(60_000);
    const other = callOk<Incident>(b, 'incident.declare', { title: 'Other', severity: 'P3' }).id;
    b.ctx.db.prepare('UPDATE log_scans SET incident_id = ? WHERE id = ?').run(other, scanId);
    callOk(a, 'action.add', { incidentId, title: 'Rotate the key' });
    const second = path.join(a.dataDir, 'second.json');
    await call(a, 'incident.export', { id: incidentId, file: second });
    const envelope = await dispatchAsync(b.ctx, 'incident.import', { file: second, trustedKeys: [exported.keyFingerprint] });
    expect(envelope.ok ? 'imported' : envelope.error.message).toMatch(/clashes with this data dir .*log scan .* already belongs to another incident here; nothing was imported/);
  });

  it('are left out, and the responder told, when with them the bundle would be over the size a bundle may hold', async () => {
    const a = dataDir();
    const incidentId = callOk<Incident>(a, 'incident.declare', { title: 'Big scan', severity: 'P2' }).id;
    await scanLog(a, incidentId, 'big.log', Array.from({ length: 50 }, (_, i) => access(`198.51.100.${i}`, i, `/.env?n=${i}`, 200)));
    const whole = await call<ExportedBundle>(a, 'incident.export', { id: incidentId, file: path.join(a.dataDir, 'whole.json') });
    expect(whole.leftOut).toBeNull();
    const limit = bundleExportLimits.bytes;
    bundleExportLimits.bytes = whole.bytes - 1;
    try {
      const file = path.join(a.dataDir, 'without-logs.json');
      const smaller = await call<ExportedBundle>(a, 'incident.export', { id: incidentId, file });
      expect(smaller.leftOut).toMatch(/^its 1 log scan \(50 findings\): with them the bundle would be 1 MiB, over the 128 MiB a bundle may hold$/);
      expect(Object.keys(readBundle(file).tables)).not.toContain('log_scans');
      const b = dataDir(a.ctx.clock().toISOString());
      await call(b, 'incident.import', { file, trustedKeys: [smaller.keyFingerprint] });
      expect(callOk<VerifyResult>(b, 'incident.verify', { id: incidentId })).toMatchObject({ intact: true });
      expect(await call<LogScanPage>(b, 'logs.list', { incidentId })).toMatchObject({ scans: [], findings: [] });
    } finally {
      bundleExportLimits.bytes = limit;
    }
  });

  it('are left out of the bundle of an incident with none, which the releases before them read as before', async () => {
    const a = dataDir();
    const incidentId = callOk<Incident>(a, 'incident.declare', { title: 'Quiet', severity: 'P3' }).id;
    const file = path.join(a.dataDir, 'quiet.json');
    await call(a, 'incident.export', { id: incidentId, file });
    expect(Object.keys(readBundle(file).tables)).not.toContain('log_scans');
    expect(Object.keys(readBundle(file).tables)).not.toContain('log_findings');
  });
});
