/**
 * Where a browser-mode start spends its time, for `npm run bench -- startup`: with
 * FIREBREAK_STARTUP_TIMINGS=1 the server writes one line to stderr once it answered its first
 * incident list, `firebreak: start-up timings {"timeOrigin":…,"modulesLoaded":…}` (epoch ms at which the
 * process started, then milliseconds since). Off by default: nothing is measured or written.
 */
const enabled = process.env.FIREBREAK_STARTUP_TIMINGS === '1';
const marks: Record<string, number> = {};
let reported = false;

/** Records `phase` at the current time (the first time only), measured from the process's start. */
export function markStartup(phase: string): void {
  if (enabled && !reported && marks[phase] === undefined) marks[phase] = Math.round(performance.now());
}

/** Writes the marks collected so far, once. */
export function reportStartup(): void {
  if (!enabled || reported) return;
  reported = true;
  process.stderr.write(`firebreak: start-up timings ${JSON.stringify({ timeOrigin: performance.timeOrigin, ...marks })}\n`);
}
