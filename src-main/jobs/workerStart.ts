import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ToWorker, WorkerStart } from './workerProtocol';

// Jobs stream: what they allocate dies young. Left to itself V8 grows a busy thread's young
// generation to 48 MB of mostly garbage, which showed as peak memory rising with the number of
// files collected; 8 MB measured as fast for collection and scans.
const youngGenerationMb = 8;

/**
 * The bundled worker next to the bundle that runs, through its loader (which reads V8's code cache
 * for it, workerLoader.ts); from source (unit tests) the TypeScript entry through tsx.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  const jobs = path.join(__dirname, '..', 'jobs');
  for (const name of ['workerLoader.js', 'worker.js']) if (fs.existsSync(path.join(jobs, name))) return { file: path.join(jobs, name), execArgv: [] };
  return { file: path.join(__dirname, 'worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
}

const spawn = (start: WorkerStart | null) => {
  const entry = workerEntry();
  return new Worker(entry.file, { workerData: start, execArgv: entry.execArgv, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
};

/** Workers booting with no job yet: started early, they are ready by the time a job comes. */
const idle = new Set<Worker>();

/**
 * Starts workers ahead of the jobs a command will run (a CLI scan knows it will want them before it
 * has loaded what decides their input): a worker's boot (isolate, bundle) overlaps the command's own.
 * An idle worker keeps no process alive, and one that dies idle is dropped.
 */
export function prestartWorkers(count: number): void {
  for (let i = 0; i < count; i += 1) {
    const worker = spawn(null);
    worker.unref();
    const drop = () => idle.delete(worker);
    worker.once('error', drop).once('exit', drop);
    idle.add(worker);
  }
}

/** A worker running `start`: an idle one handed the job, or a new one. */
export function startWorker(start: WorkerStart): Worker {
  const [worker] = idle;
  if (!worker) return spawn(start);
  idle.delete(worker);
  worker.removeAllListeners('error').removeAllListeners('exit');
  worker.ref();
  worker.postMessage({ type: 'start', start } satisfies ToWorker);
  return worker;
}

/** Stops the workers started ahead that no job took (a command that turned out not to want them). */
export function stopIdleWorkers(): void {
  for (const worker of idle) void worker.terminate();
  idle.clear();
}
