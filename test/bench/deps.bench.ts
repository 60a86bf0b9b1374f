/**
 * Dependency audit (issue 18): 50,000 generated OSV records (deterministic seed; npm and PyPI names
 * and ranges shaped like GitHub's and PyPA's: introduced/fixed spans, last_affected, limits,
 * version lists, withdrawn records, GitHub severities and CVSS vectors), written as a folder and as
 * an all.zip (cached in the temp dir, `--regenerate` to write them again; BENCH_DEPS_RECORDS for a
 * smaller quick check). Measured, each in its own process so peak RSS belongs to that step alone:
 * - `advisories import` of the folder and of the zip: wall time and peak RSS; then the zip at half
 *   and at all the records, both under a 64 MB old-space cap (the reference: a streaming import
 *   peaks at the same memory for both; one that held the records would die there). The cap is
 *   there because an uncapped V8 heap grows lazily on any busy process, so an uncapped peak says
 *   more about the collector than about records held (as the scale benchmark found);
 * - an audit of a 3,000-package lockfile set (2,000 npm, 1,000 PyPI) against the imported
 *   database: time and peak RSS (median of 3); and against the zip read directly (--db);
 * - what a responder runs, the built CLI under /usr/bin/time (wall time and the process's own peak
 *   RSS, median of 3): `advisories import all.zip` into a fresh data dir, then `scan deps
 *   package-lock.json requirements.txt --json` on that set written to disk (npm lockfile v3 with
 *   nested copies, a pinned requirements.txt), so process start, reading and parsing count too.
 * Goals: the CLI audit < 2 s and < 300 MB, import memory flat (ratio <= 1.15). Exits 1 when one
 * is missed; the report is written either way.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LockPackage, Lockfile } from '../../src-main/contract';
import { writePackageLockV3, writeRequirements } from '../fixtures/supply/osv/lockfileWriter';
import { writeZip } from '../fixtures/supply/osv/osvZip';
import { seededRandom } from '../support/secretCorpus';
import { median, writeReport } from './report';

const recordCount = Number(process.env.BENCH_DEPS_RECORDS ?? 50_000);
const seed = 20261201;
const flatFactor = 1.15;
const auditRuns = 3;
const cappedHeap = '--max-old-space-size=64';
const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

// Names people really depend on, then generated ones in the same style.
const npmKnown = ['lodash', 'express', 'react', 'react-dom', 'axios', 'moment', 'minimist', 'qs', 'body-parser', 'debug', 'ws', 'semver', 'tar', 'glob', 'node-fetch', 'jsonwebtoken', 'underscore', 'handlebars', 'marked', 'yargs-parser', 'follow-redirects', 'path-parse', 'ansi-regex', 'nth-check', 'terser', 'webpack', 'postcss', 'socket.io', 'mongoose', 'sequelize', 'ejs', 'pug', 'jquery', 'bootstrap', 'dompurify', 'xml2js', 'undici', 'vite', 'next', '@babel/traverse', '@grpc/grpc-js', 'tough-cookie', 'word-wrap', 'json5', 'micromatch', 'braces', 'cross-spawn', 'esbuild', 'sharp', 'ip'];
const pypiKnown = ['requests', 'Django', 'Flask', 'urllib3', 'Jinja2', 'PyYAML', 'Pillow', 'numpy', 'cryptography', 'paramiko', 'setuptools', 'certifi', 'idna', 'lxml', 'aiohttp', 'tornado', 'SQLAlchemy', 'Werkzeug', 'pycryptodome', 'twisted', 'fastapi', 'starlette', 'gunicorn', 'celery', 'scrapy', 'tensorflow', 'torch', 'transformers', 'mlflow', 'pyjwt', 'Markdown', 'bleach', 'GitPython', 'ansible', 'salt', 'pip', 'wheel', 'protobuf', 'grpcio', 'zipp'];
const parts = ['fast', 'json', 'yaml', 'http', 'stream', 'parse', 'util', 'core', 'cli', 'config', 'auth', 'token', 'cache', 'graph', 'query', 'schema', 'log', 'test', 'mock', 'date', 'time', 'color', 'path', 'glob', 'file', 'zip', 'tar', 'crypto', 'hash', 'net', 'socket', 'proxy', 'router', 'server', 'client', 'data', 'table', 'image', 'pdf', 'mail', 'queue', 'worker', 'task', 'event', 'emit', 'store', 'state', 'form', 'valid', 'string'];
const scopes = ['@acme', '@types', '@aws-sdk', '@azure', '@vue', '@angular', '@nestjs', '@sentry', '@opentelemetry', '@octokit'];

interface Pools {
  npm: string[];
  pypi: string[];
}

function namePools(random: () => number): Pools {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const npm = new Set(npmKnown);
  while (npm.size < 6_000) {
    const name = `${pick(parts)}-${pick(parts)}${random() < 0.3 ? `-${pick(parts)}` : ''}`;
    npm.add(random() < 0.15 ? `${pick(scopes)}/${name}` : name);
  }
  const pypi = new Set(pypiKnown);
  while (pypi.size < 3_000) {
    const joiner = pick(['-', '_', '.', '']);
    const name = `${random() < 0.3 ? 'py' : ''}${pick(parts)}${joiner}${pick(parts)}`;
    pypi.add(random() < 0.2 ? name.replace(/^./, (c) => c.toUpperCase()) : name);
  }
  return { npm: [...npm], pypi: [...pypi] };
}

/** Popular packages carry more advisories: indexes skewed towards the start of the pool. */
const skewed = (random: () => number, size: number) => Math.floor(random() ** 2 * size);

