/**
 * Secrets on real code: the sources of packages this project already installs (TypeScript's lib,
 * React DOM, Vite, ESLint, zod, SQLite's C sources) copied into one tree, scanned by
 * `firebreak scan secrets` and by secretlint (recommended preset) in the same run, alternating,
 * best of BENCH_REAL_RUNS (2); on all cores and pinned to one core with taskset. Real code is dense
 * with the words the rules wake on (token, key, secret, password), unlike a generated tree.
 * Then history: this repository's, and a larger one whose commits add those real sources
 * (BENCH_REAL_COMMITS, 3,000), scanned with `--history` against `git log -p` alone with the same
 * options, both pinned to one core: megabytes of patch text per second per core.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath, repoRoot, tempDataDir } from '../support/consoleServer';
import { writeReport } from './report';
import { keywordReach } from './secretReach';

const packageFolders = ['typescript/lib', 'react-dom', 'vite', 'eslint', 'zod', 'better-sqlite3/deps/sqlite3'];
const runs = Number(process.env.BENCH_REAL_RUNS ?? 2);
/** The options the history scan gives git (src-main/jobs/secrets/secretHistoryScan.ts), without its format line. */
const gitLogArgs = ['-c', 'core.quotePath=false', 'log', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames'];


/** Copies regular files only (no symlinks): both tools must see exactly the same bytes. */
function copyTree(from: string, to: string): number {
  let bytes = 0;
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) bytes += copyTree(source, path.join(to, entry.name));
    else if (entry.isFile()) {
      fs.copyFileSync(source, path.join(to, entry.name));
      bytes += fs.statSync(source).size;
    }
  }
  return bytes;
}

