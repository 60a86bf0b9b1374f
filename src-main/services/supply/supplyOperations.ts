import fs from 'node:fs';
import path from 'node:path';
import { AppError, type AdvisoryImportResult, type DepsAuditResult, type IntegrityReport, type IntegritySnapshotResult, type LockDiff, type Lockfile, type ParsedInput, type SbomDiff, type SbomResult, type WithCheck } from '../../contract';
import { diffLockfiles } from '../../domain/supply/lockDiff';
import { distinctVersions } from '../../domain/supply/packageNames';
import { diffSboms as compareSboms, sbomFromLockfile } from '../../domain/supply/sbom';
import { megabytes } from '../../domain/units';
import type { ServiceContext } from '../context';
import { runJob, type JobHandle } from '../jobRegistry';
import { readUserFile } from '../userFiles';
import { auditLockfiles, importAdvisoryFiles } from './advisories';
import { checkIntegrity, readIntegrityBaseline, snapshotIntegrity, type IntegrityProgress } from './integrity';
import { readLockfile } from './lockfileRead';
import { loadWellKnownPackages } from './wellKnownPackages';
import { absolutePath, outputFile, recordSupplyCheck, requireIncidentIfAny, writeJsonFile } from './supplyChecks';


// Hashing reports every file: thousands of events a second would flood every window.
const progressEveryMs = 100;

/** Progress at most every 100 ms, and always the last report of a run. */
function throttled(job: JobHandle): (done: number, total: number | null, message: string) => void {
  let shownAt = 0;
  return (done, total, message) => {
    const now = Date.now();
    if (now - shownAt < progressEveryMs && (total === null || done < total)) return;
    shownAt = now;
    job.progress(done, total, message);
  };
}

/** Cancelled work records nothing: checked after each step that cannot be interrupted itself. */
function stopIfCancelled(job: JobHandle, what: string): void {
  if (job.signal.aborted) throw new AppError('cancelled', `${what} cancelled: nothing was recorded`);
}

const describeHashing = (progress: IntegrityProgress, total: number | null) => `${progress.files.toLocaleString('en-US')}${total === null ? '' : ` of ${total.toLocaleString('en-US')}`} files hashed · ${megabytes(progress.bytes)}`;

/**
 * Reads every lockfile before auditing any. One that cannot be read fails the whole audit, naming
 * each bad file and why: an audit that left a lockfile out would read as clean for packages it
 * never looked at, and the result has no place to say so.
 */
function readLockfiles(files: readonly string[], job: JobHandle): Lockfile[] {
  const lockfiles: Lockfile[] = [];
  const problems: { file: string; error: AppError }[] = [];
  files.forEach((file, index) => {
    job.progress(index, files.length, `Reading ${path.basename(file)} (${index + 1} of ${files.length})…`);
    try {
      lockfiles.push(readLockfile(file));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push({ file, error });
    }
    stopIfCancelled(job, 'dependency audit');
  });
  if (problems.length === 1) throw problems[0]!.error;
  if (problems.length > 1) {
    const code = problems.every((problem) => problem.error.code === problems[0]!.error.code) ? problems[0]!.error.code : 'invalid-input';
    throw new AppError(code, `${problems.length} of ${files.length} lockfiles could not be read, nothing was audited: ${problems.map((problem) => problem.error.message).join('; ')}`);
  }
  return lockfiles;
}

export function importAdvisories(ctx: ServiceContext, input: ParsedInput<'advisories.import'>): Promise<AdvisoryImportResult> {
  const source = absolutePath(input.path, 'path');
  return runJob(ctx, 'advisories.import', `Reading advisories from ${path.basename(source)}…`, async (job) => {
    const progress = throttled(job);
    const result = await importAdvisoryFiles(ctx, source, (done) => progress(done.entries, null, `${done.entries.toLocaleString('en-US')} records read · ${done.imported.toLocaleString('en-US')} imported`), job.signal);
    return result;
  });
}

export function scanDeps(ctx: ServiceContext, input: ParsedInput<'scan.deps'>): Promise<DepsAuditResult & WithCheck> {
  requireIncidentIfAny(ctx, input.incidentId);
  // The same file named twice (./a and a) is read and counted once.
  const files = [...new Set(input.lockfiles.map((file, index) => absolutePath(file, `lockfiles.${index}`)))];
  const db = input.db === undefined ? undefined : absolutePath(input.db, 'db');
  return runJob(ctx, 'scan.deps', 'Reading lockfiles…', async (job) => {
    const lockfiles = readLockfiles(files, job);
    const packages = distinctVersions(lockfiles.flatMap((lockfile) => lockfile.packages));
    job.progress(files.length, files.length, `Auditing ${packages.toLocaleString('en-US')} packages against ${db ? path.basename(db) : 'the advisory database'}…`);
    const result = await auditLockfiles(ctx, lockfiles, db);
    stopIfCancelled(job, 'dependency audit');
    const checkId = input.incidentId ? recordSupplyCheck(ctx, input.incidentId, db ? [...files, db] : files, { kind: 'deps', result }) : null;
    return { ...result, checkId };
  });
}

