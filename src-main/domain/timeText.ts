/*
 * Times as the console writes them, shared by the console (src-renderer/format.ts) and the server's
 * first screen, which browser mode serves on the same machine: the rows the server draws read exactly
 * as the console's that replace them.
 */

/** A stored (UTC) time in the responder's own zone, with the zone named. */
export const localTimeOptions: Intl.DateTimeFormatOptions = {
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
};

/** The same with the year, for a time more than half a year from now (as `ls -l` writes one): a year-old "Dec 02" would read as last week's. */
export const localTimeWithYearOptions: Intl.DateTimeFormatOptions = { ...localTimeOptions, year: 'numeric' };

const halfYearMs = 183 * 86_400_000;

/** Whether a time (epoch ms) is far enough from now that its text must name the year. */
export function timeNeedsYear(time: number, now: number): boolean {
  return Math.abs(now - time) > halfYearMs;
}

/** Countdown text: `12:04` under an hour, `3h 05m` under a day, `2d 4h` beyond. */
export function countdown(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h >= 24) return `${Math.floor(h / 24)}d ${h % 24}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
