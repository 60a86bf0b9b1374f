import { describe, expect, it } from 'vitest';
import type { Envelope, PushedEvent } from '../../../src-main/contract';
import type { Api } from '../../../src-renderer/api/api';
import { createEvidenceStore } from '../../../src-renderer/stores/evidenceStore';
import { createScanStore } from '../../../src-renderer/stores/scanStore';

/** An Api whose long calls stay pending until released, recording what was called. */
function pendingApi() {
  const calls: { name: string; input: unknown }[] = [];
  const release: (() => void)[] = [];
  const api = {
    transport: 'http',
    call(name: string, input: unknown) {
      calls.push({ name, input });
      const answer: Envelope<unknown> = name === 'evidence.list' ? { ok: true, value: { items: [] } } : name === 'scan.list' ? { ok: true, value: { runs: [], groups: [] } } : { ok: false, error: { code: 'cancelled', message: 'stopped' } };
      if (name === 'evidence.collect' || name === 'scan.secrets') return new Promise((resolve) => release.push(() => resolve(answer)));
      return Promise.resolve(answer);
    },
    subscribe: () => () => {},
  } as unknown as Api;
  return { api, calls, release };
}

const progress = (operation: 'evidence.collect' | 'scan.secrets', jobId: string): PushedEvent => ({ type: 'job.progress', jobId, operation, done: 1, total: 2, message: `${operation} running` });

describe('a collection and a scan running at once', () => {
  it('each tab shows and cancels its own job, never the other one', async () => {
    const { api, calls, release } = pendingApi();
    const evidence = createEvidenceStore(api);
    const scans = createScanStore(api);
    const collecting = evidence.getState().collect('INC-1', ['/var/log'], '/tmp/e.tar.gz', false);
    const scanning = scans.getState().run('INC-1', '/srv/repo', true);
    const jobs = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    for (const event of [progress('evidence.collect', jobs[0]!), progress('scan.secrets', jobs[1]!)]) {
      evidence.getState().handleEvent(event);
      scans.getState().handleEvent(event);
    }
    expect(evidence.getState().progress).toMatchObject({ jobId: jobs[0], message: 'evidence.collect running' });
    expect(scans.getState().progress).toMatchObject({ jobId: jobs[1], message: 'scan.secrets running' });
    await evidence.getState().cancel();
    expect(calls.filter((call) => call.name === 'jobs.cancel')).toEqual([{ name: 'jobs.cancel', input: { jobId: jobs[0] } }]);
    release.forEach((done) => done());
    await Promise.all([collecting, scanning]);
  });
});
