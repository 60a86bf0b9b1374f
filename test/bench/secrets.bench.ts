/**
 * Secrets: on a generated tree of source-like text with planted secrets (500 MB by default,
 * BENCH_SECRETS_MB to change), time `firebreak scan secrets` and secretlint (recommended preset) in
 * the same run, and each tool's recall on the planted secrets. Then a generated git repository
 * (2,000 commits, BENCH_SECRETS_COMMITS) scanned with `--history`: secretlint cannot read history,
 * so only Firebreak's time and recall are reported there. Last, 8 MB on one line against the same
 * bytes with line breaks (BENCH_LINE_MB). And both tools' recall and false alarms on the independent
 * labelled corpus (test/fixtures/secrets/recall), in the same run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cliPath, repoRoot, tempDataDir } from '../support/consoleServer';
import { fillTemplate, seededRandom } from '../support/secretCorpus';
import { corpusRecall } from './secretCorpusRecall';
import { writeReport } from './report';

const megabytes = Number(process.env.BENCH_SECRETS_MB ?? 500);
const commitCount = Number(process.env.BENCH_SECRETS_COMMITS ?? 2000);
const random = seededRandom(20261123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Providers a responder meets most; formats from the corpus. Most are covered by both tools.
const plants = [
  (v: string) => `const githubToken = "${v}";`,
  (v: string) => `SLACK_BOT_TOKEN=${v}`,
  (v: string) => `    api_key: "${v}"`,
  (v: string) => `export NPM_TOKEN=${v}`,
  (v: string) => `client = Client(token="${v}")`,
];
const secretTemplates = [
  'ghp_{alnum:36}',
  'xoxb-{digit:12}-{digit:13}-{alnum:24}',
  'AKIA{b32:16}',
  'npm_{alnum:36}',
  'SG.{url:22}.{url:43}',
  'shpat_{hex:32}',
  'sk-proj-{url:74}T3BlbkFJ{url:74}',
  'sk-ant-api03-{url:93}AA',
  'sk_live_{alnum:24}',
  'glpat-{url:20}',
  'dop_v1_{hex:64}',
  'hf_{alpha:34}',
  'lin_api_{alnum:40}',
  'dckr_pat_{url:27}',
  'AIza{url:35}',
];

const words = ['const', 'let', 'return', 'function', 'import', 'export', 'await', 'async', 'if', 'else', 'for', 'of', 'new', 'this', 'user', 'request', 'response', 'config', 'timeout', 'retries', 'token', 'session', 'cache', 'key', 'value', 'error', 'logger', 'client', 'server', 'handler', 'password', 'secret', 'options', 'result', 'items', 'http', 'url', 'id', 'name', 'status'];
const settingWords = ['max', 'min', 'default', 'retry', 'cache', 'log', 'level', 'queue', 'region', 'mode', 'path', 'format', 'locale', 'theme'];
function sourceLine(): string {
  switch (Math.floor(random() * 6)) {
    case 0:
      return `  const ${pick(words)}${Math.floor(random() * 100)} = await ${pick(words)}.${pick(words)}(${pick(words)}, { ${pick(words)}: ${Math.floor(random() * 1000)} });`;
    case 1:
      return `  // ${Array.from({ length: 10 }, () => pick(words)).join(' ')}`;
    case 2:
      return `  if (${pick(words)}.${pick(words)} === '${pick(words)}') return ${pick(words)}.${pick(words)}(${pick(words)});`;
    case 3:
      // Settings that are not credentials (real code assigns secrets from the environment).
      return `  ${pick(settingWords)}_${pick(settingWords)} = "${pick(words)}-${Math.floor(random() * 1e6).toString(36)}"`;
    case 4:
      return `  fetch('https://api.example.com/v1/${pick(words)}/${Math.floor(random() * 1e4)}', { headers: { 'x-request-id': '${Math.floor(random() * 1e12).toString(16)}' } });`;
    default:
      return `function ${pick(words)}${pick(words)}(${pick(words)}, ${pick(words)}) { return ${pick(words)}.map((x) => x.${pick(words)}); }`;
  }
}

interface Planted {
  file: string;
  line: number;
}

function generateTree(root: string): { files: number; bytes: number; planted: Planted[] } {
  const target = megabytes * 1024 * 1024;
  const planted: Planted[] = [];
  let bytes = 0;
  let files = 0;
  const extensions = ['js', 'ts', 'py', 'yaml', 'env', 'go'];
  while (bytes < target) {
    const relative = `svc${files % 23}/pkg${files % 97}/module${files}.${extensions[files % extensions.length]}`;
    const lines: string[] = [];
    const lineCount = 200 + Math.floor(random() * 1600);
    // About one secret per 2 MB.
    const plantAt = random() < 0.04 * (lineCount / 1000) ? Math.floor(random() * lineCount) : -1;
    for (let i = 0; i < lineCount; i += 1) {
      if (i === plantAt) {
        lines.push(pick(plants)(fillTemplate(pick(secretTemplates), random)));
        planted.push({ file: relative, line: i + 1 });
      } else lines.push(sourceLine());
    }
    const text = `${lines.join('\n')}\n`;
    fs.mkdirSync(path.join(root, path.dirname(relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
    bytes += Buffer.byteLength(text);
    files += 1;
  }
  return { files, bytes, planted };
}

/**
 * A repository built with git fast-import: each commit edits one file; some add a secret, some
 * remove lines. The stream goes to a file as it is made (10,000 commits of whole files would not
 * fit in one string), and files stay under 800 lines so the repository grows with the commits.
 */
