import { describe, expect, it } from 'vitest';
import type { LogScanPage, LogScanSummary, StoredLogFinding } from '../../../src-main/contract';
import { createLogStore, promoteKey, shownScan } from '../../../src-renderer/stores/logStore';
import { scriptedApi } from '../../support/scriptedApi';

function summary(id: string, findingCount: number): LogScanSummary {
  return {
    id,
    incidentId: 'INC-1',
    paths: ['/var/log/nginx/access.log*'],
    startedAt: '2026-11-23T14:00:00.000Z',
    finishedAt: '2026-11-23T14:00:05.000Z',
    actor: 'dana',
    findingCount,
    files: ['/var/log/nginx/access.log'],
    aggregates: [],
    histogram: { bucketMinutes: 1, buckets: [] },
    topIps: [],
    stats: { files: 1, bytes: 100, lines: 10, malformed: 0, outOfRange: 0, formats: { combined: 10 }, findingsOmitted: 0, skipped: [], durationMs: 5 },
  };
}

function finding(id: number, scanId = 'LS-00000002'): StoredLogFinding {
  return { id, scanId, rule: 'sqli-union', category: 'sqli', severity: 'high', description: 'UNION SELECT', file: '/var/log/nginx/access.log', line: id, time: null, ip: '203.0.113.9', excerpt: 'GET /?q=1 union select' };
}

/** logs.list answering from `count` findings, `limit` at a time, the cursor being the next index. */
function pagedList(count: number, scans = [summary('LS-00000002', count), summary('LS-00000001', 0)]) {
  return (input: { limit?: number; cursor?: string }): { ok: true; value: LogScanPage } => {
    const from = input.cursor ? Number(input.cursor) : 0;
    const to = Math.min(count, from + (input.limit ?? 200));
    const findings = Array.from({ length: to - from }, (_, index) => finding(from + index + 1));
    return { ok: true, value: { scans, promoted: [], findings, total: count, nextCursor: to < count ? String(to) : null } };
  };
}

function listingApi(count: number) {
  const scripted = scriptedApi({});
  const list = pagedList(count);
  const call = scripted.api.call;
  scripted.api.call = (async (name: string, input: never) => {
    if (name === 'logs.list') {
      scripted.calls.push({ name, input });
      return list(input);
    }
    return call(name as never, input);
  }) as typeof scripted.api.call;
  return scripted;
}

