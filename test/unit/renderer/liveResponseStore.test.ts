import { describe, expect, it } from 'vitest';
import type { Envelope, PushedEvent } from '../../../src-main/contract';
import type { Api } from '../../../src-renderer/api/api';
import { commandLine, problemWords, runningFrom } from '../../../src-renderer/components/evidence/liveWords';
import { runOrder } from '../../../src-renderer/components/evidence/LiveCollectorList';
import { createLiveResponseStore } from '../../../src-renderer/stores/liveResponseStore';

const jobId = '33333333-3333-4333-8333-333333333333';
const collected = {
  evidenceId: 'EV-1',
  jobId,
  archive: '/tmp/live.tar.gz',
  archiveSha256: 'a'.repeat(64),
  manifestFile: '/tmp/live.tar.gz.manifest.json',
  checksumFile: '/tmp/live.tar.gz.sha256',
  totals: { entries: 2, files: 2, bytes: 2048, problems: 1 },
  publicKeyFingerprint: null,
  problems: [],
  leftOut: [],
  profile: 'quick',
  collectors: [
    { id: 'processes', order: 1, argv: ['ps', 'auxww'], exitCode: 0, startedAt: '2026-12-01T06:00:00.000Z', endedAt: '2026-12-01T06:00:01.000Z', bytes: 2048, sha256: 'b'.repeat(64), archivePath: 'live/processes.txt' },
    { id: 'kubectl-all', order: 2, argv: ['kubectl', 'get', 'all'], exitCode: null, startedAt: '2026-12-01T06:00:00.000Z', endedAt: '2026-12-01T06:00:00.000Z', bytes: 0, sha256: 'c'.repeat(64), archivePath: 'live/kubectl-all.yaml', problem: 'missing-program' as const },
  ],
};

/** An Api whose live collection waits until released, recording what was called. */
function pendingApi(answer: Envelope<unknown>) {
  const calls: { name: string; input: unknown }[] = [];
  let release = () => {};
  const api = {
    transport: 'http',
    call(name: string, input: unknown) {
      calls.push({ name, input });
      if (name === 'evidence.liveCollect') return new Promise((resolve) => (release = () => resolve(answer)));
      return Promise.resolve({ ok: true, value: {} });
    },
    subscribe: () => () => {},
  } as unknown as Api;
  return { api, calls, release: () => release() };
}

const progress = (operation: 'evidence.collect' | 'evidence.liveCollect', id: string): PushedEvent => ({ type: 'job.progress', jobId: id, operation, done: 1, total: 2, message: `${operation} running` });

describe('the live response store', () => {
  it('shows only its own job\'s progress, cancels that job, and keeps the result until dismissed', async () => {
    const { api, calls, release } = pendingApi({ ok: true, value: collected });
    const reloaded: string[] = [];
    const store = createLiveResponseStore(api, (incidentId) => void reloaded.push(incidentId));
    const running = store.getState().run({ incidentId: 'INC-1', profile: 'quick', output: '/tmp/live.tar.gz', paths: ['/etc'], namespaces: [] });
    expect(await store.getState().cancel()).toMatch(/has not reported its progress yet/);
    store.getState().handleEvent(progress('evidence.collect', '11111111-1111-4111-8111-111111111111'));
    expect(store.getState().progress).toBeNull();
    store.getState().handleEvent(progress('evidence.liveCollect', jobId));
    expect(store.getState().progress).toMatchObject({ jobId, done: 1, total: 2 });
    expect(await store.getState().cancel()).toBeNull();
    expect(calls.find((call) => call.name === 'jobs.cancel')?.input).toEqual({ jobId });
    // One at a time: a second start is refused in words, not queued.
    expect(await store.getState().run({ incidentId: 'INC-2', profile: 'quick', output: '/tmp/b.tar.gz', paths: [], namespaces: [] })).toMatchObject({ ok: false, code: 'conflict' });
    release();
    await running;
    // An empty namespaces list is left out, not sent as [].
    expect(calls.find((call) => call.name === 'evidence.liveCollect')?.input).toEqual({ incidentId: 'INC-1', profile: 'quick', output: '/tmp/live.tar.gz', paths: ['/etc'] });
    expect(store.getState()).toMatchObject({ running: null, progress: null });
    expect(store.getState().outcomes['INC-1']).toMatchObject({ ok: true, value: { evidenceId: 'EV-1' } });
    expect(reloaded).toEqual(['INC-1']);
    store.getState().dismiss('INC-1');
    expect(store.getState().outcomes['INC-1']).toBeUndefined();
  });

  it('remembers per incident which profile a playbook step chose, and whether to move the focus there', () => {
    const store = createLiveResponseStore(pendingApi({ ok: true, value: collected }).api);
    store.getState().choose('INC-1', 'containers', true);
    expect(store.getState().chosen['INC-1']).toMatchObject({ profile: 'containers', focus: true });
    expect(store.getState().chosen['INC-2']).toBeUndefined();
    store.getState().close('INC-1');
    expect(store.getState().chosen['INC-1']).toBeUndefined();
  });
});