function generateRepo(repo: string): { planted: { commit: number; file: string; line: number }[] } {
  fs.mkdirSync(repo, { recursive: true });
  execFileSync('git', ['init', '-q', repo]);
  const planted: { commit: number; file: string; line: number }[] = [];
  const contents = new Map<string, string[]>();
  const streamFile = `${repo}.fast-import`;
  const stream = fs.openSync(streamFile, 'w');
  for (let n = 1; n <= commitCount; n += 1) {
    const file = `src/file${n % 150}.js`;
    const lines = contents.get(file) ?? [];
    if (lines.length > 800) lines.splice(0, lines.length - 600);
    const added = 20 + Math.floor(random() * 40);
    for (let i = 0; i < added; i += 1) lines.push(sourceLine());
    if (n % 50 === 0) {
      lines.push(pick(plants)(fillTemplate(pick(secretTemplates), random)));
      planted.push({ commit: n, file, line: lines.length });
    }
    if (n % 50 === 25 && lines.length > 30) lines.splice(0, 10);
    contents.set(file, lines);
    const data = `${lines.join('\n')}\n`;
    fs.writeSync(stream, `commit refs/heads/main\nmark :${n}\ncommitter Bench <bench@example.org> ${1_700_000_000 + n * 60} +0000\ndata ${Buffer.byteLength(`change ${n}`)}\nchange ${n}\n${n > 1 ? `from :${n - 1}\n` : ''}M 100644 inline ${file}\ndata ${Buffer.byteLength(data)}\n${data}\n`);
  }
  fs.closeSync(stream);
  execFileSync('git', ['-C', repo, 'fast-import', '--quiet'], { stdio: [fs.openSync(streamFile, 'r'), 'ignore', 'inherit'] });
  fs.rmSync(streamFile);
  execFileSync('git', ['-C', repo, 'checkout', '-q', 'main']);
  return { planted };
}

/**
 * The same 8 MB (BENCH_LINE_MB) of random base64 twice: once as one line (a minified bundle, a
 * blob), once broken every 100 characters; a few keywords and one token planted at the same places.
 */
function generateLongLine(root: string): void {
  const size = Number(process.env.BENCH_LINE_MB ?? 8) * 1024 * 1024;
  const alphabet = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
  const oneLine = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i += 1) oneLine[i] = alphabet[Math.floor(random() * 64)]!;
  const withBreaks = Buffer.from(oneLine);
  for (let at = 99; at < size; at += 100) withBreaks[at] = 0x0a;
  for (const [where, phrase] of [[0.1, ' token '], [0.3, ' password = '], [0.5, ` ${fillTemplate('ghp_{alnum:36}', random)} `], [0.9, ' api_key: ']] as const) {
    for (const text of [oneLine, withBreaks]) text.write(phrase, Math.floor(size * where), 'latin1');
  }
  for (const [name, bytes] of [['one-line', oneLine], ['lines', withBreaks]] as const) {
    fs.mkdirSync(path.join(root, name), { recursive: true });
    fs.writeFileSync(path.join(root, name, 'bundle.min.js'), bytes);
  }
}