describe('the log store', () => {
  it('loads the newest scan with its first page, and pages on only as far as the list is scrolled', async () => {
    const { api, calls } = listingApi(1_000);
    const store = createLogStore(api);
    await store.getState().load('INC-1');
    const view = store.getState().views['INC-1']!;
    expect(shownScan(view)?.id).toBe('LS-00000002');
    expect(view.findings).toHaveLength(200);
    expect(view.total).toBe(1_000);
    expect(calls[0]!.input).toEqual({ incidentId: 'INC-1', limit: 200 });

    await store.getState().loadMore('INC-1', 250);
    expect(store.getState().views['INC-1']!.findings.map((row) => row.id).slice(195, 205)).toEqual([196, 197, 198, 199, 200, 201, 202, 203, 204, 205]);
    expect(store.getState().views['INC-1']!.findings.length).toBeLessThan(1_000);
    // A jump to the end (the End key) asks for big pages rather than hundreds of small ones.
    await store.getState().loadMore('INC-1', 999);
    expect(store.getState().views['INC-1']!.findings).toHaveLength(1_000);
    expect(calls.filter((call) => call.name === 'logs.list').length).toBeLessThanOrEqual(4);
    expect(store.getState().views['INC-1']!.nextCursor).toBeNull();
  });

  it('knows after a reload what is already on the timeline, so the row says so instead of offering Promote', async () => {
    const scripted = scriptedApi({});
    scripted.api.call = (async () => ({
      ok: true,
      value: { scans: [summary('LS-00000002', 1)], promoted: [{ findingId: 1, ip: null, summary: 'Log finding promoted: sqli' }, { findingId: null, ip: '203.0.113.9', summary: 'IP 203.0.113.9 promoted' }], findings: [finding(1)], total: 1, nextCursor: null },
    })) as unknown as typeof scripted.api.call;
    const store = createLogStore(scripted.api);
    await store.getState().load('INC-1');
    expect(store.getState().promoted[promoteKey('LS-00000002', { findingId: 1 })]).toBe('Log finding promoted: sqli');
    expect(store.getState().promoted[promoteKey('LS-00000002', { ip: '203.0.113.9' })]).toBe('IP 203.0.113.9 promoted');
    expect(store.getState().promoted[promoteKey('LS-00000002', { findingId: 2 })]).toBeUndefined();
  });

  it('sends the category and IP filters to the server and starts the list again under them', async () => {
    const { api, calls } = listingApi(50);
    const store = createLogStore(api);
    await store.getState().load('INC-1');
    await store.getState().setFilter('INC-1', { ip: '203.0.113.9' });
    await store.getState().setFilter('INC-1', { categories: ['sqli', 'xss'] });
    expect(calls.at(-1)!.input).toEqual({ incidentId: 'INC-1', limit: 200, ip: '203.0.113.9', category: ['sqli', 'xss'] });
    await store.getState().selectScan('INC-1', 'LS-00000001');
    // Another scan's findings have other addresses: its filter starts empty.
    expect(calls.at(-1)!.input).toEqual({ incidentId: 'INC-1', limit: 200, scanId: 'LS-00000001' });
    expect(shownScan(store.getState().views['INC-1']!)?.id).toBe('LS-00000001');
  });

  it('drops a page that answers after the filter changed', async () => {
    const { api, answers } = scriptedApi({});
    let release: () => void = () => {};
    const slowPage = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    answers['logs.list'] = async () => {
      calls += 1;
      if (calls === 1) {
        await slowPage;
        return pagedList(500)({ limit: 200 });
      }
      return pagedList(3)({ limit: 200 });
    };
    const store = createLogStore(api);
    const first = store.getState().load('INC-1');
    await store.getState().setFilter('INC-1', { categories: ['xss'] });
    release();
    await first;
    expect(store.getState().views['INC-1']!.total).toBe(3);
    expect(store.getState().views['INC-1']!.findings).toHaveLength(3);
  });

  it('runs a scan with its UTC window, shows the new scan, and reports progress and cancel for its job only', async () => {
    const { api, calls, answers } = scriptedApi({ 'jobs.cancel': { ok: true, value: {} } });
    const list = pagedList(3);
    answers['logs.list'] = () => list({ limit: 200 });
    let finish: () => void = () => {};
    answers['scan.logs'] = () => new Promise((resolve) => (finish = () => resolve({ ok: true, value: { scanId: 'LS-00000002', files: [], findings: [], aggregates: [], histogram: { bucketMinutes: 1, buckets: [] }, topIps: [], stats: summary('x', 0).stats } })));
    const store = createLogStore(api);
    expect(await store.getState().cancel()).toMatch(/not reported its progress yet/);
    const running = store.getState().run('INC-1', ['/var/log/nginx/access.log*'], '2026-11-23T14:00:00Z');
    expect(store.getState().running).toBe('INC-1');
    store.getState().handleEvent({ type: 'job.progress', jobId: 'J-secrets', operation: 'scan.secrets', done: 1, total: null, message: 'other' });
    expect(store.getState().progress).toBeNull();
    store.getState().handleEvent({ type: 'job.progress', jobId: 'J-1', operation: 'scan.logs', done: 512, total: 1024, message: '3 findings' });
    expect(store.getState().progress).toEqual({ jobId: 'J-1', done: 512, total: 1024, message: '3 findings' });
    expect(await store.getState().cancel()).toBeNull();
    expect(calls.find((call) => call.name === 'jobs.cancel')!.input).toEqual({ jobId: 'J-1' });
    finish();
    expect((await running).ok).toBe(true);
    expect(calls.find((call) => call.name === 'scan.logs')!.input).toEqual({ paths: ['/var/log/nginx/access.log*'], incidentId: 'INC-1', since: '2026-11-23T14:00:00Z' });
    expect(store.getState().running).toBeNull();
    expect(store.getState().progress).toBeNull();
    expect(store.getState().views['INC-1']!.scanId).toBe('LS-00000002');
    expect(store.getState().views['INC-1']!.findings).toHaveLength(3);
  });

  it('keeps the server\'s message when a scan fails, and the list as it was', async () => {
    const { api } = scriptedApi({ 'scan.logs': { ok: false, error: { code: 'invalid-input', message: 'paths: /nope matched no file' } } });
    const store = createLogStore(api);
    const result = await store.getState().run('INC-1', ['/nope'], undefined, undefined);
    expect(result).toEqual({ ok: false, error: { code: 'invalid-input', message: 'paths: /nope matched no file' } });
    expect(store.getState().running).toBeNull();
    expect(store.getState().views['INC-1']).toBeUndefined();
  });

  it('promotes an IP or a finding with its note and remembers each as on the timeline', async () => {
    const { api, calls, answers } = scriptedApi({ 'logs.promote': { ok: true, value: { summary: 'IP 203.0.113.9 from LS-00000002: 100 auth failures' } } });
    const store = createLogStore(api);
    await store.getState().promote('INC-1', 'LS-00000002', { ip: '203.0.113.9' }, 'blocked at the edge');
    expect(calls[0]!.input).toEqual({ incidentId: 'INC-1', scanId: 'LS-00000002', ip: '203.0.113.9', note: 'blocked at the edge' });
    expect(store.getState().promoted['LS-00000002:ip:203.0.113.9']).toMatch(/^IP 203\.0\.113\.9/);
    answers['logs.promote'] = { ok: false, error: { code: 'not-found', message: 'finding 7 is not in LS-00000002' } };
    const failed = await store.getState().promote('INC-1', 'LS-00000002', { findingId: 7 }, '');
    expect(failed.ok).toBe(false);
    expect(store.getState().promoted['LS-00000002:finding:7']).toBeUndefined();
  });
});