describe('live response words', () => {
  it('says each problem as a responder would', () => {
    const row = { argv: ['kubectl', 'get', 'all'], exitCode: null };
    expect(problemWords({ ...row, problem: 'missing-program' })).toBe('kubectl is not installed here');
    expect(problemWords({ ...row, problem: 'timed-out', bytes: 0 }, { timeoutMs: 30_000 })).toBe('timed out after 30 s');
    expect(problemWords({ ...row, problem: 'timed-out', bytes: 2048 }, { timeoutMs: 500 })).toBe('timed out after 500 ms; the 2.0 KB it wrote until then are archived');
    expect(problemWords({ ...row, problem: 'needs-root' })).toMatch(/^needs root: not run/);
    expect(problemWords({ ...row, exitCode: 1, problem: 'failed' })).toBe('exited with code 1');
    expect(problemWords({ ...row, exitCode: 1, problem: 'failed', problemText: 'exited with code 1: no crontab for root' })).toBe('exited with code 1: no crontab for root');
    expect(problemWords({ ...row, exitCode: 2 })).toBe('exited with code 2');
    expect(problemWords({ ...row, exitCode: 0 })).toBeNull();
  });

  it('shows a command as one line, quoting what a shell would split, and the typed paths in place of {paths}', () => {
    expect(commandLine(['find', '{paths}', '-mtime', '-2', '-printf', '%TY-%Tm-%Td %p\\n'], { paths: ['/etc', '/srv/my app'] })).toBe("find /etc '/srv/my app' -mtime -2 -printf '%TY-%Tm-%Td %p\\n'");
    expect(commandLine(['find', '{paths}'])).toBe('find {paths}');
    expect(commandLine(['kubectl', 'get', 'all', '-n', '{namespace}'], { namespaces: [] })).toBe('kubectl get all -n default');
    expect(commandLine(['kubectl', 'get', 'all', '-n', '{namespace}'], { namespaces: ['a', 'b'] })).toBe('kubectl get all -n {namespace}');
  });

  it('reads which collectors are running from the progress line, a per-namespace run under its collector', () => {
    expect([...runningFrom('3 of 15 commands done · running processes, kubectl-all:payments')]).toEqual(['processes', 'kubectl-all']);
    expect(runningFrom('15 of 15 commands done').size).toBe(0);
    expect(runningFrom('Archiving: 3/15 files').size).toBe(0);
  });

  it('puts the volatile collectors first, each group in the profile\'s order', () => {
    const c = (id: string, volatile: boolean) => ({ id, volatile, description: '', argv: [id], needsRoot: false, timeoutMs: 1_000, output: `${id}.txt`, redact: false, available: true });
    expect(runOrder([c('os', false), c('ps', true), c('mounts', false), c('ss', true)]).map((x) => x.id)).toEqual(['ps', 'ss', 'os', 'mounts']);
  });
});
