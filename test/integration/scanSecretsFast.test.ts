import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, tempDataDir } from '../support/consoleServer';
import { initRepo } from '../support/gitRepo';

/**
 * A plain `scan secrets` starts from a bundle of its own (dist/main/cli/scanSecrets.js); the whole CLI
 * (dist/main/cli/main.js) runs everything else. Both must answer the same command the same way, to
 * the byte: stdout, stderr and exit code.
 */
const work = tempDataDir('firebreak-scan-fast-');
const repo = path.join(work, 'repo');
const wholeCliPath = path.join(repoRoot, 'dist', 'main', 'cli', 'main.js');
// Written in pieces, so this test file is not itself a leak a scanner would flag.
const githubToken = `ghp_${'Lm4Nb7Vc1Xz9Qa2Ws5Ed8Rf3Tg6Yh0Uj7Ik9'}`;
const slackToken = ['xoxb', '204918273645', '7730211198842', 'Qw7Rt5Yu3Io1Pa9Sd8Fg6Hj4'].join('-');

beforeAll(() => {
  const git = initRepo(repo);
  fs.writeFileSync(path.join(repo, 'config.js'), `export const slack = "${slackToken}";\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'add the config');
  fs.writeFileSync(path.join(repo, 'config.js'), 'export const slack = process.env.SLACK_TOKEN;\n');
  git('commit', '-q', '-am', 'token from the environment');
  fs.writeFileSync(path.join(repo, '.env'), `# local settings\nGITHUB_TOKEN=${githubToken}\n`);
  fs.writeFileSync(path.join(repo, 'notes.md'), `Passwörter: ünïcode before the key ${githubToken.replace('ghp_', 'ghp_X')}\r\n`);
  fs.writeFileSync(path.join(repo, 'baseline.json'), '');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(entry: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = work): Run {
  const result = spawnSync(process.execPath, [entry, ...args], { cwd, env: { ...process.env, FIREBREAK_DATA_DIR: path.join(work, 'data'), ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// The time a scan took is the one thing two runs may not share.
const timeless = (text: string) => text.replace(/"durationMs":\d+/g, '"durationMs":0').replace(/ in \d+\.\d s/g, ' in 0.0 s');
const comparable = (result: Run) => ({ status: result.status, stdout: timeless(result.stdout), stderr: timeless(result.stderr) });

/** The same command through bin/firebreak.js (which picks the scan's own bundle) and through the whole CLI. */
function both(args: string[], env: NodeJS.ProcessEnv = {}) {
  const fast = run(cliPath, ['scan', 'secrets', ...args], env);
  const whole = run(wholeCliPath, ['scan', 'secrets', ...args], env);
  expect(comparable(fast)).toEqual(comparable(whole));
  return fast;
}

describe('a plain secret scan from its own bundle', () => {
  it('prints exactly what the whole CLI prints: JSON, the table, SARIF, history, a baseline', () => {
    const json = both([repo, '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).value.findings.map((finding: { rule: string; file: string }) => `${finding.rule} ${finding.file}`)).toEqual(['github-pat-classic .env']);
    expect(both([repo]).stdout).toMatch(/^1 SECRET FOUND \(values redacted\)\nRULE/);
    expect(JSON.parse(both([repo, '--sarif']).stdout).runs[0].results).toHaveLength(1);
    const history = both([repo, '--history', '--all-branches', '--json']);
    expect(JSON.parse(history.stdout).value.findings.map((finding: { rule: string; inWorkingTree: boolean | null }) => `${finding.rule} ${finding.inWorkingTree}`)).toEqual(['github-pat-classic null', 'slack-bot-token false']);
    // A baseline that hides the one finding, written by one run and read by the next.
    const written = path.join(work, 'written-baseline.json');
    expect(both([repo, '--write-baseline', written, '--max-file-size', '0.5']).status).toBe(1);
    expect(both([repo, `--baseline=${written}`, '--no-gitignore', '--json']).status).toBe(0);
  });

  it('hands the whole CLI what it does not run, with the same answer: usage, bad values, errors, an incident', () => {
    expect(both(['--help']).stdout).toMatch(/^Usage: firebreak scan secrets/);
    expect(both([repo, '--max-file-size', 'lots']).stderr).toMatch(/--max-file-size must be a number of MB/);
    expect(both([repo, '--max-file-size', '0.0001', '--json']).status).toBe(2);
    expect(both([repo, '--since', '2 weeks ago', '--json']).status).toBe(1);
    expect(both([repo, '--unknown']).status).toBe(2);
    expect(both([path.join(work, 'missing'), '--json']).stdout).toMatch(/"code":"invalid-input","message":"cannot scan .*missing: ENOENT"/);
    expect(both([`${repo} `, '--json']).status).toBe(1);
    expect(both([repo, '--baseline', path.join(repo, 'baseline.json'), '--json']).stdout).toMatch(/"code":"invalid-input"/);
    expect(both([repo, '--write-baseline', path.join(work, 'no-such-folder', 'b.json'), '--json']).stdout).toMatch(/"ok":false/);
    expect(both([path.join(repo, '.env'), '--history', '--json']).stdout).toMatch(/--history needs a repository folder/);
    const incident = both([repo, '--incident', 'I-0000-00000000', '--json']);
    expect(incident.stdout).toMatch(/"code":"(not-found|invalid-input)"/);
  });

  it('hands over a refused scan before writing anything: one error line, also when stdout cannot be written', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const outputs = [cliPath, wholeCliPath].map((entry) => spawnSync(process.execPath, [entry, 'scan', 'secrets', path.join(work, 'missing'), '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: path.join(work, 'data') }, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' }));
      expect(outputs.map((output) => [output.status, output.stderr])).toEqual([
        [2, 'firebreak: could not write the output: no space left on device (ENOSPC)\n'],
        [2, 'firebreak: could not write the output: no space left on device (ENOSPC)\n'],
      ]);
    } finally {
      fs.closeSync(full);
    }
  });

  it('shows a scanned file name with an escape in it as text in the table, never as the escape', () => {
    const hostile = path.join(work, 'hostile');
    fs.mkdirSync(hostile);
    fs.writeFileSync(path.join(hostile, 'a\u001b[31mred.env'), `GITHUB_TOKEN=${githubToken}\n`);
    const table = both([hostile]).stdout;
    expect(table).toContain('a\\x1b[31mred.env:1:14');
    expect(table).not.toContain('\u001b');
  });

  it('leaves rules edited in the resources folder to the whole CLI, which scans with them', () => {
    const resources = path.join(work, 'resources');
    fs.cpSync(path.join(repoRoot, 'resources'), resources, { recursive: true });
    fs.appendFileSync(path.join(resources, 'rules', 'secrets.yaml'), "  - id: local-rule\n    description: A rule of this laptop's own\n    regex: '\\bLOCAL_[A-Z0-9]{24}\\b'\n    keywords: [local_]\n");
    fs.writeFileSync(path.join(repo, 'local.txt'), `LOCAL_${'A1B2C3D4E5F6G7H8J9K0L1M2'}\n`);
    try {
      const edited = both([repo, '--json'], { FIREBREAK_RESOURCES_DIR: resources });
      expect(JSON.parse(edited.stdout).value.findings.map((finding: { rule: string }) => finding.rule)).toContain('local-rule');
    } finally {
      fs.rmSync(path.join(repo, 'local.txt'));
    }
  });

  it('runs without the whole CLI at all', () => {
    // An install whose whole CLI is missing: a plain scan still answers; anything else cannot.
    const install = path.join(work, 'install');
    fs.cpSync(path.join(repoRoot, 'bin'), path.join(install, 'bin'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'resources'), path.join(install, 'resources'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'dist', 'main'), path.join(install, 'dist', 'main'), { recursive: true, filter: (source) => !/cli[/\\]main\.js/.test(source) });
    const installed = path.join(install, 'bin', 'firebreak.js');
    const plain = run(installed, ['scan', 'secrets', repo, '--json']);
    expect(plain.status, plain.stderr).toBe(1);
    expect(JSON.parse(plain.stdout).value.findings).toHaveLength(1);
    const handedOver = run(installed, ['scan', 'secrets', repo, '--incident', 'I-0000-00000000', '--json']);
    expect(handedOver.stdout).toBe('');
    expect(handedOver.stderr).toMatch(/cli[/\\]main\.js/);
  });

  it('stops on Ctrl-C with the cancelled envelope and exit 2, as the whole CLI does', async () => {
    const big = path.join(work, 'big');
    fs.mkdirSync(big);
    const line = `const value = "${'x'.repeat(60)}"; // token key secret password\n`;
    fs.writeFileSync(path.join(big, 'large.js'), line.repeat(Math.ceil((400 * 1024 * 1024) / line.length)));
    try {
      for (const entry of [cliPath, wholeCliPath]) {
        const child = spawn(process.execPath, [entry, 'scan', 'secrets', big, '--json', '--max-file-size', '1000'], { env: { ...process.env, FIREBREAK_DATA_DIR: path.join(work, 'data') } });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        // Under way once the process holds the large file open.
        const reading = () => fs.readdirSync(`/proc/${child.pid}/fd`).some((fd) => {
          try {
            return fs.readlinkSync(`/proc/${child.pid}/fd/${fd}`).endsWith('large.js');
          } catch {
            return false;
          }
        });
        for (let waited = 0; !reading() && waited < 60_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
        child.kill('SIGINT');
        expect(await ended, entry).toBe(2);
        expect(JSON.parse(stdout), entry).toEqual({ ok: false, error: { code: 'cancelled', message: 'scan cancelled: nothing was recorded' } });
      }
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });
});
