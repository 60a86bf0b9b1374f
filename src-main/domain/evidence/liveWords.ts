import type { LiveCollectorRun, LiveManifestSection } from '../../contract';

const problemWords: Record<NonNullable<LiveCollectorRun['problem']>, string> = {
  'timed-out': 'timed out',
  'missing-program': 'program missing',
  'needs-root': 'needs root',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** One collector's outcome in a few words: "ok, 12.3 kB", "timed out", "program missing". */
export function describeLiveRun(run: LiveCollectorRun): string {
  if (run.problem) return problemWords[run.problem];
  return run.truncated ? `ok (cut at the cap), ${run.bytes} bytes` : `ok, ${run.bytes} bytes`;
}

/**
 * The custody entry (and timeline line) of a live collection: which profile, how many commands
 * ran cleanly, and each one that did not, by name, so the record says what may be missing.
 */
export function liveCustodyDetail(live: LiveManifestSection, host: string): string {
  const clean = live.collectors.filter((run) => !run.problem).length;
  const problems = live.collectors.filter((run) => run.problem);
  const listed = problems.slice(0, 20).map((run) => `${run.id} (${problemWords[run.problem!]})`);
  const more = problems.length > listed.length ? ` and ${problems.length - listed.length} more` : '';
  const without = problems.length ? `; problems: ${listed.join(', ')}${more}` : '';
  return `live response, ${live.profile} profile: ${clean} of ${live.collectors.length} commands ran cleanly on ${host}${without}`;
}