function version(random: () => number, pypi: boolean): { text: string; major: number; minor: number; patch: number } {
  const major = Math.floor(random() * 8);
  const minor = Math.floor(random() * 25);
  const patch = Math.floor(random() * 15);
  return { text: pypi && random() < 0.3 ? `${major}.${minor}` : `${major}.${minor}.${patch}`, major, minor, patch };
}

const later = (v: { major: number; minor: number; patch: number }, random: () => number, pypi: boolean) => {
  const minor = v.minor + 1 + Math.floor(random() * 4);
  return pypi ? `${v.major}.${minor}` : `${v.major}.${minor}.${Math.floor(random() * 5)}`;
};

const cvssVectors = ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N'];
const ghsaAlphabet = '23456789cfghjmpqrvwx';

function ghsaId(index: number): string {
  let n = index * 2_654_435_761 + 1_000_003;
  let out = '';
  for (let i = 0; i < 12; i += 1) {
    out += ghsaAlphabet[n % 20];
    n = Math.floor(n / 20);
  }
  return `GHSA-${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

function osvRecord(index: number, random: () => number, pools: Pools): { folder: string; id: string; json: string } {
  const pypi = random() < 0.35;
  const other = random() < 0.01;
  const ecosystem = other ? 'Maven' : pypi ? 'PyPI' : 'npm';
  const name = other ? `org.example:${parts[index % parts.length]}` : pypi ? pools.pypi[skewed(random, pools.pypi.length)]! : pools.npm[skewed(random, pools.npm.length)]!;
  const id = pypi ? `PYSEC-${2018 + (index % 7)}-${index}` : ghsaId(index);
  const start = version(random, pypi);
  const shape = random();
  const affected: Record<string, unknown> = { package: { ecosystem, name, purl: `pkg:${pypi ? 'pypi' : 'npm'}/${name}` } };
  const type = pypi ? 'ECOSYSTEM' : random() < 0.5 ? 'SEMVER' : 'ECOSYSTEM';
  if (shape < 0.5) affected.ranges = [{ type, events: [{ introduced: '0' }, { fixed: later(start, random, pypi) }] }];
  else if (shape < 0.7) {
    const second = version(random, pypi);
    affected.ranges = [{ type, events: [{ introduced: start.text }, { fixed: later(start, random, pypi) }, { introduced: `${start.major + 1}.0.0` }, { fixed: later({ ...second, major: start.major + 1 }, random, pypi) }] }];
  } else if (shape < 0.8) affected.ranges = [{ type, events: [{ introduced: start.text }, { last_affected: later(start, random, pypi) }] }];
  else if (shape < 0.85) affected.ranges = [{ type, events: [{ introduced: '0' }, { limit: later(start, random, pypi) }] }];
  else affected.versions = Array.from({ length: 5 }, (_, i) => (pypi ? `${start.major}.${start.minor + i}` : `${start.major}.${start.minor}.${start.patch + i}`));
  if (pypi && random() < 0.3) (affected.ranges as unknown[] | undefined)?.unshift({ type: 'GIT', repo: `https://github.com/example/${name}`, events: [{ introduced: '0' }, { fixed: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0' }] });
  const year = 2018 + Math.floor(random() * 8);
  const modified = new Date(Date.UTC(year, Math.floor(random() * 12), 1 + Math.floor(random() * 28), Math.floor(random() * 24))).toISOString();
  const severityPick = random();
  const record: Record<string, unknown> = {
    schema_version: '1.6.0',
    id,
    modified,
    published: modified,
    aliases: [`CVE-${year}-${10_000 + index}`],
    summary: `${['Prototype pollution', 'Regular expression denial of service', 'Path traversal', 'Cross-site scripting', 'Arbitrary code execution', 'Improper certificate validation'][index % 6]} in ${name}`,
    details: 'Generated for the dependency audit benchmark. '.repeat(8),
    affected: [affected],
    references: [{ type: 'ADVISORY', url: `https://nvd.nist.gov/vuln/detail/CVE-${year}-${10_000 + index}` }],
  };
  if (severityPick < 0.3) record.severity = [{ type: 'CVSS_V3', score: cvssVectors[index % cvssVectors.length] }];
  if (!pypi && severityPick >= 0.3 && severityPick < 0.9) record.database_specific = { severity: ['LOW', 'MODERATE', 'HIGH', 'CRITICAL'][index % 4], cwe_ids: ['CWE-1321'], github_reviewed: true };
  if (random() < 0.01) record.withdrawn = modified;
  return { folder: `${ecosystem}/${year}`, id, json: JSON.stringify(record, null, 2) };
}