function timed(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; oneCore?: boolean }) {
  const argv = ['-f', '%M', command, ...args];
  const started = process.hrtime.bigint();
  const run = options.oneCore
    ? spawnSync('taskset', ['-c', '0', '/usr/bin/time', ...argv], { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 1024 ** 3 })
    : spawnSync('/usr/bin/time', argv, { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 1024 ** 3 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMb = Math.round(Number(run.stderr.trim().split('\n').at(-1)) / 1024);
  return { seconds, stdout: run.stdout, peakRssMb };
}

const work = tempDataDir('firebreak-bench-secrets-real-');
try {
  const tree = path.join(work, 'tree');
  let bytes = 0;
  for (const folder of packageFolders) {
    const source = path.join(repoRoot, 'node_modules', folder);
    if (!fs.existsSync(source)) throw new Error(`${source} is missing: run npm install first`);
    bytes += copyTree(source, path.join(tree, folder.replaceAll('/', '-')));
  }
  const mb = bytes / 1024 / 1024;
  console.log(`${mb.toFixed(1)} MB of real source from ${packageFolders.join(', ')}`);

  const env = { ...process.env, FIREBREAK_DATA_DIR: path.join(work, 'data') };
  const emptyTree = path.join(work, 'empty');
  fs.mkdirSync(emptyTree);
  fs.writeFileSync(path.join(emptyTree, 'empty.txt'), '');
  const config = path.join(work, 'secretlintrc.json');
  fs.writeFileSync(config, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const secretlintBin = path.join(repoRoot, 'node_modules', '.bin', 'secretlint');

  const measure = (oneCore: boolean) => {
    const cores = oneCore ? 1 : os.availableParallelism();
    const firebreakRuns: ReturnType<typeof timed>[] = [];
    const secretlintRuns: ReturnType<typeof timed>[] = [];
    const firebreakStarts: ReturnType<typeof timed>[] = [];
    const secretlintStarts: ReturnType<typeof timed>[] = [];
    for (let run = 0; run < runs; run += 1) {
      firebreakRuns.push(timed(process.execPath, [cliPath, 'scan', 'secrets', tree, '--no-gitignore', '--json'], { env, oneCore }));
      secretlintRuns.push(timed(secretlintBin, ['--secretlintrc', config, '--format', 'unix', '--no-color', '**/*'], { cwd: tree, oneCore }));
      // What each tool costs before it reads a byte: the same command on a folder of one empty file.
      firebreakStarts.push(timed(process.execPath, [cliPath, 'scan', 'secrets', emptyTree, '--no-gitignore', '--json'], { env, oneCore }));
      secretlintStarts.push(timed(secretlintBin, ['--secretlintrc', config, '--format', 'unix', '--no-color', '**/*'], { cwd: emptyTree, oneCore }));
    }
    const best = (all: ReturnType<typeof timed>[]) => all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const firebreak = best(firebreakRuns);
    const secretlint = best(secretlintRuns);
    const result = JSON.parse(firebreak.stdout);
    if (!result.ok) throw new Error(`firebreak failed: ${firebreak.stdout.slice(0, 2000)}`);
    const secretlintFindings = secretlint.stdout.split('\n').filter((line) => /^.+?:\d+:\d+: /.test(line)).length;
    return {
      firebreak: { seconds: +firebreak.seconds.toFixed(2), mbPerSecond: +(mb / firebreak.seconds).toFixed(1), mbPerSecondPerCore: +(mb / firebreak.seconds / cores).toFixed(1), findings: result.value.findings.length, rules: countBy(result.value.findings.map((f: { rule: string }) => f.rule)), peakRssMb: firebreak.peakRssMb, runsSeconds: firebreakRuns.map((r) => +r.seconds.toFixed(2)) },
      secretlint: { seconds: +secretlint.seconds.toFixed(2), mbPerSecond: +(mb / secretlint.seconds).toFixed(1), mbPerSecondPerCore: +(mb / secretlint.seconds / cores).toFixed(1), findings: secretlintFindings, peakRssMb: secretlint.peakRssMb, runsSeconds: secretlintRuns.map((r) => +r.seconds.toFixed(2)) },
      throughputRatio: +(secretlint.seconds / firebreak.seconds).toFixed(2),
      startSeconds: { firebreak: +best(firebreakStarts).seconds.toFixed(2), secretlint: +best(secretlintStarts).seconds.toFixed(2) },
    };
  };

  const reach = keywordReach(tree);
  console.log(`scanning on all ${os.availableParallelism()} cores…`);
  const allCores = measure(false);
  console.log('scanning on one core…');
  const oneCore = measure(true);
  console.log('scanning histories…');
  const generatedRepo = path.join(work, 'history');
  const commits = generateRealHistory(tree, generatedRepo);
  const history = {
    thisRepository: fs.existsSync(path.join(repoRoot, '.git')) ? measureHistory(repoRoot, env) : 'n/a: not a git checkout',
    generated: { commitsWritten: commits, ...measureHistory(generatedRepo, env) },
  };
  writeReport('secretsReal', {
    tree: { megabytes: +mb.toFixed(1), packages: packageFolders },
    cores: os.availableParallelism(),
    keywordReach: reach,
    allCores,
    oneCore,
    history,
    goal: 'firebreak >= 4x secretlint throughput on real source, same run',
    meetsGoal: allCores.throughputRatio >= 4,
  });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

function measureHistory(repo: string, env: NodeJS.ProcessEnv) {
  const best = <T extends { seconds: number }>(all: T[]) => all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const gitRuns = [];
  const firebreakRuns = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    const git = spawnSync('taskset', ['-c', '0', 'git', '-C', repo, ...gitLogArgs], { encoding: 'buffer', maxBuffer: 4 * 1024 ** 3 });
    gitRuns.push({ seconds: Number(process.hrtime.bigint() - started) / 1e9, patchBytes: git.stdout.length });
    firebreakRuns.push(timed(process.execPath, [cliPath, 'scan', 'secrets', repo, '--history', '--json'], { env, oneCore: true }));
  }
  const git = best(gitRuns);
  const firebreak = best(firebreakRuns);
  const result = JSON.parse(firebreak.stdout);
  if (!result.ok) throw new Error(`firebreak failed on ${repo}: ${firebreak.stdout.slice(0, 2000)}`);
  const patchMb = git.patchBytes / 1024 / 1024;
  return {
    commits: result.value.stats.commits,
    patchMb: +patchMb.toFixed(1),
    gitLogSeconds: +git.seconds.toFixed(2),
    gitLogMbPerSecond: +(patchMb / git.seconds).toFixed(1),
    firebreakSeconds: +firebreak.seconds.toFixed(2),
    firebreakMbPerSecondPerCore: +(patchMb / firebreak.seconds).toFixed(1),
    firebreakPeakRssMb: firebreak.peakRssMb,
    findings: result.value.findings.length,
    ratioToGitLog: +(firebreak.seconds / git.seconds).toFixed(2),
  };
}

/**
 * A repository whose commits add the real source files one by one, and every fifth commit rewrites
 * an earlier file with a different slice of another (so patches also remove and change lines).
 */
function generateRealHistory(tree: string, repo: string): number {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(tree);
  files.sort();
  const commitCount = Math.min(Number(process.env.BENCH_REAL_COMMITS ?? 3000), files.length * 2);
  fs.mkdirSync(repo, { recursive: true });
  execFileSync('git', ['init', '-q', repo]);
  const streamFile = `${repo}.fast-import`;
  const stream = fs.openSync(streamFile, 'w');
  for (let n = 1; n <= commitCount; n += 1) {
    const source = files[(n * 7) % files.length]!;
    let data = fs.readFileSync(source).subarray(0, 256 * 1024);
    let target = path.relative(tree, source);
    if (n % 5 === 0) {
      target = path.relative(tree, files[(n * 3) % files.length]!);
      data = data.subarray(Math.floor(data.length / 3));
    }
    const message = `change ${n}`;
    fs.writeSync(stream, `commit refs/heads/main\nmark :${n}\ncommitter Bench <bench@example.org> ${1_700_000_000 + n * 60} +0000\ndata ${message.length}\n${message}\n${n > 1 ? `from :${n - 1}\n` : ''}M 100644 inline ${target}\ndata ${data.length}\n`);
    fs.writeSync(stream, data);
    fs.writeSync(stream, '\n');
  }
  fs.closeSync(stream);
  execFileSync('git', ['-C', repo, 'fast-import', '--quiet'], { stdio: [fs.openSync(streamFile, 'r'), 'ignore', 'inherit'] });
  fs.rmSync(streamFile);
  execFileSync('git', ['-C', repo, 'checkout', '-q', 'main']);
  return commitCount;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}
