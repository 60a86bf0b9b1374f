import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SecretFinding, SecretScanProgress, SecretScanResult } from '../../contract';
import { AppError } from '../../contract/envelope';
import type { SecretRules } from '../../domain/scans/secretRules';
import { megabytes } from '../../domain/units';
import { callersShareRunsHere, runInWorker } from '../../jobs/runInWorker';
import { closeClaims, fileClaims, type TreeScanResult } from '../../jobs/secrets/secretTreeScan';
import { sizeTree } from '../../jobs/secrets/treeLanes';
import { readUserFile } from '../userFiles';

// What this module imports is what a plain `firebreak scan secrets` loads (cli/scanSecretsFast.ts):
// no contract schemas, no YAML parser, no database.

export interface SecretScanRequest {
  path: string;
  history: boolean;
  allBranches: boolean;
  since?: string;
  gitignore: boolean;
  baseline?: string;
  maxFileBytes: number;
  signal?: AbortSignal;
  onProgress?: (progress: SecretScanProgress) => void;
}

/**
 * Reads a baseline: a list of fingerprints, `{ "fingerprints": [...] }`, or a previous `--json`
 * result (its findings' fingerprints). Known findings it names are hidden; new ones show.
 */
// An earlier --json result with every finding is the largest baseline; tens of MB is already absurd.
const maxBaselineBytes = 64 * 1024 * 1024;

