import type { LogAggregateKind, LogCategory, LogSeverity } from '../../../src-main/contract';

/** How a responder reads each category; the order is the chart's stacking order (attacks first). */
export const categoryLabels: Record<LogCategory, string> = {
  sqli: 'SQL injection',
  'path-traversal': 'path traversal',
  xss: 'XSS',
  'command-injection': 'command injection',
  ssrf: 'SSRF probe',
  scanner: 'scanner',
  'sensitive-file': 'sensitive file',
  'auth-failure': 'auth failure',
  'rate-limit': 'rate limited',
  'error-spike': 'server error',
};
export const categoryOrder = Object.keys(categoryLabels) as LogCategory[];

export const aggregateLabels: Record<LogAggregateKind, string> = { 'brute-force': 'Brute force', 'rate-limit': 'Rate-limit storm', 'error-spike': 'Error spike', scanning: 'Scanning' };

export const severityRank: Record<LogSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** `2026-11-23 14:15:02 UTC`: log times are compared with other logs, so they stay in UTC. */
export function utcTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '—';
}

/** `2026-11-23 14:15:02`, under a heading that says UTC. */
export function utcStamp(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '—';
}

/** `14:15` (UTC), for chart ticks. */
export function utcClock(iso: string): string {
  return iso.slice(11, 16);
}

/** How long a span lasted, in words a glance reads: `45 s`, `1 min 39 s`, `21 min`, `3 h 5 min`. */
export function spanLength(from: string, to: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  // A burst's length to the second: 1 min 39 s and 2 min tell different stories.
  if (seconds < 600) return seconds % 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds / 60} min`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** How long a scan took; a duration no date can hold (a forged one) reads as unknown rather than breaking the page. */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0 || ms > maxDateMs) return 'unknown';
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : spanLength(new Date(0).toISOString(), new Date(ms).toISOString());
}

// The latest instant a JavaScript date holds (its toISOString throws past it).
const maxDateMs = 8.64e15;

/**
 * A log line's control characters (ESC, NUL, CR…) written as `\x1b`, the way web servers log them: a log
 * excerpt is attacker text, and a raw escape must neither vanish nor act. Bidi controls are UserText's.
 */
export function visibleControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? word : many}`;
}
