// Entry of a job worker thread in the built app (dist/main/jobs/workerLoader.js): the job bundle
// beside it (worker.js), loaded with its code cache. `FIREBREAK_CODE_CACHE=write` (the build) writes
// that cache when the thread ends, so the functions the job ran are in it too.
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { loadWithCodeCache } from './codeCache';

loadWithCodeCache(path.join(__dirname, 'worker.js'), { writeOnExit: process.env.FIREBREAK_CODE_CACHE === 'write', writeTag: `-${threadId}` });
