import os from 'node:os';
import path from 'node:path';
import { AppError, type LogFinding, type LogFormat, type LogScanProgress, type LogScanResult } from '../../contract';
import { buildHistogram, correlate, topTalkers } from '../../domain/logs/logCorrelation';
import { detectFormat } from '../../domain/logs/logFormats';
import { logRulesFromValue, parseLogRules, type LogRules } from '../../domain/logs/logRules';
import { createTally, mergeTallies, type LogTally } from '../../domain/logs/logTally';
import { isGzipFile, readLogLines } from '../../jobs/logs/logLines';
import { findingAt } from '../../jobs/logs/logFindingColumns';
import type { LogScanJobResult } from '../../jobs/logs/logScanJob';
import { runInWorker } from '../../jobs/runInWorker';
import type { ServiceContext } from '../context';
import { redactionSecretRules } from '../redaction/rulesCache';
import { shippedYamlValue } from '../shippedYaml';
import { readUserFile } from '../userFiles';
import { expandLogPaths, planRanges, type LogFile } from './logPaths';

/** Tests lower these to cut a small file in ranges, or to reach the cap, through the operation itself. */
export const logScanLimits = {
  /** Findings kept per scan; those past it still count in the histogram, talkers and aggregates. */
  findings: 100_000,
  /** A plain file larger than this is cut in byte ranges read by several workers at once. */
  splitBytes: 32 * 1024 * 1024,
  /**
   * Whole files up to this size go to a worker in batches (about four per worker, none over
   * `batchBytes`): a hundred rotated logs of a few lines cost one start per batch, not per file.
   */
  smallFileBytes: 4 * 1024 * 1024,
  batchBytes: 64 * 1024 * 1024,
};

export interface LogScanRequest {
  paths: readonly string[];
  since?: string;
  until?: string;
  signal?: AbortSignal;
  onProgress?: (progress: LogScanProgress) => void;
}

// The shipped rules are a few KB; megabytes would be a mistake or an attack.
const maxRulesBytes = 4 * 1024 * 1024;

/** The log rules, checked: a broken rules file is an error, never "no findings". */
export function loadLogRules(file: string): LogRules {
  const read = readUserFile(file, maxRulesBytes);
  if (!read.ok) throw new AppError(read.problem.kind === 'unreadable' ? 'io-error' : 'invalid-input', `the log rules file ${file} ${read.problem.message}`);
  // The shipped file's bytes skip the YAML parse (the build read them); the value is still validated.
  const shipped = shippedYamlValue(read.text);
  const preparsed = shipped && logRulesFromValue(shipped.value);
  const parsed = preparsed && preparsed.ok ? preparsed : parseLogRules(read.text);
  if (!parsed.ok) throw new AppError('invalid-input', `${file}: ${parsed.message}`);
  return { specs: parsed.specs, thresholds: parsed.thresholds };
}

/** A file's format from its first non-empty lines, read here once so every range of it reads the same. */
async function formatOf(file: string, signal: AbortSignal): Promise<LogFormat> {
  const lines: string[] = [];
  for await (const line of readLogLines(file, { start: 0, end: null }, { signal })) {
    if (line.trim() !== '') lines.push(line);
    if (lines.length >= 50) break;
  }
  return detectFormat(lines);
}

