/**
 * Logs: on a generated combined-format access log with planted attacks (test/bench/logData.ts;
 * 256 MB and 1 GB by default, BENCH_LOGS_MB="256,1024" to change), time the runbook's own
 * `grep -cE` patterns (one core; LC_ALL=C and the default locale) against `firebreak scan logs
 * --json` on all cores and on one (taskset -c 0), and score both on the planted attacks: the lines
 * `grep -nE` prints and the lines Firebreak flags with an attack category (a line counts once).
 * Then a smaller log of a site under attack (one line in five), reported beside the targets. Each
 * tool runs BENCH_LOGS_RUNS times (3; Firebreak's one-core and all-core runs alternating): the
 * median counts, the fastest and slowest are reported beside it (a shared machine's speed drifts
 * by 10–30 % from minute to minute).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cliPath, tempDataDir } from '../support/consoleServer';
import { attackCategories } from '../support/logAttacks';
import { scoreLines, type Score } from '../support/logScore';
import { generateLog, type GeneratedLog } from './logData';
import { writeReport } from './report';

const sizes = (process.env.BENCH_LOGS_MB ?? '256,1024').split(',').map(Number);
const seed = 20_261_201;
/** The runbook's attack searches, verbatim (docs: "SQL injection attempts", "Path traversal attempts"). */
const runbook = {
  sqli: 'UNION|SELECT.*FROM|DROP|INSERT.*INTO|;--',
  'path-traversal': String.raw`\.\./|%2e%2e|%252e`,
} as const;
const repeats = Math.max(1, Number(process.env.BENCH_LOGS_RUNS ?? 3));
const defaultLocale = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || 'C';
const locales = [...new Set(['C', defaultLocale])];

