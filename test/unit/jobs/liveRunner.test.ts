import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCollectors, type PlannedRun } from '../../../src-main/jobs/evidence/liveRunner';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-live-runner-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let folders = 0;
const spool = () => fs.mkdirSync(path.join(work, `spool-${(folders += 1)}`), { recursive: true })!;
const noSecrets = (text: string) => ({ text, count: 0 });
const plan = (id: string, argv: string[], extra: Partial<PlannedRun> = {}): PlannedRun => ({ id, argv, timeoutMs: 10_000, volatile: false, output: `${id}.txt`, redact: false, ...extra });
const ms = (run: { startedAt: string; endedAt: string }) => Date.parse(run.endedAt) - Date.parse(run.startedAt);

describe('running collectors', () => {
  it('spools each output with its hash, exit code and clock; a missing program and a failing one are recorded, not fatal', async () => {
    const dir = spool();
    const runs = await runCollectors(
      [plan('hello', ['printf', '%s\\n', 'one item; not a shell']), plan('absent', ['firebreak-no-such-program-xyz']), plan('fails', ['ls', path.join(work, 'nothing-here')])],
      { dir, redact: noSecrets },
    );
    const [hello, absent, fails] = runs;
    const bytes = fs.readFileSync(path.join(dir, 'hello.txt'));
    expect(bytes.toString()).toBe('one item; not a shell\n');
    expect(hello).toMatchObject({ order: 1, exitCode: 0, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), archivePath: 'hello.txt' });
    expect(hello!.problem).toBeUndefined();
    expect(absent).toMatchObject({ order: 2, exitCode: null, archivePath: null, sha256: null, problem: 'missing-program', problemText: "firebreak-no-such-program-xyz is not on this machine's PATH" });
    expect(fs.existsSync(path.join(dir, 'absent.txt'))).toBe(false);
    expect(fails).toMatchObject({ exitCode: 2, problem: 'failed', problemText: expect.stringMatching(/^exited with code 2: ls: cannot access/), stderrPath: 'fails.txt.stderr' });
    expect(fs.readFileSync(path.join(dir, 'fails.txt.stderr'), 'utf8')).toContain('No such file or directory');
  });

  it("never writes a collector's standard error over another collector's output", async () => {
    const dir = spool();
    const runs = await runCollectors(
      [plan('other', ['printf', 'kept'], { output: 'x.txt.stderr' }), plan('noisy', ['sh', '-c', 'printf err >&2'], { output: 'x.txt' })],
      { dir, parallel: 1, redact: noSecrets },
    );
    expect(fs.readFileSync(path.join(dir, 'x.txt.stderr'), 'utf8')).toBe('kept');
    expect(runs[0]).toMatchObject({ sha256: createHash('sha256').update('kept').digest('hex') });
    expect(runs[1]!.stderrPath).toBeUndefined();
  });

  it('cuts a hanging command at its timeout, with whatever it started (its process group)', async () => {
    const started = Date.now();
    // A fixed script (no input in it), so a child of the command holds stdout open: only a group kill ends both.
    const [run] = await runCollectors([plan('hang', ['sh', '-c', 'echo before; sleep 30 & sleep 30'], { timeoutMs: 500 })], { dir: spool(), redact: noSecrets });
    const took = Date.now() - started;
    expect(run).toMatchObject({ problem: 'timed-out', problemText: 'cut at its timeout of 500 ms (7 bytes kept)', exitCode: null, signal: 'SIGTERM', bytes: 7 });
    expect(ms(run!)).toBeGreaterThanOrEqual(500);
    expect(took).toBeLessThan(5_000);
  });

  it.skipIf(process.platform !== 'linux')('does not wait out a child that left the process group (setsid) holding the output: it is killed at the timeout', async () => {
    const started = Date.now();
    // The escaped child ignores SIGTERM and keeps stdout open; its pid is the first line.
    const [run] = await runCollectors([plan('escape', ['sh', '-c', 'setsid sh -c \'trap "" TERM; sleep 30\' & echo $!; wait'], { timeoutMs: 300 })], { dir: spool(), killGraceMs: 200, redact: noSecrets });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run).toMatchObject({ problem: 'timed-out', problemText: expect.stringMatching(/; \d+ process(es)? it started had left its process group and (was|were) killed$/) });
    const escaped = Number(fs.readFileSync(path.join(work, `spool-${folders}`, 'escape.txt'), 'utf8').trim());
    expect(escaped).toBeGreaterThan(0);
    // Gone, or a zombie waiting for init to reap it: either way no longer running.
    const running = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${escaped}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    await expect.poll(running, { timeout: 2_000 }).toBe(false);
  });

  it('starts volatile collectors first, a few at a time, and records the order with the clock', async () => {
    const runs = await runCollectors(
      [plan('later-1', ['sleep', '0.2']), plan('first', ['sleep', '0.2'], { volatile: true }), plan('later-2', ['sleep', '0.2']), plan('second', ['sleep', '0.2'], { volatile: true })],
      { dir: spool(), parallel: 2, redact: noSecrets },
    );
    expect(runs.map((run) => [run.order, run.id])).toEqual([[1, 'first'], [2, 'second'], [3, 'later-1'], [4, 'later-2']]);
    // Two at a time: the third starts only when one of the first two has ended.
    expect(Date.parse(runs[2]!.startedAt)).toBeGreaterThanOrEqual(Math.min(Date.parse(runs[0]!.endedAt), Date.parse(runs[1]!.endedAt)));
  });

  it('caps an output and stops the command there', async () => {
    const [run] = await runCollectors([plan('flood', ['yes'])], { dir: spool(), capBytes: 1024 * 1024, redact: noSecrets });
    expect(run).toMatchObject({ bytes: 1024 * 1024, truncated: true, problemText: 'output cut at 1048576 bytes' });
    expect(run!.problem).toBeUndefined();
  });

  it('passes a redacted collector through the redactor and counts what it took', async () => {
    const dir = spool();
    const [run] = await runCollectors([plan('env', ['printf', 'TOKEN=%s\\nPATH=/bin\\n', 'hunter2-value'], { redact: true })], {
      dir,
      redact: (text) => ({ text: text.replaceAll('hunter2-value', '[redacted]'), count: text.split('hunter2-value').length - 1 }),
    });
    const archived = fs.readFileSync(path.join(dir, 'env.txt'), 'utf8');
    expect(archived).toBe('TOKEN=[redacted]\nPATH=/bin\n');
    expect(run).toMatchObject({ redactions: 1, bytes: Buffer.byteLength(archived), sha256: createHash('sha256').update(archived).digest('hex') });
  });

  it('keeps the bytes of a binary output and its stderr as written: only the secret changes', async () => {
    const dir = spool();
    const redact = (text: string) => ({ text: text.replaceAll('hunter2-value', '[redacted…]'), count: text.split('hunter2-value').length - 1 });
    // Invalid UTF-8 (0xff 0xfe) around a secret, on stdout of a redacted collector and on stderr of a plain one.
    const [secret, plain] = await runCollectors(
      [plan('bin', ['printf', '\\377\\376 hunter2-value \\303\\251'], { redact: true }), plan('noisy', ['sh', '-c', "printf '\\377\\000x' >&2"])],
      { dir, parallel: 1, redact },
    );
    const expected = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(' [redacted…] ', 'utf8'), Buffer.from([0xc3, 0xa9])]);
    expect(fs.readFileSync(path.join(dir, 'bin.txt'))).toEqual(expected);
    expect(secret).toMatchObject({ redactions: 1, bytes: expected.length, sha256: createHash('sha256').update(expected).digest('hex') });
    expect(plain!.stderrPath).toBe('noisy.txt.stderr');
    expect(fs.readFileSync(path.join(dir, 'noisy.txt.stderr'))).toEqual(Buffer.from([0xff, 0x00, 0x78]));
  });

  it('records a secret written into the arguments redacted, for a run and for one never started', async () => {
    const redact = (text: string) => ({ text: text.replaceAll('hunter2-value', '[redacted]'), count: text.split('hunter2-value').length - 1 });
    const runs = await runCollectors([plan('ran', ['printf', '%s', '--token=hunter2-value']), plan('absent', ['firebreak-no-such-program-xyz', '--token=hunter2-value'], { skip: { problem: 'missing-program', text: 'absent' } })], { dir: spool(), redact });
    expect(runs.map((run) => run.argv)).toEqual([
      ['printf', '%s', '--token=[redacted]'],
      ['firebreak-no-such-program-xyz', '--token=[redacted]'],
    ]);
  });

  it('stops the running commands on cancel and records the rest as cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const runs = await runCollectors([plan('slow', ['sleep', '30']), plan('queued', ['sleep', '30'])], { dir: spool(), parallel: 1, signal: controller.signal, redact: noSecrets });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(runs.map((run) => run.problem)).toEqual(['cancelled', 'cancelled']);
    expect(runs[1]).toMatchObject({ archivePath: null, problemText: 'cancelled before it started' });
  });
});