function* records(count: number): Generator<{ folder: string; id: string; json: string }> {
  const random = seededRandom(seed);
  const pools = namePools(random);
  for (let index = 0; index < count; index += 1) yield osvRecord(index, random, pools);
}

/** The 3,000 package versions audited: npm and PyPI names from the same pools, most of them with advisories. */
export function benchLockfiles(dir: string): Lockfile[] {
  const random = seededRandom(seed + 1);
  const pools = namePools(seededRandom(seed));
  const make = (ecosystem: 'npm' | 'PyPI', pool: string[], count: number): LockPackage[] => {
    const seen = new Map<string, LockPackage>();
    while (seen.size < count) {
      const name = pool[skewed(random, Math.min(pool.length, count * 2))]!;
      const v = version(random, ecosystem === 'PyPI').text;
      const parent = pool[Math.floor(random() * 50)]!;
      // pip installs one version of a name: requirements.txt pins each name once.
      seen.set(ecosystem === 'PyPI' ? name : `${name}@${v}`, { ecosystem, name, version: v, direct: random() < 0.1, paths: [[parent, name]], resolved: null, integrity: null, installScript: null, dev: null });
    }
    return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
  return [
    { file: path.join(dir, 'package-lock.json'), kind: 'package-lock', packages: make('npm', pools.npm, 2_000) },
    { file: path.join(dir, 'requirements.txt'), kind: 'requirements', packages: make('PyPI', pools.pypi, 1_000) },
  ];
}

/** Writes the folder and the zip (all records, and the first half for the flatness reference) once. */
function benchData(regenerate: boolean): { folder: string; zip: string; halfZip: string } {
  const root = path.join(os.tmpdir(), `firebreak-bench-deps-${recordCount}-${seed}`);
  const data = { folder: path.join(root, 'advisories'), zip: path.join(root, 'all.zip'), halfZip: path.join(root, 'half.zip') };
  if (!regenerate && fs.existsSync(path.join(root, 'complete'))) return data;
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(data.folder, { recursive: true });
  const started = Date.now();
  for (const item of records(recordCount)) {
    const dir = path.join(data.folder, item.folder);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${item.id}.json`), item.json);
  }
  const entries = function* (count: number) {
    for (const item of records(count)) yield { name: `${item.id}.json`, data: Buffer.from(item.json) };
  };
  writeZip(data.zip, entries(recordCount));
  writeZip(data.halfZip, entries(recordCount / 2));
  fs.writeFileSync(path.join(root, 'complete'), '');
  console.log(`generated ${recordCount} OSV records in ${round1((Date.now() - started) / 1000)} s under ${root}`);
  return data;
}

interface ChildTask {
  op: 'baseline' | 'import' | 'audit';
  dataDir: string;
  source?: string;
  direct?: boolean;
}

interface ChildResult {
  seconds: number;
  peakRssMb: number;
  detail: Record<string, unknown>;
}

/** One measured step in its own process (tsx, as the bench itself runs). */
function runChild(task: ChildTask, nodeOptions = ''): ChildResult {
  const tsx = path.resolve('node_modules', '.bin', 'tsx');
  const run = spawnSync(tsx, [__filename], { encoding: 'utf8', env: { ...process.env, DEPS_BENCH_CHILD: JSON.stringify(task), NODE_OPTIONS: nodeOptions }, maxBuffer: 64 * 1024 * 1024 });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) throw new Error(`${task.op} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return JSON.parse(line) as ChildResult;
}

async function child(task: ChildTask): Promise<void> {
  const { createServiceContext } = await import('../../src-main/services/context');
  const { auditLockfiles, importAdvisoryFiles } = await import('../../src-main/services/supply/advisories');
  const ctx = createServiceContext({ dataDir: task.dataDir, transport: 'cli' });
  const lockfiles = task.op === 'audit' ? benchLockfiles(task.dataDir) : [];
  const started = performance.now();
  let detail: Record<string, unknown> = {};
  if (task.op === 'import') {
    const result = await importAdvisoryFiles(ctx, task.source!);
    detail = { imported: result.imported, withdrawn: result.withdrawn, unchanged: result.unchanged, rejected: result.rejectedCount };
  } else if (task.op === 'audit') {
    const result = await auditLockfiles(ctx, lockfiles, task.direct ? task.source : undefined);
    detail = { findings: result.findings.length, packagesWithFindings: new Set(result.findings.map((f) => `${f.ecosystem}/${f.package}@${f.version}`)).size, packages: result.packages, advisories: result.database.advisories };
  }
  const seconds = (performance.now() - started) / 1000;
  ctx.db.close();
  console.log(JSON.stringify({ seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), detail }));
}

const cliPath = path.resolve('bin', 'firebreak.js');

interface CliFigure {
  medianSeconds: number;
  medianPeakRssMb: number;
  runsSeconds: number[];
  runsPeakRssMb: number[];
  detail: Record<string, unknown>;
}

/** One CLI command under /usr/bin/time, `auditRuns` times, each in the data dir `dataDir()` gives. */
function measureCli(dataDir: () => string, args: string[], okStatuses: number[], detail: (value: Record<string, unknown>) => Record<string, unknown>): CliFigure {
  const seconds: number[] = [];
  const rss: number[] = [];
  let last: Record<string, unknown> = {};
  for (let run = 0; run < auditRuns; run += 1) {
    const home = dataDir();
    const timeFile = path.join(home, 'time.txt');
    const env = { ...process.env, FIREBREAK_DATA_DIR: home, HOME: home, FIREBREAK_VAULT_BACKEND: 'encrypted-file', FIREBREAK_VAULT_PASSPHRASE: 'x', FIREBREAK_VAULT_KDF_LOG_N: '14', NODE_OPTIONS: '' };
    const result = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, process.execPath, cliPath, ...args], { env, encoding: 'utf8', maxBuffer: 1024 ** 3 });
    if (result.error) throw new Error(`could not run /usr/bin/time (apt-get install time): ${result.error.message}`);
    if (!okStatuses.includes(result.status ?? -1)) throw new Error(`firebreak ${args.join(' ')} exited with ${result.status}: ${result.stderr.slice(-2000)}`);
    const [wall, kb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    seconds.push(wall!);
    rss.push(round1(kb! / 1024));
    last = detail((JSON.parse(result.stdout) as { value: Record<string, unknown> }).value);
  }
  return { medianSeconds: median(seconds), medianPeakRssMb: median(rss), runsSeconds: seconds, runsPeakRssMb: rss, detail: last };
}

function freshDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-bench-deps-data-'));
}

function main(): void {
  const data = benchData(process.argv.includes('--regenerate'));
  const dirs: string[] = [];
  const dir = () => {
    const created = freshDir();
    dirs.push(created);
    return created;
  };
  try {
    const baseline = runChild({ op: 'baseline', dataDir: dir() });
    const folderImport = runChild({ op: 'import', dataDir: dir(), source: data.folder });
    const halfImport = runChild({ op: 'import', dataDir: dir(), source: data.halfZip }, cappedHeap);
    const imported = dir();
    const zipImport = runChild({ op: 'import', dataDir: imported, source: data.zip });
    const cappedImport = runChild({ op: 'import', dataDir: dir(), source: data.zip }, cappedHeap);
    const audits = Array.from({ length: auditRuns }, () => runChild({ op: 'audit', dataDir: imported }));
    const direct = runChild({ op: 'audit', dataDir: dir(), source: data.zip, direct: true });
    const lockDir = dir();
    const [npmLock, requirements] = benchLockfiles(lockDir);
    writePackageLockV3(npmLock!.file, npmLock!.packages);
    writeRequirements(requirements!.file, requirements!.packages);
    const cliDbs: string[] = [];
    const cliImport = measureCli(() => (cliDbs.push(dir()), cliDbs.at(-1)!), ['advisories', 'import', data.zip, '--json'], [0], (value) => ({ imported: value.imported, withdrawn: value.withdrawn, rejected: value.rejectedCount }));
    // Exit 1 means findings remain, which this database makes sure of.
    const cliAudit = measureCli(() => cliDbs[0]!, ['scan', 'deps', npmLock!.file, requirements!.file, '--json'], [0, 1], (value) => {
      const findings = value.findings as { ecosystem: string; package: string; version: string }[];
      return { findings: findings.length, packagesWithFindings: new Set(findings.map((f) => `${f.ecosystem}/${f.package}@${f.version}`)).size, packages: value.packages, lockfileBytes: fs.statSync(npmLock!.file).size + fs.statSync(requirements!.file).size };
    });
    const auditSeconds = median(audits.map((a) => a.seconds));
    const auditRss = Math.max(...audits.map((a) => a.peakRssMb));
    const flatRatio = Math.round((cappedImport.peakRssMb / halfImport.peakRssMb) * 100) / 100;
    const figure = (run: ChildResult) => ({ seconds: round2(run.seconds), peakRssMb: run.peakRssMb, ...run.detail });
    const goals = {
      cliAuditUnder2s: cliAudit.medianSeconds < 2,
      cliAuditMemoryUnder300Mb: cliAudit.medianPeakRssMb < 300,
      importMemoryFlat: flatRatio <= flatFactor,
      importUnderCappedHeap: cappedImport.detail.imported === zipImport.detail.imported,
    };
    writeReport('deps', {
      records: recordCount,
      zipBytes: fs.statSync(data.zip).size,
      processBaseline: { peakRssMb: baseline.peakRssMb, note: 'tsx, the modules and an empty database: every figure below includes this' },
      import: {
        folder: figure(folderImport),
        zip: figure(zipImport),
        zipHalfUnder64MbHeap: figure(halfImport),
        zipUnder64MbHeap: figure(cappedImport),
        peakRssRatioFullToHalfCapped: flatRatio,
      },
      audit: {
        imported: { medianSeconds: round2(auditSeconds), runsSeconds: audits.map((a) => round2(a.seconds)), peakRssMb: auditRss, ...audits[0]!.detail },
        directZip: figure(direct),
      },
      cli: {
        note: 'node bin/firebreak.js under /usr/bin/time: wall seconds and peak RSS of that process, median of 3',
        importZip: cliImport,
        scanDeps: cliAudit,
      },
      load: os.loadavg().map(round2),
      goals,
    });
    if (Object.values(goals).includes(false)) process.exitCode = 1;
  } finally {
    for (const created of dirs) fs.rmSync(created, { recursive: true, force: true });
  }
}

// Run as a script only: a profiling session may import the lockfile generator alone.
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  if (process.env.DEPS_BENCH_CHILD) void child(JSON.parse(process.env.DEPS_BENCH_CHILD) as ChildTask);
  else main();
}