interface Timed {
  seconds: number;
  peakRssMb: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command under GNU time for its peak RSS; `oneCore` pins it to CPU 0. */
function timed(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; oneCore?: boolean } = {}): Timed {
  const argv = options.oneCore ? ['taskset', '-c', '0', command, ...args] : [command, ...args];
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 1024 ** 3 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMb = Math.round(Number(run.stderr.trim().split('\n').at(-1)) / 1024);
  return { seconds, peakRssMb, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const round = (value: number, digits = 2) => +value.toFixed(digits);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** `repeats` timings of one command: the median's seconds, the fastest and slowest, the highest peak RSS, and the first run's output. */
function timedRuns(times: Timed[]): Timed & { fastest: number; slowest: number } {
  const seconds = times.map((run) => run.seconds);
  return { ...times[0]!, seconds: median(seconds), fastest: Math.min(...seconds), slowest: Math.max(...seconds), peakRssMb: Math.max(...times.map((run) => run.peakRssMb)) };
}
const mbOf = (log: GeneratedLog) => log.bytes / 1024 / 1024;

function summarise(score: Score, flaggedPlanted: number, planted: number) {
  return {
    /** Planted lines flagged at all. */
    recall: round(flaggedPlanted / planted, 3),
    /** Planted lines flagged with their own category. */
    recallInCategory: round(score.recall, 3),
    precision: round(score.precision, 3),
    flaggedLines: score.flagged,
    perCategory: Object.fromEntries(attackCategories.map((c) => [c, round(score.perCategory[c].recall, 3)])),
  };
}

function benchGrep(log: GeneratedLog) {
  // Read once so every tool finds the file in the page cache, whichever runs first.
  spawnSync('cat', [log.file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const timings: Record<string, Record<string, unknown>> = {};
  let seconds = 0;
  for (const locale of locales) {
    const env = { ...process.env, LC_ALL: locale };
    const runs = Object.entries(runbook).map(([name, pattern]) => {
      const run = timedRuns(Array.from({ length: repeats }, () => timed('grep', ['-cE', pattern, log.file], { env, oneCore: true })));
      if (run.status !== 0 && run.status !== 1) throw new Error(`grep failed: ${run.stderr}`);
      return { name, seconds: run.seconds, count: Number(run.stdout.trim()), peakRssMb: run.peakRssMb };
    });
    const both = runs.reduce((sum, r) => sum + r.seconds, 0);
    if (locale === 'C') seconds = both;
    timings[locale] = {
      ...Object.fromEntries(runs.map((r) => [r.name, { seconds: round(r.seconds), matches: r.count, peakRssMb: r.peakRssMb }])),
      bothSeconds: round(both),
      mbPerSecond: round(mbOf(log) / both, 1),
      fastestOneMbPerSecond: round(mbOf(log) / Math.min(...runs.map((r) => r.seconds)), 1),
    };
  }
  // The lines each pattern prints, scored as the category it searches for.
  const found = new Map<number, Set<string>>();
  for (const [category, pattern] of Object.entries(runbook)) {
    const run = spawnSync('grep', ['-nE', pattern, log.file], { env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 1024 ** 3 });
    for (const line of run.stdout.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        const n = Number(line.slice(0, colon));
        found.set(n, (found.get(n) ?? new Set()).add(category));
      }
    }
  }
  const fastestOne = Math.min(...Object.keys(runbook).map((name) => (timings.C![name] as { seconds: number }).seconds));
  return { timings, seconds, fastestOne, found };
}

function runFirebreak(log: GeneratedLog, oneCore: boolean, work: string): Timed {
  return timed(process.execPath, [cliPath, 'scan', 'logs', log.file, '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: path.join(work, 'data') }, oneCore });
}

/** A run's answer and the lines it flagged, by category. */
function firebreakFindings<T extends Timed>(run: T) {
  const result = JSON.parse(run.stdout);
  if (!result.ok) throw new Error(`firebreak failed: ${run.stdout.slice(0, 500)} ${run.stderr.slice(0, 500)}`);
  const found = new Map<number, Set<string>>();
  for (const finding of result.value.findings as { line: number; category: string }[]) found.set(finding.line, (found.get(finding.line) ?? new Set()).add(finding.category));
  return { run, result, found };
}

function score(log: GeneratedLog, found: Map<number, Set<string>>) {
  const labels = log.planted.map((p) => ({ key: String(p.line), label: p.category }));
  const keyed = new Map([...found].map(([line, categories]) => [String(line), categories]));
  const attack = new Set<string>(attackCategories);
  const flaggedPlanted = log.planted.filter((p) => [...(found.get(p.line) ?? [])].some((c) => attack.has(c))).length;
  return summarise(scoreLines(labels, keyed), flaggedPlanted, log.planted.length);
}

/** Times and scores grep and Firebreak (one core, all cores) on one generated log. */
function benchLog(log: GeneratedLog, work: string): Record<string, unknown> {
  console.log(`${log.lines} lines, ${log.planted.length} planted attacks${log.generatedSeconds ? `, generated in ${log.generatedSeconds.toFixed(1)} s` : ' (cached)'}`);
  const grep = benchGrep(log);
  const grepScore = score(log, grep.found);
  const allRuns: Timed[] = [];
  const oneRuns: Timed[] = [];
  for (let round = 0; round < repeats; round += 1) {
    allRuns.push(runFirebreak(log, false, work));
    oneRuns.push(runFirebreak(log, true, work));
  }
  const all = firebreakFindings(timedRuns(allRuns));
  const one = firebreakFindings(timedRuns(oneRuns));
  const mb = mbOf(log);
  const spread = (run: { fastest: number; slowest: number }) => ({ fastestMbPerSecond: round(mb / run.fastest, 1), slowestMbPerSecond: round(mb / run.slowest, 1) });
  const firebreakScore = score(log, all.found);
  return {
    megabytes: round(mb, 1),
    file: log.file,
    lines: log.lines,
    planted: log.planted.length,
    grep: { ...grep.timings, oneCore: true, ...grepScore },
    firebreak: {
      runs: repeats,
      allCores: { seconds: round(all.run.seconds), mbPerSecond: round(mb / all.run.seconds, 1), ...spread(all.run), peakRssMb: all.run.peakRssMb },
      oneCore: { seconds: round(one.run.seconds), mbPerSecond: round(mb / one.run.seconds, 1), ...spread(one.run), peakRssMb: one.run.peakRssMb },
      ...firebreakScore,
      findings: all.result.value.findings.length,
      findingsOmitted: all.result.value.stats.findingsOmitted,
      aggregates: all.result.value.aggregates.length,
      sameOnOneCore: one.result.value.findings.length === all.result.value.findings.length,
    },
    ratios: {
      /** Firebreak's throughput over grep's running the runbook's two searches (LC_ALL=C), one core each. */
      oneCoreVsGrep: round(grep.seconds / one.run.seconds),
      allCoresVsGrep: round(grep.seconds / all.run.seconds),
      /** The same against grep's faster single search: the strictest comparison. */
      oneCoreVsFastestGrep: round(grep.fastestOne / one.run.seconds),
      recallVsGrep: grepScore.recall ? round(firebreakScore.recall / grepScore.recall) : null,
    },
  };
}

// A site under attack, where a responder scans: one line in five an attack, each flagged line parsed,
// matched, redacted and kept (BENCH_LOGS_ATTACKED_MB, 0 to skip). Reported beside the targets, not in them.
const attackedMegabytes = Number(process.env.BENCH_LOGS_ATTACKED_MB ?? 64);
const attackedOneIn = 5;

const work = tempDataDir('firebreak-bench-logs-');
const results: Record<string, unknown>[] = [];
let underAttack: Record<string, unknown> | null = null;
try {
  for (const megabytes of sizes) {
    console.log(`\n${megabytes} MB: generating (or reusing) the log…`);
    results.push(benchLog(generateLog(megabytes, seed), work));
  }
  if (attackedMegabytes > 0) {
    console.log(`\n${attackedMegabytes} MB under attack (one line in ${attackedOneIn}): generating (or reusing) the log…`);
    underAttack = { oneAttackIn: attackedOneIn, ...benchLog(generateLog(attackedMegabytes, seed, attackedOneIn), work) };
  }
  const [first, last] = [results[0] as any, results.at(-1) as any];
  const meets = {
    recall3xGrepAtPrecision95: results.every((r: any) => r.firebreak.recall >= 3 * r.grep.recall && r.firebreak.precision >= 0.95),
    halfGrepThroughputOnOneCore: results.every((r: any) => r.ratios.oneCoreVsGrep >= 0.5),
    fasterOnAllCores: results.every((r: any) => r.firebreak.allCores.mbPerSecond > r.firebreak.oneCore.mbPerSecond),
    // Flat: the largest log's peak within 20% of the smallest's.
    peakRssFlat: results.length > 1 ? last.firebreak.allCores.peakRssMb <= 1.2 * first.firebreak.allCores.peakRssMb : null,
  };
  writeReport('logs', {
    seed,
    patterns: runbook,
    sizes: results,
    underAttack,
    targets: 'recall >= 3x grep at precision >= 0.95; >= 0.5x grep throughput on one core, more on all cores; peak RSS flat from 256 MB to 1 GB',
    meets,
  });
  const row = (size: string, tool: string, mbps: number, ratio: number | null, rss: number | null, scored?: { recall: number; recallInCategory: number; precision: number }, spread?: { fastestMbPerSecond: number; slowestMbPerSecond: number }) =>
    console.log(
      [
        size.padEnd(7),
        tool.padEnd(26),
        String(mbps).padStart(7),
        ratio === null ? '' : ratio.toFixed(2).padStart(6),
        rss === null ? '' : `${rss} MB`.padStart(9),
        ...(scored ? [scored.recall, scored.recallInCategory, scored.precision].map((v) => v.toFixed(3).padStart(8)) : []),
        ...(spread ? [`  runs ${spread.slowestMbPerSecond}–${spread.fastestMbPerSecond} MB/s`] : []),
      ].join(' '),
    );
  console.log(`\nmedian of ${repeats} runs each`);
  console.log(`\n${['size'.padEnd(7), 'tool'.padEnd(26), 'MB/s'.padStart(7), '×grep'.padStart(6), 'peak RSS'.padStart(9), 'recall'.padStart(8), 'in-cat'.padStart(8), 'precision'.padStart(8)].join(' ')}`);
  for (const r of [...results, ...(underAttack ? [underAttack] : [])] as any[]) {
    const grepC = r.grep.C;
    row(`${Math.round(r.megabytes)}MB${r.oneAttackIn ? '*' : ''}`, 'grep -cE, 2 patterns, C', grepC.mbPerSecond, 1, Math.max(grepC.sqli.peakRssMb, grepC['path-traversal'].peakRssMb), r.grep);
    for (const locale of locales.filter((l) => l !== 'C')) row('', `grep -cE, ${locale}`, r.grep[locale].mbPerSecond, r.grep[locale].mbPerSecond / grepC.mbPerSecond, null);
    row('', 'firebreak, one core', r.firebreak.oneCore.mbPerSecond, r.ratios.oneCoreVsGrep, r.firebreak.oneCore.peakRssMb, r.firebreak, r.firebreak.oneCore);
    row('', 'firebreak, all cores', r.firebreak.allCores.mbPerSecond, r.ratios.allCoresVsGrep, r.firebreak.allCores.peakRssMb, undefined, r.firebreak.allCores);
  }
  if (underAttack) console.log(`* under attack: one line in ${attackedOneIn} an attack (not part of the targets)`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