/** Runs the tasks, at most `limit` at a time, each told its lane (0 to limit - 1); once `signal` aborts (the first failure, a cancel) none more starts. */
async function pool<T>(tasks: ((lane: number) => Promise<T>)[], limit: number, signal: AbortSignal): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lane = async (_: unknown, number: number) => {
    while (next < tasks.length && !signal.aborted) {
      const index = next++;
      results[index] = await tasks[index]!(number);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

/** Scans log files on every core the process may use, in worker threads; nothing is stored here. */
export async function scanLogs(ctx: ServiceContext, request: LogScanRequest): Promise<LogScanResult> {
  const started = Date.now();
  const { files, skipped } = expandLogPaths(request.paths);
  const rules = loadLogRules(path.join(ctx.resourcesDir, 'rules', 'logs.yaml'));
  // The shipped secret rules come read from the bundle, as redaction reads them; an edited file is parsed.
  const secretRules = redactionSecretRules(ctx.resourcesDir);
  // Follows the CPU affinity (taskset), unlike os.cpus().
  const workers = Math.max(1, os.availableParallelism());
  const { splitBytes, smallFileBytes, batchBytes, findings: findingCap } = logScanLimits;
  const sinceMs = request.since ? Date.parse(request.since) : null;
  const untilMs = request.until ? Date.parse(request.until) : null;
  if (sinceMs !== null && untilMs !== null && sinceMs > untilMs) throw new AppError('invalid-input', `since (${request.since}) is after until (${request.until}): no line could be in between`);

  const controller = new AbortController();
  const stopAll = () => controller.abort();
  if (request.signal?.aborted) stopAll();
  request.signal?.addEventListener('abort', stopAll, { once: true });

  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const parts = new Map<string, { bytes: number; lines: number; findings: number }>();
  const remaining = new Map<string, number>();
  let filesDone = 0;
  const report = () => {
    const total = { files: filesDone, bytes: 0, totalBytes, lines: 0, findings: 0 };
    for (const part of parts.values()) {
      total.bytes += part.bytes;
      total.lines += part.lines;
      total.findings += part.findings;
    }
    request.onProgress?.(total);
  };

  try {
    const plans: { file: LogFile; ranges: { start: number; end: number | null }[]; format: LogFormat | null }[] = [];
    for (const file of files) {
      // gzip cannot be entered mid-stream: one worker per .gz file.
      const gzip = isGzipFile(file.file);
      const ranges = gzip ? [{ start: 0, end: null }] : planRanges(file.size, splitBytes, workers);
      plans.push({ file, ranges, format: ranges.length > 1 ? await formatOf(file.file, controller.signal) : null });
      remaining.set(file.file, ranges.length);
    }
    const isSmall = (plan: (typeof plans)[number]) => plan.ranges.length === 1 && plan.file.size <= smallFileBytes;
    const small = plans.filter(isSmall);
    const large = plans.filter((plan) => !isSmall(plan));
    const perBatch = Math.max(1, Math.ceil(small.length / (workers * 4)));
    const batches: LogFile[][] = [];
    let batchSize = 0;
    for (const { file } of small) {
      const last = batches.at(-1);
      if (!last || last.length >= perBatch || batchSize + file.size > batchBytes) {
        batches.push([file]);
        batchSize = file.size;
      } else {
        last.push(file);
        batchSize += file.size;
      }
    }
    const batchTasks = batches.map((batch, number) => async (lane: number) => {
      const key = `batch#${number}`;
      const results = await runInWorker(
        'logs.scanFiles',
        { files: batch.map((file) => ({ file: file.file, format: null, year: file.year })), rules, secretRules, sinceMs, untilMs, findingCap },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            parts.set(key, progress);
            report();
          },
          answer: {},
          callersShare: lane === 0,
        },
      );
      filesDone += batch.length;
      parts.set(key, { bytes: batch.reduce((sum, file) => sum + file.size, 0), lines: results.reduce((sum, result) => sum + result.lines, 0), findings: results.reduce((sum, result) => sum + result.findings.count + result.findingsOmitted, 0) });
      report();
      return results.map((result, index) => ({ file: batch[index]!.file, index: 0, result }));
    });
    const rangeTasks = large.flatMap(({ file, ranges, format }) =>
      ranges.map((range, index) => async (lane: number) => {
        const key = `${file.file}#${index}`;
        const rangeBytes = (range.end ?? file.size) - range.start;
        const result = await runInWorker(
          'logs.scan',
          { file: file.file, start: range.start, end: range.end, format, year: file.year, rules, secretRules, sinceMs, untilMs, findingCap },
          {
            signal: controller.signal,
            onProgress: (progress) => {
              parts.set(key, { ...progress, bytes: Math.min(progress.bytes, rangeBytes) });
              report();
            },
            answer: {},
            // The first lane's ranges are this thread's share where the process allows it (the CLI).
            callersShare: lane === 0,
          },
        );
        const left = remaining.get(file.file)! - 1;
        remaining.set(file.file, left);
        if (left === 0) filesDone += 1;
        // Done: the whole range counts as read, however the reader reported its bytes.
        parts.set(key, { bytes: rangeBytes, lines: result.lines, findings: result.findings.count + result.findingsOmitted });
        report();
        return [{ file: file.file, index, result }];
      }),
    );
    // Large files first: a big file started last would leave the other lanes idle while it is read.
    const tasks = [...rangeTasks, ...batchTasks];
    const done = await pool(
      tasks.map((task) => (lane: number) =>
        task(lane).catch((error: unknown) => {
          controller.abort();
          throw error;
        }),
      ),
      workers,
      controller.signal,
    );
    if (controller.signal.aborted) throw new AppError('cancelled', 'log scan cancelled: nothing was recorded');
    return merge(files, skipped, done.flat(), rules, findingCap, started);
  } catch (error) {
    if (request.signal?.aborted) throw new AppError('cancelled', 'log scan cancelled: nothing was recorded');
    throw error;
  } finally {
    request.signal?.removeEventListener('abort', stopAll);
  }
}

