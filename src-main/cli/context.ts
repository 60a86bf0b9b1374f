import type { Envelope, OperationName } from '../contract';
import { fail } from '../contract/envelope';
import type { ServiceContext } from '../services/context';
import { resolveDataDir } from '../store/dataDir';
import { endProgress, progressLine, type JobProgress } from './progress';
import { printRedactions } from './redactionNotice';

/**
 * What commands run with: the contract's schemas, every service, the database driver. They are most of a
 * short command's start, and `--version`, `--help` or a usage error needs none of them: main loads them
 * before a command's action runs (commander's preAction hook). The domain modules some commands format
 * with are in the same graph, so they come at no extra cost.
 */
async function importCommandModules() {
  const [dispatch, services, contract, drillClock, liveProfile, playbooks, hubConnection] = await Promise.all([
    import('../services/dispatch'),
    import('../services/context'),
    import('../contract'),
    import('../domain/drills/drillClock'),
    import('../domain/evidence/liveProfile'),
    import('../services/playbooks/playbooks'),
    import('../services/hub/hubConnection'),
  ]);
  return { dispatch, services, contract, drillClock, liveProfile, playbooks, hubConnection };
}

let loaded: Awaited<ReturnType<typeof importCommandModules>> | undefined;

export async function loadCommandModules(): Promise<void> {
  loaded ??= await importCommandModules();
}

/** The modules loaded for the running command; an action that runs without them is a bug, said plainly. */
export function commandModules(): NonNullable<typeof loaded> {
  if (!loaded) throw new Error('a command ran before loadCommandModules()');
  return loaded;
}

/** Maps a thrown error to the envelope, as every transport does. */
export function errorEnvelope(error: unknown): Envelope<never> {
  return commandModules().dispatch.errorEnvelope(error);
}

/** Removes secrets from a message the CLI prints (errors may echo argv). */
export function redactMessage(text: string): string {
  return commandModules().dispatch.redactMessage(text);
}

let shared: ServiceContext | undefined;
const progressListeners = new Set<(event: JobProgress) => void>();

/** The CLI's one service context (database opened on first use); job progress goes to whoever waits on the job. */
export function context(): ServiceContext {
  shared ??= commandModules().services.createServiceContext({
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
    const envelope = commandModules().dispatch.dispatch(context(), name, input) as Envelope<T>;
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
    if (jobId) commandModules().dispatch.dispatch(context(), 'jobs.cancel', { jobId });
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
    const envelope = (await commandModules().dispatch.dispatchAsync(context(), name, input)) as Envelope<T>;
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
  if (shared) commandModules().services.closeServiceContext(shared);
  shared = undefined;
}

export function invalid(message: string): Envelope<never> {
  return fail('invalid-input', message);
}