export function scanLockDiff(ctx: ServiceContext, input: ParsedInput<'scan.lockdiff'>): Promise<LockDiff & WithCheck> {
  requireIncidentIfAny(ctx, input.incidentId);
  const baseline = absolutePath(input.baseline, 'baseline');
  const current = absolutePath(input.current, 'current');
  return runJob(ctx, 'scan.lockdiff', `Reading ${path.basename(baseline)} and ${path.basename(current)}…`, (job) => {
    const diff = diffLockfiles(readLockfile(baseline), readLockfile(current), { wellKnown: loadWellKnownPackages(ctx.resourcesDir) });
    stopIfCancelled(job, 'lockfile drift check');
    const checkId = input.incidentId ? recordSupplyCheck(ctx, input.incidentId, [baseline, current], { kind: 'lockdiff', result: diff }) : null;
    return Promise.resolve({ ...diff, checkId });
  });
}

export function generateSbom(ctx: ServiceContext, input: ParsedInput<'sbom.generate'>): Promise<SbomResult> {
  const lockfile = absolutePath(input.lockfile, 'lockfile');
  // Checked before reading: a refused destination should not cost a parse of a large lockfile.
  const output = input.output === undefined ? null : outputFile(ctx, input.output, 'SBOM', [lockfile]);
  return runJob(ctx, 'sbom.generate', `Reading ${path.basename(lockfile)}…`, (job) => {
    const sbom = sbomFromLockfile(readLockfile(lockfile), ctx.clock());
    stopIfCancelled(job, 'SBOM generation');
    if (output) writeJsonFile(output, sbom, 'the SBOM');
    const components = Array.isArray(sbom.components) ? sbom.components.length : 0;
    return Promise.resolve({ sbom, components, output });
  });
}

// CycloneDX JSON of a large monorepo is a few MB; hundreds would be a mistake or an attack.
const maxSbomBytes = 64 * 1024 * 1024;

function readSbomJson(file: string): unknown {
  const read = readUserFile(file, maxSbomBytes);
  if (!read.ok) throw new AppError(read.problem.kind === 'unreadable' ? 'not-found' : 'invalid-input', `the SBOM ${file} ${read.problem.message}`);
  try {
    return JSON.parse(read.text);
  } catch (error) {
    throw new AppError('invalid-input', `the SBOM ${file} is not valid JSON (${(error as Error).message})`);
  }
}

export function diffSboms(ctx: ServiceContext, input: ParsedInput<'sbom.diff'>): Promise<SbomDiff & WithCheck> {
  requireIncidentIfAny(ctx, input.incidentId);
  const before = absolutePath(input.before, 'before');
  const after = absolutePath(input.after, 'after');
  return runJob(ctx, 'sbom.diff', `Comparing ${path.basename(before)} with ${path.basename(after)}…`, (job) => {
    const diff = compareSboms(readSbomJson(before), readSbomJson(after), { before, after });
    stopIfCancelled(job, 'SBOM comparison');
    const checkId = input.incidentId ? recordSupplyCheck(ctx, input.incidentId, [before, after], { kind: 'sbom-diff', result: diff }) : null;
    return Promise.resolve({ ...diff, checkId });
  });
}

const realPath = (file: string) => {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
};

export function integritySnapshot(ctx: ServiceContext, input: ParsedInput<'integrity.snapshot'>): Promise<IntegritySnapshotResult> {
  const dir = absolutePath(input.dir, 'dir');
  const output = input.output === undefined ? null : outputFile(ctx, input.output, 'baseline');
  // Compared through links: `dist` may be a link to the folder the baseline would land in.
  const inside = output === null ? null : path.relative(realPath(dir), path.join(realPath(path.dirname(output)), path.basename(output)));
  if (inside !== null && !inside.startsWith('..') && !path.isAbsolute(inside)) {
    // Written after hashing, it would show as an added file at every check of the folder.
    throw new AppError('invalid-input', `${output} is inside ${dir}, the folder it describes: write the baseline outside it, or every check would report the baseline itself as an added file`);
  }
  return runJob(ctx, 'integrity.snapshot', `Hashing the files of ${dir}…`, async (job) => {
    const progress = throttled(job);
    const { baseline, skipped } = await snapshotIntegrity(dir, (done) => progress(done.files, null, describeHashing(done, null)), job.signal);
    stopIfCancelled(job, 'integrity snapshot');
    if (output) writeJsonFile(output, baseline, 'the baseline');
    return { baseline, output, skipped };
  });
}

export function integrityCheck(ctx: ServiceContext, input: ParsedInput<'integrity.check'>): Promise<IntegrityReport & WithCheck> {
  requireIncidentIfAny(ctx, input.incidentId);
  const dir = absolutePath(input.dir, 'dir');
  const baselineFile = absolutePath(input.baseline, 'baseline');
  return runJob(ctx, 'integrity.check', `Reading the baseline ${path.basename(baselineFile)}…`, async (job) => {
    const baseline = readIntegrityBaseline(baselineFile);
    const progress = throttled(job);
    const total = baseline.files.length;
    const report = await checkIntegrity(dir, baseline, (done) => progress(Math.min(done.files, total), total, describeHashing(done, total)), job.signal);
    stopIfCancelled(job, 'integrity check');
    const checkId = input.incidentId ? recordSupplyCheck(ctx, input.incidentId, [dir, baselineFile], { kind: 'integrity', result: report }) : null;
    return { ...report, checkId };
  });
}
