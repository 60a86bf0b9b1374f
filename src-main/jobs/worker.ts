// Entry point of the job worker thread: runs one job (given at its start, or in a `start` message to
// a worker started ahead of its job), streams progress, answers `cancel`.
import { parentPort, workerData } from 'node:worker_threads';
import { jobFailure, runJob } from './jobRunners';
import type { FromWorker, ToWorker, WorkerJobName, WorkerRequestName, WorkerRequests, WorkerStart } from './workerProtocol';

if (!parentPort) throw new Error('jobs/worker.ts runs only as a worker thread');
const port = parentPort;
const send = (message: FromWorker) => port.postMessage(message);

const controller = new AbortController();
const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextRequest = 1;

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') return run(message.start);
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

function run(start: WorkerStart): void {
  runJob(start.job as WorkerJobName, start.input as never, { signal: controller.signal, progress: (progress) => send({ type: 'progress', progress }), ask })
    .then((result) => send({ type: 'done', result }))
    .catch((error: unknown) => send({ type: 'failed', ...jobFailure(start.job, error) }))
    .finally(() => port.close());
}

if (workerData) run(workerData as WorkerStart);
