import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { cliPath, tempDataDir } from '../support/consoleServer';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

const work = tempDataDir('firebreak-live-');
const dataDir = path.join(work, 'data');
const out = path.join(work, 'out');
const tree = path.join(work, 'tree');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
// AWS-shaped, generated so that no file holds one.
const awsKey = fillTemplate('AKIA{b32:16}', seededRandom(2323));
const githubToken = fillTemplate('ghp_{alnum:36}', seededRandom(2324));

interface Run {
  id: string;
  order: number;
  argv: string[];
  exitCode: number | null;
  startedAt: string;
  endedAt: string;
  bytes: number;
  sha256: string | null;
  archivePath: string | null;
  problem?: string;
  problemText?: string;
  redactions?: number;
}

beforeAll(() => {
  fs.mkdirSync(path.join(tree, 'app'), { recursive: true });
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(tree, 'app', 'dropped-yesterday.sh'), 'echo planted\n');
  fs.mkdirSync(path.join(dataDir, 'collectors'), { recursive: true });
  // A team's own profile in the data dir: a command that hangs, an environment dump, and a plain one.
  fs.writeFileSync(
    path.join(dataDir, 'collectors', 'drill.yaml'),
    [
      'id: drill',
      'title: Drill',
      'description: A hanging command and an environment dump',
      'collectors:',
      '  - id: hang',
      '    description: never ends',
      '    platforms: [linux, darwin]',
      '    argv: [sleep, "30"]',
      '    timeoutMs: 500',
      '    output: hang.txt',
      '  - id: environment',
      '    description: the environment',
      '    platforms: [linux, darwin]',
      '    argv: [env]',
      '    timeoutMs: 10000',
      '    volatile: true',
      '    redact: true',
      '    output: environment.txt',
      '  - id: kernel',
      '    description: uname',
      '    platforms: [linux, darwin]',
      '    argv: [uname, -a]',
      '    timeoutMs: 10000',
      '    output: kernel.txt',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dataDir, 'collectors', 'broken.yaml'), 'id: broken\ntitle: Broken\ndescription: x\ncollectors:\n  - id: ps\n    description: ps\n    platforms: [linux]\n    argv: "ps aux | grep x"\n    timeoutMs: 1000\n    output: ps.txt\n');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Extracts with the real tar and returns the folder. */
function extract(archive: string): string {
  const into = fs.mkdtempSync(path.join(work, 'x-'));
  const tar = spawnSync('tar', ['-xzf', archive, '-C', into]);
  expect(tar.status, tar.stderr.toString()).toBe(0);
  return into;
}

function manifestOf(archive: string) {
  return JSON.parse(fs.readFileSync(`${archive}.manifest.json`, 'utf8'));
}

/** Process ids running exactly `sleep <seconds>`. */
function sleepers(seconds: string): number[] {
  return spawnSync('ps', ['-eo', 'pid=,args='])
    .stdout.toString()
    .split('\n')
    .map((line) => line.trim().match(/^(\d+) (.*)$/))
    .filter((match) => match?.[2] === `sleep ${seconds}`)
    .map((match) => Number(match![1]));
}

describe('live response from the CLI', () => {
  it('lists the profiles, what each runs and whether it can here, and names a broken profile file precisely', () => {
    const run = runCli(dataDir, ['evidence', 'live', '--list', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const { profiles, problems } = run.json.value;
    expect(profiles.map((profile: { id: string }) => profile.id)).toEqual(['quick', 'containers', 'build', 'drill']);
    const quick = profiles[0];
    expect(quick.collectors.find((c: { id: string }) => c.id === 'processes')).toMatchObject({ argv: ['ps', 'auxww'], volatile: true, available: true });
    expect(quick.collectors.find((c: { id: string }) => c.id === 'recent-files').argv).toContain('{paths}');
    expect(problems).toEqual([{ file: path.join(dataDir, 'collectors', 'broken.yaml'), line: 8, path: 'collectors.0.argv', message: 'must be a list: the program, then each argument' }]);
    const human = runCli(dataDir, ['evidence', 'live', '--list']);
    expect(human.stdout).toContain('✓ processes');
    expect(human.stdout).toContain(`! ${path.join(dataDir, 'collectors', 'broken.yaml')}:8: collectors.0.argv: must be a list`);
    const refused = runCli(dataDir, ['evidence', 'live', '--profile', 'broken', '-o', path.join(out, 'never.tar.gz')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('the live response profile "broken" cannot be used');
    expect(fs.existsSync(path.join(out, 'never.tar.gz'))).toBe(false);
  });

  it('runs the quick profile on this machine: every output hashes to the manifest, verify passes and tar -xzf gives the outputs; the incident records it', () => {
    const incident = runCli(dataDir, ['incident', 'declare', '--title', 'Suspicious process on build host', '--severity', 'P2', '--json']).json.value.id as string;
    const archive = path.join(out, 'quick.tar.gz');
    // A process with a token on its command line, as a careless deploy script leaves one.
    const careless = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '--', `--api-token=${githubToken}`], { stdio: 'ignore' });
    const started = Date.now();
    const run = runCli(dataDir, ['evidence', 'live', '--profile', 'quick', '--path', tree, '--incident', incident, '-o', archive, '--json']);
    const took = Date.now() - started;
    careless.kill('SIGKILL');
    expect(run.status, run.stderr).toBe(0);
    const result = run.json.value;
    const manifest = manifestOf(archive);
    expect(manifest.live).toMatchObject({ profile: 'quick', platform: process.platform, paths: [tree] });
    expect(manifest.live.collectors).toEqual(result.collectors);
    expect(manifest.roots).toEqual(['live:quick']);
    const runs: Run[] = result.collectors;
    // Volatile first, in start order, each with its clock.
    const volatileIds = ['processes', 'connections', 'listening', 'logged-in', 'uptime', 'interfaces'];
    expect(runs.slice(0, volatileIds.length).map((each) => each.id)).toEqual(volatileIds);
    expect(runs.map((each) => each.order)).toEqual(runs.map((_, index) => index + 1));
    for (const each of runs) expect(Date.parse(each.endedAt)).toBeGreaterThanOrEqual(Date.parse(each.startedAt));

    const extracted = extract(archive);
    const byPath = new Map<string, { sha256: string | null; size: number | null }>(manifest.entries.map((entry: { archivePath: string; sha256: string | null; size: number | null }) => [entry.archivePath, entry]));
    const archived = runs.filter((each) => each.archivePath);
    expect(archived.length).toBeGreaterThanOrEqual(8);
    for (const each of archived) {
      const bytes = fs.readFileSync(path.join(extracted, each.archivePath!));
      expect(sha256(bytes), each.id).toBe(each.sha256);
      expect(byPath.get(each.archivePath!), each.id).toMatchObject({ sha256: each.sha256, size: each.bytes });
    }
    const ok = (id: string) => runs.find((each) => each.id === id)!;
    expect(ok('processes')).toMatchObject({ exitCode: 0, argv: ['ps', 'auxww'] });
    const processes = fs.readFileSync(path.join(extracted, 'live-quick', 'processes.txt'), 'utf8');
    expect(processes).toContain('ps auxww');
    expect(processes).toContain('--api-token=ghp_…[redacted');
    expect(processes).not.toContain(githubToken);
    expect(ok('processes').redactions).toBeGreaterThanOrEqual(1);
    expect(ok('recent-files').argv).toEqual(['find', tree, '-xdev', '-type', 'f', '-mtime', '-2', '-ls']);
    expect(fs.readFileSync(path.join(extracted, 'live-quick', 'recent-files.txt'), 'utf8')).toContain('dropped-yesterday.sh');
    expect(fs.readFileSync(path.join(extracted, 'live-quick', 'kernel.txt'), 'utf8')).toContain(spawnSync('uname', ['-s']).stdout.toString().trim());
    // A problem is recorded on its run, with words; nothing else stops.
    for (const each of runs.filter((r) => r.problem)) expect(each.problemText, each.id).toBeTruthy();

    const verify = runCli(dataDir, ['evidence', 'verify', archive]);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain('intact');
    expect(verify.stdout).toContain('from live:quick');

    // On the incident's hash-chained timeline, as evidence.collect records, and in the chain of custody.
    const timeline = runCli(dataDir, ['incident', 'show', incident, '--json']);
    expect(timeline.status).toBe(0);
    expect(JSON.stringify(timeline.json.value.timeline)).toContain(`live response, quick profile: ${runs.filter((r) => !r.problem).length} of ${runs.length} commands ran cleanly`);
    const listed = runCli(dataDir, ['evidence', 'list', '--incident', incident, '--json']).json.value.items;
    expect(listed).toHaveLength(1);
    expect(listed[0].custody.map((entry: { action: string }) => entry.action)).toEqual(['collected', 'verified']);
    console.log(`quick profile: ${runs.length} commands, ${archived.length} outputs archived, ${runs.filter((r) => r.problem).length} with a problem, ${took} ms wall (CLI start to exit)`);
  });

  it('records kubectl as missing, not fatal, when it is not on the PATH', () => {
    const bin = path.join(work, 'bin-without-kubectl');
    fs.mkdirSync(bin);
    // docker stays when this machine has it (without a daemon it fails, which is recorded too).
    const docker = spawnSync('sh', ['-c', 'command -v docker']).stdout.toString().trim();
    if (docker) fs.symlinkSync(docker, path.join(bin, 'docker'));
    const archive = path.join(out, 'containers.tar.gz');
    const run = runCli(dataDir, ['evidence', 'live', '--profile', 'containers', '--namespace', 'web', '--namespace', 'db', '-o', archive, '--json'], { env: { PATH: bin } });
    expect(run.status, run.stderr).toBe(0);
    const runs: Run[] = run.json.value.collectors;
    const kubectl = runs.filter((each) => each.argv[0] === 'kubectl');
    expect(kubectl.map((each) => each.id).sort()).toEqual(['kubectl-all:db', 'kubectl-all:web', 'kubectl-events:db', 'kubectl-events:web']);
    for (const each of kubectl) expect(each).toMatchObject({ problem: 'missing-program', problemText: "kubectl is not on this machine's PATH", exitCode: null, archivePath: null });
    expect(kubectl.find((each) => each.id === 'kubectl-all:web')!.argv).toEqual(['kubectl', 'get', 'all', '-o', 'yaml', '-n', 'web']);
    for (const each of runs.filter((r) => r.argv[0] === 'docker')) expect(each.problem === undefined || each.problemText, each.id).toBeTruthy();
    expect(runCli(dataDir, ['evidence', 'verify', archive]).status).toBe(0);
    expect(spawnSync('tar', ['-tzf', archive]).stdout.toString()).toContain('manifest.json');
  });

  it('runs the build profile: toolchain versions, and the workspace\'s lockfiles with their SHA-256', () => {
    const workspace = path.join(work, 'workspace');
    fs.mkdirSync(path.join(workspace, 'node_modules', 'dep'), { recursive: true });
    const lock = '{"name":"app","lockfileVersion":3,"packages":{}}\n';
    fs.writeFileSync(path.join(workspace, 'package-lock.json'), lock);
    // Inside node_modules: not the workspace's own.
    fs.writeFileSync(path.join(workspace, 'node_modules', 'dep', 'package-lock.json'), '{}\n');
    const archive = path.join(out, 'build.tar.gz');
    const run = runCli(dataDir, ['evidence', 'live', '--profile', 'build', '--path', workspace, '-o', archive, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const runs: Run[] = run.json.value.collectors;
    expect(runs[0]).toMatchObject({ id: 'environment', order: 1, redactions: expect.any(Number) });
    const extracted = extract(archive);
    expect(fs.readFileSync(path.join(extracted, 'live-build', 'node-version.txt'), 'utf8').trim()).toBe(spawnSync('node', ['--version']).stdout.toString().trim());
    if (process.platform === 'linux') {
      expect(fs.readFileSync(path.join(extracted, 'live-build', 'lockfiles.sha256'), 'utf8')).toBe(`${sha256(Buffer.from(lock))}  ${path.join(workspace, 'package-lock.json')}\n`);
    }
    expect(runCli(dataDir, ['evidence', 'verify', archive]).status).toBe(0);
  });

  it('cuts a hanging command at its timeout and redacts an environment dump', () => {
    const archive = path.join(out, 'drill.tar.gz');
    const started = Date.now();
    // An AWS key the rules know by its shape, and a password only its name gives away.
    const password = 'hunter2-correct-staple';
    const run = runCli(dataDir, ['evidence', 'live', '--profile', 'drill', '-o', archive, '--json'], { env: { FIREBREAK_DRILL_AWS_KEY: awsKey, FIREBREAK_DRILL_DB_PASSWORD: password } });
    const took = Date.now() - started;
    expect(run.status, run.stderr).toBe(0);
    const runs: Run[] = run.json.value.collectors;
    expect(runs.map((each) => each.id)).toEqual(['environment', 'hang', 'kernel']);
    const hang = runs[1]!;
    expect(hang).toMatchObject({ problem: 'timed-out', problemText: 'cut at its timeout of 500 ms (0 bytes kept)', exitCode: null });
    const hangMs = Date.parse(hang.endedAt) - Date.parse(hang.startedAt);
    expect(hangMs).toBeGreaterThanOrEqual(500);
    expect(hangMs).toBeLessThan(3_000);
    expect(took).toBeLessThan(20_000);

    const environment = runs[0]!;
    expect(environment.redactions).toBeGreaterThanOrEqual(2);
    const dump = fs.readFileSync(path.join(extract(archive), 'live-drill', 'environment.txt'), 'utf8');
    expect(dump).toContain('FIREBREAK_DRILL_AWS_KEY=AKIA…[redacted');
    expect(dump).not.toContain(awsKey);
    // The secret rules' generic password assignment takes it by its name now, before the named-secret pass.
    expect(dump).toMatch(/FIREBREAK_DRILL_DB_PASSWORD=hunt…\[redacted generic-password-assignment sha256:[0-9a-f]{16}\]/);
    expect(gunzipSync(fs.readFileSync(archive)).includes(password)).toBe(false);
    // Nowhere in the archive, its manifest or the CLI's answer.
    expect(gunzipSync(fs.readFileSync(archive)).includes(awsKey)).toBe(false);
    expect(fs.readFileSync(`${archive}.manifest.json`, 'utf8')).not.toContain(awsKey);
    expect(run.stdout).not.toContain(awsKey);
    expect(runCli(dataDir, ['evidence', 'verify', archive]).status).toBe(0);
    console.log(`drill profile: hanging command cut after ${hangMs} ms (timeout 500 ms); ${environment.redactions} secret(s) redacted from the environment dump; ${took} ms wall`);
  });

  it('stops the commands it started on Ctrl-C, exits 2 and leaves no archive', async () => {
    // A sleep of about a day only this test starts, to find it in the process list.
    const seconds = String(70_000 + (process.pid % 10_000));
    fs.writeFileSync(path.join(dataDir, 'collectors', 'stuck.yaml'), `id: stuck\ntitle: Stuck\ndescription: Waits\ncollectors:\n  - id: wait\n    description: waits\n    platforms: [linux, darwin]\n    argv: [sleep, "${seconds}"]\n    timeoutMs: 600000\n    output: wait.txt\n`);
    const archive = path.join(out, 'stuck.tar.gz');
    const child = spawn(process.execPath, [cliPath, 'evidence', 'live', '--profile', 'stuck', '-o', archive, '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let waited = 0; sleepers(seconds).length === 0 && waited < 30_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sleepers(seconds)).toHaveLength(1);
      child.kill('SIGINT');
      expect(await ended).toBe(2);
      expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(sleepers(seconds)).toEqual([]);
      expect(fs.readdirSync(out).filter((name) => name.startsWith('stuck') || name.startsWith('.firebreak-live-'))).toEqual([]);
    } finally {
      for (const pid of sleepers(seconds)) process.kill(pid, 'SIGKILL');
      fs.rmSync(path.join(dataDir, 'collectors', 'stuck.yaml'));
    }
  });
});
