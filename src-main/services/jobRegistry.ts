import { randomUUID } from 'node:crypto';
import type { OperationName, ParsedInput } from '../contract';
import type { ServiceContext } from './context';

// Long work under way in this process, by job id, so `jobs.cancel` can stop it.
const running = new Map<string, AbortController>();

export interface JobHandle {
  jobId: string;
  signal: AbortSignal;
  /** Pushes `job.progress` to every window watching (done/total in the job's own unit). */
  progress(done: number, total: number | null, message: string): void;
}

/** Runs long work under a job id: progress events while it runs, cancellable with `jobs.cancel`. */
export async function runJob<T>(ctx: ServiceContext, operation: OperationName, firstMessage: string, work: (job: JobHandle) => Promise<T>): Promise<T> {
  const jobId = randomUUID();
  const controller = new AbortController();
  running.set(jobId, controller);
  const progress = (done: number, total: number | null, message: string) => ctx.emit({ type: 'job.progress', jobId, operation, done, total, message });
  progress(0, null, firstMessage);
  try {
    return await work({ jobId, signal: controller.signal, progress });
  } finally {
    running.delete(jobId);
  }
}

export function cancelJob(_ctx: ServiceContext, input: ParsedInput<'jobs.cancel'>): { cancelled: boolean } {
  const controller = running.get(input.jobId);
  controller?.abort();
  return { cancelled: Boolean(controller) };
}
