import fs from 'node:fs';
import os from 'node:os';
import { AppError, type ErrorCode } from '../contract/envelope';
import type { SecretRuleAnalysis } from '../domain/scans/secretRuleAnalysis';
import type { SecretRules } from '../domain/scans/secretRules';
import { ruleAnalysis } from '../domain/scans/secretRuleSet';
import { jobFailure, runJob } from './jobRunners';
import { startWorker } from './workerStart';
import type { FromWorker, ToWorker, WorkerJobName, WorkerJobs, WorkerRequestName, WorkerRequests, WorkerStart } from './workerProtocol';

export interface WorkerJobOptions<N extends WorkerJobName> {
  signal?: AbortSignal;
  onProgress?: (progress: WorkerJobs[N]['progress']) => void;
  /** Removes what a job leaves behind when its worker is stopped or dies before it can clean up. */
  cleanUp?: () => void;
  /** Answers the job's requests on this thread (signing keys never enter the worker). */
  answer: { [R in WorkerRequestName]?: (input: WorkerRequests[R]['input']) => WorkerRequests[R]['output'] | Promise<WorkerRequests[R]['output']> };
  /**
   * The job's result is no longer wanted (it has nothing to clean up): its worker is stopped at once,
   * without the grace a cancel gets, and the job fails as cancelled. A job run on the calling thread
   * ignores it.
   */
  abandon?: AbortSignal;
  /**
   * The caller's own share of a parallel job (one of its lanes): run on this thread where a process
   * allows it (the one-shot CLI), which spares a worker's start and the copy of its result.
   */
  callersShare?: boolean;
}

/**
 * Where a job's internal failure is written in full. The details may quote a secret, so only a
 * redacting log may have them: the services hand theirs over (services/context.ts). Until then, and
 * in a process without them (a plain `scan secrets`, which leaves a failed scan to the whole CLI),
 * the details are not written.
 */
let failureLog: ((line: string) => void) | null = null;

export function logJobFailuresTo(log: ((line: string) => void) | null): void {
  failureLog = log;
}

const logFailure = (line: string) => failureLog?.(line);

// A job that ignores its cancel (stuck in a system call) is stopped outright after this long.
const cancelGraceMs = 2_000;


// By rules object (the rules file's cache keeps one per version of the file): read once here, not in every worker.
const analyses = new WeakMap<SecretRules, SecretRuleAnalysis>();

function withAnalysis(rules: SecretRules): SecretRules {
  let analysis = analyses.get(rules);
  if (!analysis) analyses.set(rules, (analysis = ruleAnalysis(rules)));
  return { ...rules, analysis };
}

/** A job's input with its secret rules' analysis made once on this thread, for each worker to skip it. */
function handedOver<N extends WorkerJobName>(job: N, input: WorkerJobs[N]['input']): WorkerJobs[N]['input'] {
  if (job === 'secrets.tree' || job === 'secrets.history') return { ...input, rules: withAnalysis((input as WorkerJobs['secrets.tree']['input']).rules) };
  if (job === 'logs.scan' || job === 'logs.scanFiles') return { ...input, secretRules: withAnalysis((input as WorkerJobs['logs.scan']['input']).secretRules) };
  return input;
}

// Starting a worker (a fresh V8 isolate and Node bootstrap, then its bundle) costs about 50 ms: as
// much as collecting a few megabytes. Below this, a job may run on the calling thread instead.
export const inlineJobBytes = 8 * 1024 * 1024;
let inlineSmallJobs = false;

/**
 * A process with nothing else to keep responsive (the one-shot CLI: no window, no server, one
 * command) lets tiny jobs skip the worker. The console and the server never do: there every job
 * stays off the event loop that answers the responder.
 */
export function runSmallJobsInline(enabled: boolean): void {
  inlineSmallJobs = enabled;
}

/** Whether the caller's lane of a scan runs on its own thread (the one-shot CLI), not in a worker. */
export const callersShareRunsHere = (): boolean => inlineSmallJobs;

