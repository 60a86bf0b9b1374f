import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeLiveProblem, parseLiveProfile } from '../../../src-main/domain/evidence/liveProfile';
import { planProfile } from '../../../src-main/services/evidence/liveCollect';
import type { LoadedProfile } from '../../../src-main/services/evidence/liveProfiles';

const shippedDir = path.resolve(__dirname, '../../../resources/collectors');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-live-profiles-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function parsed(source: string) {
  const result = parseLiveProfile(source, '/data/collectors/team.yaml');
  if ('problem' in result) throw new Error(describeLiveProblem(result.problem));
  return result.profile;
}
function problem(source: string) {
  const result = parseLiveProfile(source, '/data/collectors/team.yaml');
  if (!('problem' in result)) throw new Error('expected a problem');
  return result.problem;
}

const header = 'id: team\ntitle: Team\ndescription: Our own\ncollectors:\n';
const processes = '  - id: processes\n    description: ps\n    platforms: [linux]\n    argv: [ps, aux]\n    timeoutMs: 1000\n    output: ps.txt\n';

describe('live response profiles as data', () => {
  it('every shipped collector validates, each profile named by its file, with the contents the issue lists', () => {
    const files = fs.readdirSync(shippedDir).filter((name) => name.endsWith('.yaml')).sort();
    expect(files).toEqual(['build.yaml', 'containers.yaml', 'quick.yaml']);
    const ids: Record<string, string[]> = {};
    for (const file of files) {
      const profile = parsed(fs.readFileSync(path.join(shippedDir, file), 'utf8'));
      expect(profile.id).toBe(file.replace('.yaml', ''));
      ids[profile.id] = profile.collectors.map((collector) => collector.id);
      // Never a shell: no collector runs sh/bash, and no argument is a whole command line.
      for (const collector of profile.collectors) {
        expect(['sh', 'bash', 'zsh'], collector.id).not.toContain(collector.argv[0]);
        expect(collector.argv.some((item) => / \| |&&|;/.test(item)), collector.id).toBe(false);
      }
    }
    expect(ids.quick).toEqual(expect.arrayContaining(['processes', 'connections', 'listening', 'logged-in', 'last-logins', 'system-cron', 'mounts', 'kernel', 'os-release', 'recent-files']));
    expect(ids.containers).toEqual(expect.arrayContaining(['docker-ps', 'docker-images', 'kubectl-all']));
    expect(ids.build).toEqual(expect.arrayContaining(['environment', 'node-version', 'npm-version', 'lockfiles']));
  });

  it('names the file, line, path in the document and what was expected for a malformed collector', () => {
    const wrongTimeout = problem(`${header}${processes}  - id: net\n    description: ss\n    platforms: [linux]\n    argv: [ss, -tanp]\n    timeoutMs: soon\n    output: ss.txt\n`);
    expect(wrongTimeout).toEqual({ file: '/data/collectors/team.yaml', line: 15, path: 'collectors.1.timeoutMs', message: 'must be a number of milliseconds' });
    expect(describeLiveProblem(wrongTimeout)).toBe('/data/collectors/team.yaml:15: collectors.1.timeoutMs: must be a number of milliseconds');

    const shellString = problem(`${header}  - id: grep\n    description: grep\n    platforms: [linux]\n    argv: "ps aux | grep sshd"\n    timeoutMs: 1000\n    output: g.txt\n`);
    expect(shellString).toMatchObject({ line: 8, path: 'collectors.0.argv', message: 'must be a list: the program, then each argument' });

    const gluedPlaceholder = problem(`${header}  - id: find\n    description: find\n    platforms: [linux]\n    argv: [find, '--root={paths}']\n    timeoutMs: 1000\n    output: f.txt\n`);
    expect(gluedPlaceholder).toMatchObject({ path: 'collectors.0.argv', message: 'a placeholder must be a whole item: {paths} or {namespace}' });

    expect(problem(`${header}  - id: ps\n    description: ps\n    platforms: [linux, windows]\n    argv: [ps]\n    timeoutMs: 1000\n    output: ps.txt\n`)).toMatchObject({ path: 'collectors.0.platforms.1', message: 'must be one of linux, darwin, win32' });
    expect(problem(`${header}${processes}  - id: other\n    description: ps again\n    platforms: [linux]\n    argv: [ps]\n    timeoutMs: 1000\n    output: ps.txt\n`)).toMatchObject({ path: 'collectors.1.output', message: '"ps.txt" is also the output of collector "processes" on the same platform' });
    // One file on a case-insensitive disk (macOS): the second would not be written.
    expect(problem(`${header}${processes}  - id: other\n    description: ps again\n    platforms: [linux, darwin]\n    argv: [ps]\n    timeoutMs: 1000\n    output: PS.txt\n`)).toMatchObject({ path: 'collectors.1.output', message: '"PS.txt" is also the output of collector "processes" on the same platform' });
    expect(problem(`${header}  - id: ps\n    description: ps\n    platforms: linux\n    argv: [ps]\n    timeoutMs: 1000\n    output: ps.txt\n`)).toMatchObject({ path: 'collectors.0.platforms', message: 'must be a list of platforms, like [linux, darwin, win32]' });
    // <output>.stderr is where a collector's standard error goes: an output named so would be overwritten.
    expect(problem(`${header}${processes}  - id: shadow\n    description: x\n    platforms: [linux]\n    argv: [ps]\n    timeoutMs: 1000\n    output: ps.txt.STDERR\n`)).toMatchObject({ path: 'collectors.1.output', message: "must not end in .stderr (that name holds a collector's standard error)" });
    expect(problem(`${header}  - id: escape\n    description: x\n    platforms: [linux]\n    argv: [ps]\n    timeoutMs: 1000\n    output: ../../etc/passwd\n`)).toMatchObject({ path: 'collectors.0.output' });
    expect(problem(`${header}${processes}    shell: true\n`)).toMatchObject({ path: 'collectors.0', message: expect.stringContaining('shell') });
    expect(problem('id: team\ntitle: [unclosed\n')).toMatchObject({ file: '/data/collectors/team.yaml', path: '', line: expect.any(Number) });
  });

  it('expands {paths} into one argument per path and {namespace} into one run per namespace; volatile runs first', () => {
    const profile: LoadedProfile = {
      ...parsed(
        `${header}  - id: recent\n    description: find\n    platforms: [linux, darwin]\n    argv: [find, '{paths}', -mtime, '-2']\n    timeoutMs: 1000\n    output: recent.txt\n` +
          `  - id: pods\n    description: kubectl\n    platforms: [linux, darwin]\n    argv: [kubectl, get, all, -n, '{namespace}']\n    timeoutMs: 1000\n    output: all-{namespace}.yaml\n` +
          `  - id: ps\n    description: ps\n    platforms: [linux, darwin]\n    argv: [ps, aux]\n    timeoutMs: 1000\n    volatile: true\n    output: ps.txt\n` +
          `  - id: spool\n    description: root only\n    platforms: [linux, darwin]\n    argv: [ls, /root]\n    timeoutMs: 1000\n    needsRoot: true\n    output: spool.txt\n`,
      ),
      source: 'custom',
      file: '/data/collectors/team.yaml',
    };
    const hostile = '/tmp/a b; rm -rf ~';
    const plans = planProfile(profile, { paths: ['/etc', hostile], namespaces: ['web', 'db'], root: false, platform: 'linux' });
    expect(plans.map((plan) => plan.id)).toEqual(['ps', 'recent', 'pods:web', 'pods:db', 'spool']);
    expect(plans[1]!.argv).toEqual(['find', '/etc', hostile, '-mtime', '-2']);
    expect(plans[2]).toMatchObject({ argv: ['kubectl', 'get', 'all', '-n', 'web'], output: 'all-web.yaml' });
    expect(plans[4]!.skip).toEqual({ problem: 'needs-root', text: expect.stringContaining('needs root') });
    expect(planProfile(profile, { root: true, platform: 'linux' }).find((plan) => plan.id === 'spool')?.skip).toBeUndefined();
    expect(planProfile(profile, { platform: 'win32' })).toEqual([]);
  });
});
