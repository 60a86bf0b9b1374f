import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, dispatchAsync } from '../../../src-main/services/dispatch';
import { loadLiveProfiles } from '../../../src-main/services/evidence/liveProfiles';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let out: string;
// A marker only this test's command carries (a sleep of about a day), to find it in the process list.
const marker = String(80_000 + ((process.pid * 7 + Date.now()) % 10_000));

beforeEach(() => {
  t = makeTestContext();
  out = path.join(t.dataDir, 'out');
  fs.mkdirSync(path.join(t.dataDir, 'collectors'), { recursive: true });
  fs.writeFileSync(
    path.join(t.dataDir, 'collectors', 'slow.yaml'),
    `id: slow\ntitle: Slow\ndescription: Runs long\ncollectors:\n  - id: wait\n    description: waits\n    platforms: [linux, darwin]\n    argv: [sleep, "${marker}"]\n    timeoutMs: 600000\n    output: wait.txt\n  - id: after\n    description: never reached\n    platforms: [linux, darwin]\n    argv: [uname]\n    timeoutMs: 10000\n    output: after.txt\n`,
  );
});
const sleepers = () =>
  spawnSync('ps', ['-eo', 'pid=,args='])
    .stdout.toString()
    .split('\n')
    .map((line) => line.trim().match(/^(\d+) (.*)$/))
    .filter((match) => match?.[2] === `sleep ${marker}`)
    .map((match) => Number(match![1]));
const sleeping = () => sleepers().map(() => `sleep ${marker}`);

afterEach(() => {
  // A failed test must not leave its command running.
  for (const pid of sleepers()) process.kill(pid, 'SIGKILL');
  t.close();
});

describe('evidence.liveCollect as a job', () => {
  it('pushes job.progress and stops the running commands on jobs.cancel, leaving no archive or spool behind', async () => {
    const pending = dispatchAsync(t.ctx, 'evidence.liveCollect', { profile: 'slow', output: path.join(out, 'slow.tar.gz') });
    const progress = () => t.events.flatMap((event) => (event.type === 'job.progress' && event.operation === 'evidence.liveCollect' ? [event] : []));
    // The quick one ends; the slow one runs on.
    const oneLeft = () => progress().some((event) => event.message === '1 of 2 commands done · running wait');
    for (let waited = 0; !oneLeft() && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(oneLeft()).toBe(true);
    expect(sleeping()).toHaveLength(1);
    const jobId = progress()[0]!.jobId;
    expect(dispatch(t.ctx, 'jobs.cancel', { jobId })).toEqual({ ok: true, value: { cancelled: true } });
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('no archive was left behind') } });
    expect(sleeping()).toEqual([]);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('refuses an archive that exists before running anything', async () => {
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'taken.tar.gz'), 'x');
    const result = await dispatchAsync(t.ctx, 'evidence.liveCollect', { profile: 'slow', output: path.join(out, 'taken.tar.gz') });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(sleeping()).toEqual([]);
  });

  it('refuses a dangling symlink as the archive before running anything (it would be written through)', async () => {
    fs.mkdirSync(out);
    fs.symlinkSync(path.join(out, 'elsewhere.tar.gz'), path.join(out, 'link.tar.gz'));
    const pending = dispatchAsync(t.ctx, 'evidence.liveCollect', { profile: 'slow', output: path.join(out, 'link.tar.gz') });
    // Refused at once: the day-long sleep never starts.
    const result = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve('still running'), 3_000))]);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('link.tar.gz already exists') } });
    expect(sleeping()).toEqual([]);
  });

  it('as root, does not load a team collectors file that anyone else can change (its commands would run as root)', () => {
    const file = path.join(t.dataDir, 'collectors', 'slow.yaml');
    fs.chmodSync(path.join(t.dataDir, 'collectors'), 0o755);
    fs.chmodSync(file, 0o666);
    const asRoot = loadLiveProfiles(t.ctx, true);
    expect(asRoot.profiles.map((profile) => profile.id)).not.toContain('slow');
    expect(asRoot.problems).toContainEqual({ file, line: null, path: '', message: expect.stringMatching(/^not loaded: the console runs as root, and .* (is not owned by root|is writable by everyone)/) });
    // Not root: the responder's own file, loaded as before.
    expect(loadLiveProfiles(t.ctx, false).profiles.map((profile) => profile.id)).toContain('slow');
  });

  it('refuses a relative path and a namespace that is not a Kubernetes name at the boundary', async () => {
    const result = await dispatchAsync(t.ctx, 'evidence.liveCollect', { profile: 'quick', output: path.join(out, 'q.tar.gz'), paths: ['etc'], namespaces: ['--all-namespaces'] });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ field: 'paths.0', message: 'must be an absolute path (starting with /)' }, { field: 'namespaces.0', message: expect.stringContaining('Kubernetes namespace') }] },
    });
  });
});
