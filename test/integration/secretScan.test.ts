import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { cliPath, tempDataDir } from '../support/consoleServer';
import { initRepo } from '../support/gitRepo';

const work = tempDataDir('firebreak-scan-');
const dataDir = path.join(work, 'data');
const repo = path.join(work, 'repo');
// Written here, in pieces, so this test file is not itself a leak a scanner would flag.
const slackToken = ['xoxb', '204918273645', '7730211198842', 'Qw7Rt5Yu3Io1Pa9Sd8Fg6Hj4'].join('-');
const githubToken = `ghp_${'Lm4Nb7Vc1Xz9Qa2Ws5Ed8Rf3Tg6Yh0Uj7Ik9'}`;
const stripeKey = `sk_live_${'Zq8Wm2Rt6Yp4Lk9Vb3Nc7Xd1'}`;
const commits: string[] = [];

beforeAll(() => {
  const git = initRepo(repo);
  for (let n = 1; n <= 8; n += 1) {
    if (n === 3) fs.writeFileSync(path.join(repo, 'config.js'), `export const slack = "${slackToken}";\n`);
    else if (n === 7) fs.writeFileSync(path.join(repo, 'config.js'), 'export const slack = process.env.SLACK_TOKEN;\n');
    else fs.appendFileSync(path.join(repo, 'CHANGELOG.md'), `- change ${n}\n`);
    git('add', '-A');
    git('commit', '-q', '-m', `commit ${n}`);
    commits.push(git('rev-parse', 'HEAD'));
  }
  fs.writeFileSync(path.join(repo, '.env'), `# local settings\nGITHUB_TOKEN=${githubToken}\n`);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const scan = (...args: string[]) => runCli(dataDir, ['scan', 'secrets', ...args]);

describe('firebreak scan secrets', () => {
  it('reports a secret added in commit 3 and deleted in commit 7 with commit 3, as no longer in the tree', () => {
    const run = scan(repo, '--history', '--json');
    expect(run.status).toBe(1);
    const findings = run.json.value.findings;
    const slack = findings.filter((finding: { rule: string }) => finding.rule === 'slack-bot-token');
    expect(slack).toEqual([
      { rule: 'slack-bot-token', description: 'Slack bot token', file: 'config.js', line: 1, column: 23, commit: commits[2], author: 'Dana Ops <dana@example.org>', date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), redacted: 'xoxb…', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), inWorkingTree: false },
    ]);
    expect(findings.find((finding: { rule: string }) => finding.rule === 'github-pat-classic')).toMatchObject({ file: '.env', line: 2, column: 14, commit: null, redacted: 'ghp_…' });
    expect(run.json.value.stats).toMatchObject({ files: 3, commits: 8, durationMs: expect.any(Number) });
  });

  it('exits 0 on a clean folder and 2 on a path that does not exist, with the envelope', () => {
    const clean = path.join(work, 'clean');
    fs.mkdirSync(clean);
    fs.writeFileSync(path.join(clean, 'README.md'), '# Nothing secret here\nSet API_KEY in your environment.\n');
    expect(scan(clean, '--json')).toMatchObject({ status: 0, json: { ok: true, value: { findings: [], stats: { files: 1 } } } });
    expect(scan(path.join(work, 'missing'), '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: expect.stringContaining('ENOENT') } } });
    expect(scan(clean, '--history', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { message: expect.stringContaining('is not a git repository') } } });
  });

  it('stores nothing for a scan without an incident: a fresh data dir gets no database until a command needs one', () => {
    const folder = path.join(work, 'nothing-kept');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, '.env'), `GITHUB_TOKEN=${githubToken}\n`);
    const fresh = path.join(work, 'fresh-data');
    expect(runCli(fresh, ['scan', 'secrets', folder, '--json'])).toMatchObject({ status: 1, json: { ok: true, value: { findings: [{ file: '.env' }], scanId: null } } });
    expect(fs.existsSync(path.join(fresh, 'firebreak.sqlite'))).toBe(false);
    expect(runCli(fresh, ['incident', 'list', '--json'])).toMatchObject({ status: 0, json: { ok: true, value: { incidents: [] } } });
    expect(fs.existsSync(path.join(fresh, 'firebreak.sqlite'))).toBe(true);
  });

  it('prints SARIF 2.1.0 with rules, locations and fingerprints', () => {
    const run = scan(repo, '--history', '--sarif');
    expect(run.status).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    // The OASIS SARIF 2.1.0 schema (draft-04), as shipped for Microsoft's SARIF test matchers; one of
    // its patterns (language) is not valid in Unicode mode, so patterns compile without the u flag.
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const [sarifRun] = sarif.runs;
    expect(sarifRun.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['github-pat-classic', 'slack-bot-token']);
    const slack = sarifRun.results.find((result: { ruleId: string }) => result.ruleId === 'slack-bot-token');
    expect(slack).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'config.js', uriBaseId: 'SRCROOT' }, region: { startLine: 1, startColumn: 23 } } }],
      partialFingerprints: { 'firebreakSecret/v1': expect.stringMatching(/^[0-9a-f]{16}$/) },
      properties: { commit: commits[2], inWorkingTree: false },
    });
    expect(sarifRun.tool.driver.rules[slack.ruleIndex].id).toBe('slack-bot-token');
  });

  it('hides baselined findings so only new ones show', () => {
    const baseline = path.join(work, 'baseline.json');
    expect(scan(repo, '--write-baseline', baseline, '--json').status).toBe(1);
    expect(scan(repo, '--baseline', baseline, '--json')).toMatchObject({ status: 0, json: { value: { findings: [], stats: { baselined: 1 } } } });
    fs.writeFileSync(path.join(repo, 'billing.env'), `STRIPE_SECRET_KEY=${stripeKey}\n`);
    const run = scan(repo, '--baseline', baseline, '--json');
    expect(run.status).toBe(1);
    expect(run.json.value.findings.map((finding: { rule: string }) => finding.rule)).toEqual(['stripe-live-secret-key']);
    fs.rmSync(path.join(repo, 'billing.env'));
    expect(scan(repo, '--baseline', path.join(work, 'missing.json'), '--json')).toMatchObject({ status: 2, json: { error: { message: expect.stringContaining('cannot read the baseline') } } });
  });

  it('honours firebreak:allow, .firebreakignore and .gitignore, and counts binary and oversized files', () => {
    const tree = path.join(work, 'tree');
    fs.mkdirSync(path.join(tree, 'fixtures'), { recursive: true });
    fs.mkdirSync(path.join(tree, 'dist'));
    fs.writeFileSync(path.join(tree, 'allowed.py'), `TOKEN = "${githubToken}"  # firebreak:allow documented test token\n`);
    fs.writeFileSync(path.join(tree, 'fixtures', 'keys.txt'), `${stripeKey}\n`);
    fs.writeFileSync(path.join(tree, '.firebreakignore'), 'fixtures/\n');
    fs.writeFileSync(path.join(tree, '.gitignore'), 'dist/\n');
    fs.writeFileSync(path.join(tree, 'dist', 'bundle.js'), `var k="${stripeKey}";\n`);
    fs.writeFileSync(path.join(tree, 'core.dump'), Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), randomBytes(4096), Buffer.from(stripeKey)]));
    fs.writeFileSync(path.join(tree, 'huge.log'), `${'x'.repeat(2 * 1024 * 1024)}\n${stripeKey}\n`);
    const run = scan(tree, '--max-file-size', '1', '--json');
    expect(run.json.value).toMatchObject({ findings: [], stats: { skipped: { binary: 1, tooLarge: 1, ignored: 2 } } });
    expect(run.status).toBe(0);
    const unignored = scan(tree, '--no-gitignore', '--json');
    expect(unignored.json.value.findings.map((finding: { file: string }) => finding.file).sort()).toEqual(['dist/bundle.js', 'huge.log']);
  });

  it('finishes promptly past a pipe planted as .gitignore and a 5 MB .firebreakignore, skipping both and still finding the secret', () => {
    const quickly = (tree: string) => {
      // A blocked scan would hang the CLI, so it runs with a deadline: killed, it fails here.
      const started = performance.now();
      const run = spawnSync(process.execPath, [cliPath, 'scan', 'secrets', tree, '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 30_000 });
      expect(run.signal).toBeNull();
      expect(performance.now() - started).toBeLessThan(15_000);
      return { status: run.status, value: JSON.parse(run.stdout).value };
    };
    const piped = path.join(work, 'piped');
    fs.mkdirSync(path.join(piped, 'app'), { recursive: true });
    expect(spawnSync('mkfifo', [path.join(piped, 'app', '.gitignore')]).status).toBe(0);
    fs.writeFileSync(path.join(piped, 'app', 'config.env'), `GITHUB_TOKEN=${githubToken}\n`);
    const pipedRun = quickly(piped);
    expect(pipedRun.status).toBe(1);
    expect(pipedRun.value.findings.map((finding: { file: string; rule: string }) => [finding.file, finding.rule])).toEqual([['app/config.env', 'github-pat-classic']]);
    expect(pipedRun.value.stats.skipped.unreadable).toBe(1);

    // Its first line would hide the secret: read, it would be honoured; skipped, the file is scanned.
    const bloated = path.join(work, 'bloated');
    fs.mkdirSync(bloated);
    fs.writeFileSync(path.join(bloated, '.firebreakignore'), `*.env\n${'# '.padEnd(99, '-')}\n`.padEnd(5 * 1024 * 1024, `${'# '.padEnd(99, '-')}\n`));
    fs.writeFileSync(path.join(bloated, 'config.env'), `GITHUB_TOKEN=${githubToken}\n`);
    const bloatedRun = quickly(bloated);
    expect(bloatedRun.status).toBe(1);
    expect(bloatedRun.value.findings.map((finding: { file: string }) => finding.file)).toEqual(['config.env']);
    expect(bloatedRun.value.stats.skipped.unreadable).toBe(1);
  });
});
