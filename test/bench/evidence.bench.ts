/**
 * Evidence collection against the reference tools, each timed in the same run with its peak RSS
 * (`/usr/bin/time -f %M`; for `tar | pigz` the larger of the two processes):
 * - the mixed tree of issue #12 (log tree, crypto-random files, many small access logs) at 256 MB
 *   and at BENCH_EVIDENCE_MB (1 GB by default): `tar -czf`, `tar -cf - | pigz -p2`, Firebreak;
 * - one 64 MB crypto-random file: the same three;
 * - a tiny one-file collection (start-up), with a fresh data dir and with a used one;
 * - real package sources (node_modules/typescript): Firebreak against `tar | pigz -p2` and `tar -czf`.
 * BENCH_RUNS (default 3) runs of each, the tools in a rotating order; medians with min-max, as the
 * machine is shared. Firebreak also hashes every file and the archive, writes the manifest and
 * signs it; the reference tools do none of that. BENCH_FIREBREAK_CLI runs another build of the CLI.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cliPath, repoRoot, tempDataDir } from '../support/consoleServer';
import { generateMixedTree, generateRandomFile } from './evidenceTree';
import { median, writeReport } from './report';

const fullMb = Number(process.env.BENCH_EVIDENCE_MB ?? 1024);
// Another build of the CLI (an earlier commit's, for before-and-after figures); this checkout's by default.
const firebreakCli = process.env.BENCH_FIREBREAK_CLI ?? cliPath;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const pigz = ['/usr/bin/pigz', '/usr/local/bin/pigz'].find((file) => fs.existsSync(file)) ?? null;
if (!pigz) console.log('pigz is not installed (apt-get install pigz): the `tar | pigz -p2` column is skipped and its goal reported as null');

interface Sample {
  seconds: number;
  peakRssMb: number;
}

interface Figures {
  medianSeconds: number;
  minSeconds: number;
  maxSeconds: number;
  peakRssMb: number;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Sample {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-500)}`);
  const peakKb = Number(run.stderr.trim().split('\n').at(-1));
  return { seconds, peakRssMb: Math.round(peakKb / 1024) };
}

function figures(samples: Sample[]): Figures {
  const seconds = samples.map((sample) => sample.seconds);
  const round = (value: number) => Number(value.toFixed(3));
  return { medianSeconds: round(median(seconds)), minSeconds: round(Math.min(...seconds)), maxSeconds: round(Math.max(...seconds)), peakRssMb: Math.max(...samples.map((sample) => sample.peakRssMb)) };
}

type Tool = 'tar' | 'pigz' | 'firebreak';

/** Where the tools read: a folder or file, archived by its name from its parent (as a responder would). */
interface Target {
  path: string;
  /** A data dir per run for a first-use figure; one shared (key made, database migrated) otherwise. */
  freshDataDir?: boolean;
}

function runTool(tool: Tool, target: Target, out: string, dataDir: string): Sample {
  const parent = path.dirname(target.path);
  const name = path.basename(target.path);
  switch (tool) {
    case 'tar':
      return timed('tar', ['-czf', path.join(out, 'tar.tar.gz'), '-C', parent, name]);
    case 'pigz':
      return timed('bash', ['-c', 'set -o pipefail; tar -cf - -C "$1" "$2" | "$3" -p2 > "$4"', 'bash', parent, name, pigz!, path.join(out, 'pigz.tar.gz')]);
    case 'firebreak':
      return timed(process.execPath, [firebreakCli, 'evidence', 'collect', target.path, '-o', path.join(out, 'firebreak.tar.gz'), '--json'], { ...process.env, FIREBREAK_DATA_DIR: dataDir });
  }
}

