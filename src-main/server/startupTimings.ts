/**
 * Where a browser-mode start spends its time, for `npm run bench -- startup`: with
 * FIREBREAK_STARTUP_TIMINGS=1 the server writes one line to stderr once it answered its first
 * incident list, `firebreak: start-up timings {"timeOrigin":…,"modulesLoaded":…}` (epoch ms at which the
 * process started, then milliseconds since). Off by default: nothing is measured or written.
 */
const enabled = process.env.FIREBREAK_STARTUP_TIMINGS === '1';
// One record per process: `serve`'s start-up bundle and the console's bundle each hold a copy of this module.
const shared = ((process as unknown as Record<symbol, { marks: Record<string, number>; reported: boolean }>)[Symbol.for('firebreak.startupTimings')] ??= { marks: {}, reported: false });
const marks = shared.marks;

/** Records `phase` at the current time (the first time only), measured from the process's start. */
export function markStartup(phase: string): void {
  if (enabled && !shared.reported && marks[phase] === undefined) marks[phase] = Math.round(performance.now());
}

/** Writes the marks collected so far, once. */
export function reportStartup(): void {
  if (!enabled || shared.reported) return;
  shared.reported = true;
  process.stderr.write(`firebreak: start-up timings ${JSON.stringify({ timeOrigin: performance.timeOrigin, ...marks })}\n`);
}