/** Tiny enough to run here: a collection of regular files (no folder to walk) of at most inlineJobBytes in all; a log scan on one core; the caller's share of a scan. */
export function runsInline<N extends WorkerJobName>(job: N, input: WorkerJobs[N]['input'], callersShare = false): boolean {
  if (!inlineSmallJobs) return false;
  // With one core a log scan runs its ranges one after another anyway: a worker would only add its
  // start and a second warm-up of the same code.
  if (job === 'logs.scan' || job === 'logs.scanFiles') return callersShare || os.availableParallelism() === 1;
  // The caller's lane of a secret scan runs here while the other lanes' workers start.
  if (job === 'secrets.tree') return callersShare;
  if (job !== 'evidence.collect') return false;
  let bytes = 0;
  for (const root of (input as WorkerJobs['evidence.collect']['input']).roots) {
    const stats = fs.lstatSync(root, { throwIfNoEntry: false });
    if (!stats?.isFile()) return false;
    bytes += stats.size;
  }
  return bytes <= inlineJobBytes;
}

/** The same job on this thread: same runner, same cancellation, same errors as in a worker. */
async function runHere<N extends WorkerJobName>(job: N, input: WorkerJobs[N]['input'], options: WorkerJobOptions<N>): Promise<WorkerJobs[N]['result']> {
  const ask = async <R extends WorkerRequestName>(name: R, request: WorkerRequests[R]['input']): Promise<WorkerRequests[R]['output']> => {
    const handler = options.answer[name];
    if (!handler) throw new Error(`no answer for ${name}`);
    return handler(request);
  };
  const controller = new AbortController();
  const cancel = () => controller.abort();
  if (options.signal?.aborted) cancel();
  else options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    // Input and progress are copied as they would be across the thread boundary: the job owns what it gets.
    return await runJob(job, structuredClone(input), { signal: controller.signal, progress: (progress) => options.onProgress?.(progress), ask });
  } catch (error) {
    const failure = jobFailure(job, error);
    if (failure.log) logFailure(failure.log);
    throw new AppError(failure.code, failure.message);
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
}

/** Runs a long job in a worker thread so the console's event loop (IPC, HTTP, timers) stays responsive. */
export function runInWorker<N extends WorkerJobName>(job: N, input: WorkerJobs[N]['input'], options: WorkerJobOptions<N>): Promise<WorkerJobs[N]['result']> {
  if (runsInline(job, input, options.callersShare)) return runHere(job, handedOver(job, input), options);
  return new Promise((resolve, reject) => {
    const start: WorkerStart = { job, input: handedOver(job, input) };
    const worker = startWorker(start);
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const settle = (outcome: () => void, abandoned = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', cancel);
      options.abandon?.removeEventListener('abort', letGo);
      if (abandoned) options.cleanUp?.();
      outcome();
    };
    const post = (message: ToWorker) => worker.postMessage(message);
    function cancel() {
      post({ type: 'cancel' });
      killTimer = setTimeout(() => {
        void worker.terminate();
        settle(() => reject(new AppError('cancelled', `${job} was cancelled (the worker was stopped)`)), true);
      }, cancelGraceMs);
    }
    function letGo() {
      worker.unref();
      void worker.terminate();
      settle(() => reject(new AppError('cancelled', `${job} was no longer wanted`)), true);
    }
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener('abort', cancel, { once: true });
    if (options.abandon?.aborted) letGo();
    else options.abandon?.addEventListener('abort', letGo, { once: true });

    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'progress':
          options.onProgress?.(message.progress as WorkerJobs[N]['progress']);
          return;
        case 'request': {
          const handler = options.answer[message.name] as ((input: unknown) => unknown) | undefined;
          Promise.resolve()
            .then(() => {
              if (!handler) throw new Error(`no answer for ${message.name}`);
              return handler(message.input);
            })
            .then(
              (value) => post({ type: 'reply', id: message.id, ok: true, value }),
              (error: Error) => post({ type: 'reply', id: message.id, ok: false, message: error.message }),
            );
          return;
        }
        case 'done':
          // The job is over: a one-shot command need not wait for the thread's own shutdown to exit.
          worker.unref();
          settle(() => resolve(message.result as WorkerJobs[N]['result']));
          return;
        case 'failed':
          if (message.log) logFailure(message.log);
          settle(() => reject(new AppError(message.code as ErrorCode, message.message)));
          return;
      }
    });
    worker.on('error', (error) => settle(() => reject(new AppError('internal', `${job} failed in its worker: ${error.message}`)), true));
    worker.on('exit', (code) => settle(() => reject(new AppError('internal', `${job} worker exited (code ${code}) before finishing`)), true));
  });
}
