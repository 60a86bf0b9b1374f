import { inspect } from 'node:util';
import { AppError, type ErrorCode } from '../contract/envelope';
import { describeFileError } from '../domain/fileErrors';
import type * as EvidenceCollector from './evidence/evidenceCollector';
import type * as IntegrityHash from './supply/integrityHash';
import type * as LogScanJob from './logs/logScanJob';
import type * as SecretHistoryScan from './secrets/secretHistoryScan';
import type * as SecretTreeScan from './secrets/secretTreeScan';
import type { WorkerJobName, WorkerJobs, WorkerRequestName, WorkerRequests } from './workerProtocol';

/** What a running job gets from whoever runs it: a worker thread, or the calling thread for a tiny job. */
export interface JobRuntime<N extends WorkerJobName> {
  signal: AbortSignal;
  progress: (value: WorkerJobs[N]['progress']) => void;
  ask: <R extends WorkerRequestName>(name: R, input: WorkerRequests[R]['input']) => Promise<WorkerRequests[R]['output']>;
}

type Runner<N extends WorkerJobName> = (input: WorkerJobs[N]['input'], runtime: JobRuntime<N>) => Promise<WorkerJobs[N]['result']>;

/**
 * A job's module, loaded when the job first runs: in the bundle a require (or import()) of a bundled
 * module is its lazy initialisation, so a secret scan's worker, and the CLI that imports this file
 * for its inline jobs, never initialise evidence, gzip, log or live-response code. From source, a
 * worker runs through tsx's require hook (an import() would bypass it), and vitest's module runner
 * cannot require TypeScript: there the import() serves.
 */
async function lazy<T>(required: () => T, imported: () => Promise<T>): Promise<T> {
  try {
    return required();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    return imported();
  }
}

/* eslint-disable @typescript-eslint/no-require-imports -- lazy requires, see lazy() */
const load = {
  evidence: () => lazy(() => require('./evidence/evidenceCollector') as typeof EvidenceCollector, () => import('./evidence/evidenceCollector')),
  tree: () => lazy(() => require('./secrets/secretTreeScan') as typeof SecretTreeScan, () => import('./secrets/secretTreeScan')),
  history: () => lazy(() => require('./secrets/secretHistoryScan') as typeof SecretHistoryScan, () => import('./secrets/secretHistoryScan')),
  logs: () => lazy(() => require('./logs/logScanJob') as typeof LogScanJob, () => import('./logs/logScanJob')),
  integrity: () => lazy(() => require('./supply/integrityHash') as typeof IntegrityHash, () => import('./supply/integrityHash')),
};
/* eslint-enable @typescript-eslint/no-require-imports */

const runners: { [N in WorkerJobName]: Runner<N> } = {
  'evidence.collect': async (input, { signal, progress, ask }) =>
    (await load.evidence()).collectEvidence({
      ...input,
      clock: () => new Date(),
      sign: (digest) => ask('sign', digest),
      signArchive: (archiveSha256, manifestDigest) => ask('signArchive', { archiveSha256, manifestDigest }),
      signal,
      onProgress: progress,
    }),
  // Secret values stay in this thread: only redacted previews and fingerprints are handed back.
  'secrets.tree': async (input, { signal, progress }) => (await load.tree()).scanTree(input, signal, progress),
  'secrets.history': async (input, { signal, progress }) => (await load.history()).scanHistory(input, signal, progress),
  // Log lines stay in this thread too: only redacted excerpts of flagged lines and counts go back.
  'logs.scan': async (input, { signal, progress }) => (await load.logs()).scanLogRange(input, signal, progress),
  'logs.scanFiles': async (input, { signal, progress }) => (await load.logs()).scanLogFiles(input, signal, progress),
  'integrity.hash': async (input, { signal, progress }) => (await load.integrity()).hashTree(input, signal, progress),
};

// Async: a failure to load the job's code rejects like any failure of the job.
export async function runJob<N extends WorkerJobName>(job: N, input: WorkerJobs[N]['input'], runtime: JobRuntime<N>): Promise<WorkerJobs[N]['result']> {
  return (runners[job] as Runner<WorkerJobName>)(input as never, runtime as JobRuntime<WorkerJobName>);
}

/**
 * How a job's failure reaches the responder: its own code and message, a file error named, anything
 * else as internal, with its details in `log` for the main thread to write through its redacting
 * log (a worker has no secret rules to redact with).
 */
export function jobFailure(job: WorkerJobName, error: unknown): { code: ErrorCode; message: string; log?: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  const file = describeFileError(error);
  if (file) return file;
  // Anything else is a defect: its details go to the log, not to the responder's screen.
  return { code: 'internal', message: `${job} failed with an internal error; the details are in the console log`, log: `firebreak: ${job} failed ${inspect(error)}` };
}