export function readBaseline(file: string): Set<string> {
  const read = readUserFile(file, maxBaselineBytes);
  if (!read.ok) throw new AppError('invalid-input', read.problem.kind === 'unreadable' ? `cannot read the baseline ${file}: it ${read.problem.message}` : `the baseline ${file} ${read.problem.message}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch {
    throw new AppError('invalid-input', `the baseline ${file} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object') throw new AppError('invalid-input', `the baseline ${file} is not a list of fingerprints or an earlier --json result`);
  const candidates: unknown[] = Array.isArray(parsed)
    ? parsed
    : Array.isArray((parsed as { fingerprints?: unknown }).fingerprints)
      ? (parsed as { fingerprints: unknown[] }).fingerprints
      : ((parsed as { value?: { findings?: { fingerprint?: unknown }[] } }).value?.findings ?? (parsed as { findings?: { fingerprint?: unknown }[] }).findings ?? []).map((finding) => finding.fingerprint);
  const fingerprints = candidates.filter((value): value is string => typeof value === 'string' && /^[0-9a-f]{16}$/.test(value));
  if (candidates.length > 0 && fingerprints.length === 0) throw new AppError('invalid-input', `the baseline ${file} holds no fingerprints (16 hex characters each)`);
  return new Set(fingerprints);
}

const emptyLane = (): TreeScanResult => ({ findings: [], stats: { files: 0, bytes: 0, skipped: { binary: 0, tooLarge: 0, ignored: 0, unreadable: 0 } } });

const byPlace = (a: SecretFinding, b: SecretFinding) => (a.commit ?? '').localeCompare(b.commit ?? '') || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;

export const describeScanProgress = (progress: SecretScanProgress) =>
  `${progress.files} files · ${megabytes(progress.bytes)}${progress.commits ? ` · ${progress.commits} commits` : ''} · ${progress.findings} finding(s) so far`;

/** What a scan's progress says before the first file. */
export const secretScanStartMessage = 'Listing files…';

/**
 * Scans a folder (and optionally its git history) with these rules, in worker threads: on every core,
 * or in the CLI on as many as the folder is worth (treeLanes.ts).
 * `known` holds the baseline's fingerprints when the caller has read it already.
 */
export async function scanSecrets(rules: SecretRules, request: SecretScanRequest, known?: Set<string>): Promise<SecretScanResult> {
  const started = Date.now();
  const root = path.resolve(request.path);
  let stats: fs.Stats;
  try {
    stats = fs.statSync(root);
  } catch (error) {
    throw new AppError('invalid-input', `cannot scan ${root}: ${(error as NodeJS.ErrnoException).code ?? 'not found'}`);
  }
  if (request.history && !stats.isDirectory()) throw new AppError('invalid-input', `--history needs a repository folder, and ${root} is a file`);
  const baseline = known ?? (request.baseline ? readBaseline(request.baseline) : new Set<string>());

  const cores = Math.max(1, os.availableParallelism());
  // Where the first lane runs on this thread (the CLI, nothing else to keep responsive), so may the
  // walk that sizes the folder: a small one is scanned faster by one lane, its compiler's work on
  // another core, than by two. The console's event loop never walks a folder: every core scans there.
  const { lanes: laneCount, listing } = callersShareRunsHere() ? sizeTree(root, request.gitignore, request.maxFileBytes, cores) : { lanes: cores, listing: null };
  const progress = new Map<string, SecretScanProgress>();
  const report = (key: string) => (value: SecretScanProgress) => {
    progress.set(key, value);
    const total = { files: 0, bytes: 0, commits: 0, findings: 0 };
    for (const part of progress.values()) for (const field of Object.keys(total) as (keyof typeof total)[]) total[field] += part[field];
    request.onProgress?.(total);
  };
  // One controller for every worker: the first failure stops the others.
  const controller = new AbortController();
  const stopAll = () => controller.abort();
  request.signal?.addEventListener('abort', stopAll, { once: true });
  const run = <T>(promise: Promise<T>) => promise.catch((error: unknown) => {
    controller.abort();
    throw error;
  });
  try {
    const claims = fileClaims(laneCount);
    const unwanted = Array.from({ length: laneCount }, () => new AbortController());
    const scanLane = (lane: number) => {
      // A folder walked whole to size it and worth one lane is scanned from that walk. With more lanes
      // each walks for itself as it starts, as close in time as they can: lanes take files by their
      // place in the walk, and a walk made long before the others would miss what changed since.
      const walked = laneCount === 1 && listing ? { listing } : {};
      const scanned = runInWorker('secrets.tree', { root, rules, honourGitignore: request.gitignore, maxFileBytes: request.maxFileBytes, lane, claims, ...walked }, { signal: controller.signal, abandon: unwanted[lane]!.signal, onProgress: report(`tree-${lane}`), answer: {}, callersShare: lane === 0 });
      // A lane let go before it claimed a file has scanned nothing.
      return run(scanned.catch((error: unknown) => (unwanted[lane]!.signal.aborted ? emptyLane() : Promise.reject(error))));
    };
    // When the first lane is through, every file is taken: the workers still starting are not waited for
    // (a small folder is scanned before a worker has booted).
    let closed = false;
    const letIdleLanesGo = () => {
      if (closed) return;
      closed = true;
      for (const lane of closeClaims(claims)) unwanted[lane]!.abort();
    };
    const history = request.history
      ? run(runInWorker('secrets.history', { root, rules, allBranches: request.allBranches, since: request.since ?? null }, { signal: controller.signal, onProgress: report('history'), answer: {} }))
      : Promise.resolve(null);
    // Lane 0 may run on this thread (the CLI's share) and holds it until its first pause: the
    // workers are started before it, so they boot while it scans.
    const workerLanes = Array.from({ length: laneCount - 1 }, (_, i) => scanLane(i + 1));
    const trees = [scanLane(0), ...workerLanes];
    for (const tree of trees) void tree.then(letIdleLanesGo, () => {});
    const [treeResults, historyResult] = await Promise.all([Promise.all(trees), history]);

    const treeFindings = treeResults.flatMap((result) => result.findings);
    const inTree = new Set(treeFindings.map((finding) => finding.fingerprint));
    const historyFindings = (historyResult?.findings ?? []).map((finding) => ({ ...finding, inWorkingTree: inTree.has(finding.fingerprint) }));
    const all = [...treeFindings.sort(byPlace), ...historyFindings.sort(byPlace)];
    const findings = all.filter((finding) => !baseline.has(finding.fingerprint));
    const sum = (pick: (result: (typeof treeResults)[number]) => number) => treeResults.reduce((total, result) => total + pick(result), 0);
    return {
      root,
      findings,
      stats: {
        files: sum((result) => result.stats.files),
        bytes: sum((result) => result.stats.bytes) + (historyResult?.bytes ?? 0),
        commits: historyResult?.commits ?? 0,
        skipped: {
          binary: sum((result) => result.stats.skipped.binary),
          tooLarge: sum((result) => result.stats.skipped.tooLarge),
          ignored: sum((result) => result.stats.skipped.ignored),
          unreadable: sum((result) => result.stats.skipped.unreadable),
        },
        baselined: all.length - findings.length,
        durationMs: Date.now() - started,
      },
    };
  } catch (error) {
    if (request.signal?.aborted) throw new AppError('cancelled', 'scan cancelled: nothing was recorded');
    throw error;
  } finally {
    request.signal?.removeEventListener('abort', stopAll);
  }
}
