// Entry of a job worker thread in the built app (dist/main/jobs/workerLoader.js): the job bundle
// beside it (worker.js), loaded with its code cache. `FIREBREAK_CODE_CACHE=write` (the build) writes
// that cache when the thread ends, so the functions the job ran are in it too.
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { loadWithCodeCache } from './codeCache';

const bundle = loadWithCodeCache(path.join(__dirname, 'worker.js'), `-${threadId}`);
if (process.env.FIREBREAK_CODE_CACHE === 'write') process.once('exit', () => bundle.writeCache());
