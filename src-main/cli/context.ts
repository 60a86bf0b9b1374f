import { fail, type Envelope, type OperationName } from '../contract';
import { closeServiceContext, createServiceContext, type ServiceContext } from '../services/context';
import { dispatch, dispatchAsync, errorEnvelope } from '../services/dispatch';
import { resolveDataDir } from '../store/dataDir';
import { endProgress, progressLine, type JobProgress } from './progress';
import { printRedactions } from './redactionNotice';

let shared: ServiceContext | undefined;
const progressListeners = new Set<(event: JobProgress) => void>();

/** The CLI's one service context (database opened on first use); job progress goes to whoever waits on the job. */
export function context(): ServiceContext {
  shared ??= createServiceContext({
    dataDir: resolveDataDir(),
    transport: 'cli',
    emit: (event) => {
      if (event.type === 'job.progress') for (const listener of progressListeners) listener(event);
    },
  });
  return shared;
}

/** Runs one operation the way every transport does: validated by the contract, wrapped in the envelope. */
export function call<T>(name: OperationName, input: unknown): Envelope<T> {
  try {
    const envelope = dispatch(context(), name, input) as Envelope<T>;
    printRedactions(name, envelope);
    return envelope;
  } catch (error) {
    return errorEnvelope(error);
  }
}

/**
 * A long operation (collect, verify, scan, quarantine) through the same dispatch. Its job's
 * progress is drawn on stderr; once it has a job id, Ctrl-C cancels it through `jobs.cancel`
 * (as the console's Cancel does) and the operation ends with its `cancelled` envelope. Work
 * without a job keeps Ctrl-C's default: the process stops.
 */
export async function callLong<T>(name: OperationName, input: unknown): Promise<Envelope<T>> {
  let jobId: string | undefined;
  const cancel = () => {
    if (jobId) dispatch(context(), 'jobs.cancel', { jobId });
  };
  const listen = (event: JobProgress) => {
    if (event.operation !== name) return;
    if (!jobId) {
      jobId = event.jobId;
      process.once('SIGINT', cancel);
    }
    progressLine(event);
  };
  progressListeners.add(listen);
  try {
    const envelope = (await dispatchAsync(context(), name, input)) as Envelope<T>;
    endProgress();
    printRedactions(name, envelope);
    return envelope;
  } catch (error) {
    return errorEnvelope(error);
  } finally {
    endProgress();
    progressListeners.delete(listen);
    process.removeListener('SIGINT', cancel);
  }
}

export function closeContext(): void {
  if (shared) closeServiceContext(shared);
  shared = undefined;
}

export function invalid(message: string): Envelope<never> {
  return fail('invalid-input', message);
}