/** The ranges' results as one scan: line numbers made the file's, findings in file then line order and capped. */
function merge(files: LogFile[], skippedPaths: LogScanResult['stats']['skipped'], done: { file: string; index: number; result: LogScanJobResult }[], rules: LogRules, findingCap: number, started: number): LogScanResult {
  const skipped = [...skippedPaths];
  // The first range's tally is this scan's own copy (cloned from its worker): merged into, not copied.
  let tally: LogTally | null = null;
  const formats: Partial<Record<LogFormat, number>> = {};
  const findings: LogFinding[] = [];
  let lines = 0;
  let malformed = 0;
  let outOfRange = 0;
  let findingsOmitted = 0;
  let longLinesCut = 0;
  const order = new Map(files.map((file, index) => [file.file, index]));
  const sorted = [...done].sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.index - b.index);
  let offset = 0;
  let current = '';
  for (const { file, result } of sorted) {
    if (file !== current) {
      current = file;
      offset = 0;
    }
    if (result.problem) skipped.push({ file, reason: `read in part (${result.lines} lines scanned): ${result.problem}` });
    // Objects made only for the findings kept.
    const kept = Math.min(result.findings.count, findingCap - findings.length);
    for (let index = 0; index < kept; index += 1) findings.push(findingAt(result.findings, index, rules.specs, file, offset));
    findingsOmitted += result.findings.count - kept;
    offset += result.lines;
    lines += result.lines;
    malformed += result.malformed;
    outOfRange += result.outOfRange;
    findingsOmitted += result.findingsOmitted;
    longLinesCut += result.longLinesCut;
    for (const [format, count] of Object.entries(result.formats) as [LogFormat, number][]) formats[format] = (formats[format] ?? 0) + count;
    if (tally === null) tally = result.tally;
    else mergeTallies(tally, result.tally);
  }
  tally ??= createTally();
  return {
    files: files.map((file) => file.file),
    findings,
    aggregates: correlate(tally, rules.thresholds),
    histogram: buildHistogram(tally),
    topIps: topTalkers(tally),
    stats: {
      files: files.length,
      bytes: files.reduce((sum, file) => sum + file.size, 0),
      lines,
      malformed,
      outOfRange,
      formats,
      findingsOmitted,
      longLinesCut,
      skipped,
      durationMs: Date.now() - started,
    },
  };
}
