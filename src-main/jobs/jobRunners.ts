import { inspect } from 'node:util';
import { AppError, type ErrorCode } from '../contract/envelope';
import { describeFileError } from '../domain/fileErrors';
import { collectEvidence } from './evidenceCollector';
import { hashTree } from './integrityHash';
import { scanLogFiles, scanLogRange } from './logs/logScanJob';
import { scanHistory } from './secretHistoryScan';
import { scanTree } from './secretTreeScan';
import type { WorkerJobName, WorkerJobs, WorkerRequestName, WorkerRequests } from './workerProtocol';

/** What a running job gets from whoever runs it: a worker thread, or the calling thread for a tiny job. */
export interface JobRuntime<N extends WorkerJobName> {
  signal: AbortSignal;
  progress: (value: WorkerJobs[N]['progress']) => void;
  ask: <R extends WorkerRequestName>(name: R, input: WorkerRequests[R]['input']) => Promise<WorkerRequests[R]['output']>;
}

type Runner<N extends WorkerJobName> = (input: WorkerJobs[N]['input'], runtime: JobRuntime<N>) => Promise<WorkerJobs[N]['result']>;

const runners: { [N in WorkerJobName]: Runner<N> } = {
  'evidence.collect': (input, { signal, progress, ask }) =>
    collectEvidence({
      ...input,
      clock: () => new Date(),
      sign: (digest) => ask('sign', digest),
      signArchive: (archiveSha256, manifestDigest) => ask('signArchive', { archiveSha256, manifestDigest }),
      signal,
      onProgress: progress,
    }),
  // Secret values stay in this thread: only redacted previews and fingerprints are handed back.
  'secrets.tree': (input, { signal, progress }) => scanTree(input, signal, progress),
  'secrets.history': (input, { signal, progress }) => scanHistory(input, signal, progress),
  // Log lines stay in this thread too: only redacted excerpts of flagged lines and counts go back.
  'logs.scan': (input, { signal, progress }) => scanLogRange(input, signal, progress),
  'logs.scanFiles': (input, { signal, progress }) => scanLogFiles(input, signal, progress),
  'integrity.hash': (input, { signal, progress }) => hashTree(input, signal, progress),
};

export function runJob<N extends WorkerJobName>(job: N, input: WorkerJobs[N]['input'], runtime: JobRuntime<N>): Promise<WorkerJobs[N]['result']> {
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