function timed(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { ...options, encoding: 'utf8', maxBuffer: 1024 ** 3 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMb = Math.round(Number(run.stderr.trim().split('\n').at(-1)) / 1024);
  return { seconds, stdout: run.stdout, status: run.status, peakRssMb, stderr: run.stderr };
}

const recall = (planted: Planted[], found: Set<string>) => planted.filter((p) => found.has(`${p.file}:${p.line}`)).length / planted.length;

const work = tempDataDir('firebreak-bench-secrets-');
try {
  const tree = path.join(work, 'tree');
  console.log(`generating ${megabytes} MB of source with planted secrets…`);
  const generated = generateTree(tree);
  console.log(`${generated.files} files, ${generated.planted.length} planted secrets`);

  const env = { ...process.env, FIREBREAK_DATA_DIR: path.join(work, 'data') };
  const firebreak = timed(process.execPath, [cliPath, 'scan', 'secrets', tree, '--json'], { env });
  const result = JSON.parse(firebreak.stdout);
  if (!result.ok) throw new Error(`firebreak failed: ${firebreak.stdout}`);
  const firebreakFound = new Set<string>(result.value.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`));

  const config = path.join(work, 'secretlintrc.json');
  fs.writeFileSync(config, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const secretlint = timed(path.join(repoRoot, 'node_modules', '.bin', 'secretlint'), ['--secretlintrc', config, '--format', 'unix', '--no-color', '**/*'], { cwd: tree });
  const secretlintFound = new Set<string>();
  for (const line of secretlint.stdout.split('\n')) {
    const match = /^(.+?):(\d+):\d+: /.exec(line);
    if (match) secretlintFound.add(`${path.relative(tree, match[1]!)}:${match[2]}`);
  }

  const mb = generated.bytes / 1024 / 1024;
  console.log('scanning the labelled corpus with both tools…');
  const corpus = corpusRecall(work, env, config);
  console.log(`generating a repository with ${commitCount} commits…`);
  const repo = path.join(work, 'repo');
  const history = generateRepo(repo);
  const historyRun = timed(process.execPath, [cliPath, 'scan', 'secrets', repo, '--history', '--json'], { env });
  const historyResult = JSON.parse(historyRun.stdout);
  const historyFound = new Set<string>(historyResult.value.findings.filter((f: { commit: string | null }) => f.commit).map((f: { file: string; line: number }) => `${f.file}:${f.line}`));

  console.log('scanning one long line against the same bytes with line breaks…');
  const longLine = path.join(work, 'long-line');
  generateLongLine(longLine);
  const lineRuns = (['one-line', 'lines'] as const).map((name) => timed(process.execPath, [cliPath, 'scan', 'secrets', path.join(longLine, name), '--json'], { env }));
  const [oneLineRun, linesRun] = lineRuns as [ReturnType<typeof timed>, ReturnType<typeof timed>];

  writeReport('secrets', {
    tree: { megabytes: Math.round(mb), files: generated.files, planted: generated.planted.length },
    firebreak: { seconds: +firebreak.seconds.toFixed(2), mbPerSecond: +(mb / firebreak.seconds).toFixed(1), recall: +recall(generated.planted, firebreakFound).toFixed(3), findings: result.value.findings.length, peakRssMb: firebreak.peakRssMb },
    secretlint: { seconds: +secretlint.seconds.toFixed(2), mbPerSecond: +(mb / secretlint.seconds).toFixed(1), recall: +recall(generated.planted, secretlintFound).toFixed(3), findings: secretlintFound.size, peakRssMb: secretlint.peakRssMb },
    throughputRatio: +(secretlint.seconds / firebreak.seconds).toFixed(2),
    corpus,
    history: {
      commits: historyResult.value.stats.commits,
      planted: history.planted.length,
      seconds: +historyRun.seconds.toFixed(2),
      historyMb: +(historyResult.value.stats.bytes / 1024 / 1024).toFixed(1),
      recall: +recall(history.planted, historyFound).toFixed(3),
      peakRssMb: historyRun.peakRssMb,
      secretlint: 'n/a: secretlint does not read git history',
    },
    longLine: {
      megabytes: Number(process.env.BENCH_LINE_MB ?? 8),
      oneLineSeconds: +oneLineRun.seconds.toFixed(2),
      withLineBreaksSeconds: +linesRun.seconds.toFixed(2),
      ratio: +(oneLineRun.seconds / linesRun.seconds).toFixed(2),
      oneLinePeakRssMb: oneLineRun.peakRssMb,
      plantedFound: [oneLineRun, linesRun].map((run) => JSON.parse(run.stdout).value.findings.some((f: { rule: string }) => f.rule === 'github-pat-classic')),
      goal: 'one line within 2x the time of the same bytes with line breaks',
    },
    goal: 'firebreak >= 4x secretlint throughput on the tree, with higher recall; on the labelled corpus recall >= 0.97 and false positives <= 0.005',
    meetsGoal: secretlint.seconds / firebreak.seconds >= 4 && recall(generated.planted, firebreakFound) > recall(generated.planted, secretlintFound) && corpus.firebreak.recall >= 0.97 && corpus.firebreak.falsePositiveRate <= 0.005,
  });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