/** Runs each tool `count` times on the target, rotating which goes first so drift in the machine's load spreads evenly. */
function compare(label: string, target: Target, tools: Tool[], count = runs): Partial<Record<Tool, Figures>> {
  const usable = tools.filter((tool) => tool !== 'pigz' || pigz);
  const samples = Object.fromEntries(usable.map((tool) => [tool, [] as Sample[]])) as Record<Tool, Sample[]>;
  const shared = path.join(work, `data-${label}`);
  for (let run = 0; run < count; run += 1) {
    for (let turn = 0; turn < usable.length; turn += 1) {
      const tool = usable[(run + turn) % usable.length]!;
      const out = path.join(work, `out-${label}`);
      fs.mkdirSync(out, { recursive: true });
      const dataDir = target.freshDataDir ? path.join(work, `data-${label}-${run}`) : shared;
      samples[tool].push(runTool(tool, target, out, dataDir));
      fs.rmSync(out, { recursive: true, force: true });
      if (target.freshDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  fs.rmSync(shared, { recursive: true, force: true });
  const result = Object.fromEntries(usable.map((tool) => [tool, figures(samples[tool])]));
  console.log(`${label}: ${usable.map((tool) => `${tool} ${result[tool]!.medianSeconds.toFixed(2)} s (${result[tool]!.minSeconds.toFixed(2)}-${result[tool]!.maxSeconds.toFixed(2)}), ${result[tool]!.peakRssMb} MB`).join(' | ')}`);
  return result;
}

const ratio = (a: Figures | undefined, b: Figures | undefined) => (a && b ? Number((a.medianSeconds / b.medianSeconds).toFixed(2)) : null);

function mixedTree(megabytes: number) {
  const tree = path.join(work, `mixed-${megabytes}mb`);
  const started = performance.now();
  const shape = generateMixedTree(tree, megabytes);
  console.log(`generated ${megabytes} MB mixed tree (${shape.files} files, ${Math.round(shape.incompressibleBytes / 2 ** 20)} MB crypto-random) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const result = compare(`mixed ${megabytes} MB`, { path: tree }, ['tar', 'pigz', 'firebreak']);
  fs.rmSync(tree, { recursive: true, force: true });
  return { megabytes, files: shape.files, incompressibleMb: Math.round(shape.incompressibleBytes / 2 ** 20), ...result, firebreakToPigz: ratio(result.firebreak, result.pigz), firebreakToTar: ratio(result.firebreak, result.tar) };
}

const work = tempDataDir('firebreak-bench-evidence-');
try {
  const small = mixedTree(Math.min(256, fullMb));
  const full = fullMb > 256 ? mixedTree(fullMb) : small;

  const randomFile = path.join(work, 'one', 'capture-64mb.bin');
  generateRandomFile(randomFile, 64);
  const oneFileResult = compare('one 64 MB random file', { path: randomFile }, ['tar', 'pigz', 'firebreak']);
  const oneFile = { megabytes: 64, ...oneFileResult, firebreakToTar: ratio(oneFileResult.firebreak, oneFileResult.tar), firebreakToPigz: ratio(oneFileResult.firebreak, oneFileResult.pigz) };

  const tinyFile = path.join(work, 'tiny', 'auth.log');
  fs.mkdirSync(path.dirname(tinyFile), { recursive: true });
  fs.writeFileSync(tinyFile, 'Nov 23 10:00:01 host sshd[812]: Failed password for root from 203.0.113.7 port 52113 ssh2\n'.repeat(24));
  const startupRuns = Math.max(runs, 7);
  const tinyFresh = compare('tiny file, fresh data dir', { path: tinyFile, freshDataDir: true }, ['tar', 'firebreak'], startupRuns);
  const tinyUsed = compare('tiny file, data dir in use', { path: tinyFile }, ['firebreak'], startupRuns);
  const nodeAlone = figures(Array.from({ length: startupRuns }, () => timed(process.execPath, ['-e', '0'])));
  console.log(`node -e 0: ${nodeAlone.medianSeconds.toFixed(3)} s`);

  const realSource = fs.realpathSync(path.join(repoRoot, 'node_modules', 'typescript'));
  const realResult = compare('node_modules/typescript', { path: realSource }, ['tar', 'pigz', 'firebreak']);
  const real = { path: realSource, ...realResult, firebreakToPigz: ratio(realResult.firebreak, realResult.pigz), firebreakToTar: ratio(realResult.firebreak, realResult.tar) };

  const rssOf = (result: { firebreak?: Figures }) => result.firebreak?.peakRssMb ?? Infinity;
  const goals = {
    mixedTreeWithin1_1xPigz: pigz ? (small.firebreakToPigz ?? Infinity) <= 1.1 && (full.firebreakToPigz ?? Infinity) <= 1.1 : null,
    oneFileNoSlowerThanTarCzf: (oneFile.firebreakToTar ?? Infinity) <= 1,
    peakRssUnder200Mb: Math.max(rssOf(small), rssOf(full), rssOf(oneFile)) < 200,
    peakRssFlat256MbTo1Gb: rssOf(full) <= rssOf(small) * 1.25,
  };
  writeReport('evidence', {
    runs,
    firebreakCli,
    pigz,
    note: 'seconds are wall-clock medians with min-max over the runs; peakRssMb is the largest of the runs (for tar | pigz, the larger process)',
    mixedSmall: small,
    mixedFull: full,
    oneFile,
    tinyOneFile: { fresh: tinyFresh, dataDirInUse: tinyUsed.firebreak, nodeAlone },
    realData: real,
    goals,
    meetsGoals: Object.values(goals).every((met) => met !== false),
  });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
