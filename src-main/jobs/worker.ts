// Entry point of the job worker thread: runs one job, streams progress, answers `cancel`.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../contract/envelope';
import { describeFileError } from '../domain/fileErrors';
import { collectEvidence } from './evidenceCollector';
import { scanHistory } from './secretHistoryScan';
import { scanTree } from './secretTreeScan';
import type { FromWorker, ToWorker, WorkerJobName, WorkerJobs, WorkerRequestName, WorkerRequests, WorkerStart } from './workerProtocol';

if (!parentPort) throw new Error('jobs/worker.ts runs only as a worker thread');
const port = parentPort;
const send = (message: FromWorker) => port.postMessage(message);

const controller = new AbortController();
const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextRequest = 1;

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') return controller.abort();
  const pending = waiting.get(message.id);
  waiting.delete(message.id);
  if (message.ok) pending?.resolve(message.value);
  else pending?.reject(new Error(message.message));
});

function ask<N extends WorkerRequestName>(name: N, input: WorkerRequests[N]['input']): Promise<WorkerRequests[N]['output']> {
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
    send({ type: 'request', id, name, input });
  });
}

type Runner<N extends WorkerJobName> = (input: WorkerJobs[N]['input'], progress: (value: WorkerJobs[N]['progress']) => void) => Promise<WorkerJobs[N]['result']>;
const runners: { [N in WorkerJobName]: Runner<N> } = {
  'evidence.collect': (input, progress) =>
    collectEvidence({ ...input, clock: () => new Date(), sign: (digest) => ask('sign', digest), signArchive: (archiveSha256, manifestDigest) => ask('signArchive', { archiveSha256, manifestDigest }), signal: controller.signal, onProgress: progress }),
  // Secret values stay in this thread: only redacted previews and fingerprints are posted back.
  'secrets.tree': (input, progress) => scanTree(input, controller.signal, progress),
  'secrets.history': (input, progress) => scanHistory(input, controller.signal, progress),
};

const start = workerData as WorkerStart;
(runners[start.job] as Runner<WorkerJobName>)(start.input as never, (progress) => send({ type: 'progress', progress }))
  .then((result) => send({ type: 'done', result }))
  .catch((error: unknown) => {
    if (error instanceof AppError) return send({ type: 'failed', code: error.code, message: error.message });
    const file = describeFileError(error);
    if (file) return send({ type: 'failed', ...file });
    // Anything else is a defect: its details go to the log, not to the responder's screen.
    console.error(`firebreak: ${start.job} failed`, error);
    send({ type: 'failed', code: 'internal', message: `${start.job} failed with an internal error; the details are in the console log` });
  })
  .finally(() => port.close());
