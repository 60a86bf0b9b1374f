import type { LiveCollectorRun, LiveCollectorInfo } from '../../../src-main/contract';
import { byteSize } from '../../format';

/** An argument as a responder would type it: bare when it is safe, else in single quotes. */
function quoted(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./{}-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command as one line to read (never run through a shell: the collector runs argv as is).
 * `{paths}` shows the paths typed, one argument each; `{namespace}` the namespace when there is
 * one, `default` when none is typed (as the engine does); with several, the collector runs once
 * per namespace and the placeholder stays.
 */
export function commandLine(argv: readonly string[], values: { paths?: string[]; namespaces?: string[] } = {}): string {
  return argv
    .flatMap((arg) => {
      if (arg === '{paths}' && values.paths?.length) return values.paths.map(quoted);
      if (arg === '{namespace}' && values.namespaces && values.namespaces.length <= 1) return [quoted(values.namespaces[0] ?? 'default')];
      // A placeholder is shown as such, never quoted: it is not what runs.
      return [arg === '{paths}' || arg === '{namespace}' ? arg : quoted(arg)];
    })
    .join(' ');
}

/** Seconds the way a responder says them: 500 ms, 30 s, 2 min. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6_000) / 10} min`;
}

/** What went wrong with one collector, in words; null when it ran and exited 0. */
export function problemWords(row: Pick<LiveCollectorRun, 'argv' | 'exitCode' | 'problem' | 'problemText'> & Partial<Pick<LiveCollectorRun, 'truncated' | 'bytes'>>, collector?: Pick<LiveCollectorInfo, 'timeoutMs'>): string | null {
  const program = row.argv[0] ?? 'the program';
  switch (row.problem) {
    case 'timed-out':
      return `timed out${collector ? ` after ${duration(collector.timeoutMs)}` : ''}${row.bytes ? `; the ${byteSize(row.bytes)} it wrote until then are archived` : ''}`;
    case 'missing-program':
      return `${program} is not installed here`;
    case 'needs-root':
      return 'needs root: not run (start Firebreak as root to include it)';
    case 'cancelled':
      return 'cancelled before it finished';
    case 'failed':
      // The engine's words already say how it ended and the first line it wrote to stderr.
      return row.problemText ?? (row.exitCode === null ? 'failed: it did not start' : `exited with code ${row.exitCode}`);
    default:
      if (row.exitCode !== null && row.exitCode !== 0) return `exited with code ${row.exitCode}`;
      return row.truncated ? 'output cut at the size cap; the rest was not archived' : null;
  }
}

/** What to know about a collector that ran cleanly: secrets taken out of its output. */
export function cleanWords(row: Pick<LiveCollectorRun, 'redactions'>): string {
  return row.redactions ? `ok · ${row.redactions} secret${row.redactions === 1 ? '' : 's'} redacted` : 'ok';
}

/**
 * The collectors running now, from the progress line ("3 of 15 commands done · running ps, ss"):
 * the progress event carries counts and words only, so the list marks them from the words.
 */
export function runningFrom(message: string | undefined): Set<string> {
  const named = message ? /· running (.+)$/.exec(message)?.[1] : undefined;
  return new Set(named ? named.split(', ').map((id) => collectorIdOf(id.trim())) : []);
}

/** The collector a run belongs to: a per-namespace run is `<id>:<namespace>`. */
export function collectorIdOf(runId: string): string {
  return runId.split(':')[0]!;
}

/** Lines of a textarea as a list: one per line (commas also split namespaces), blanks dropped. */
export function listFrom(text: string, splitCommas = false): string[] {
  return text
    .split(splitCommas ? /[\n,]/ : '\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
