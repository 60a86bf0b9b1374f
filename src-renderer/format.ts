import type { Impact } from '../src-main/contract';
import { countdown, localTimeOptions, localTimeWithYearOptions, timeNeedsYear } from '../src-main/domain/timeText';

export { countdown };

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const timeFormat = new Intl.DateTimeFormat(undefined, localTimeOptions);
let timeWithYearFormat: Intl.DateTimeFormat | undefined;

/** Stored times are UTC; responders read them in their own zone, with the zone named, and the year when it is far from now. */
export function localTime(iso: string, now = Date.now()): string {
  const time = new Date(iso);
  if (!timeNeedsYear(time.getTime(), now)) return timeFormat.format(time);
  return (timeWithYearFormat ??= new Intl.DateTimeFormat(undefined, localTimeWithYearOptions)).format(time);
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });

/** A time later today, as a reminder reads: `14:35 UTC` (the responder's zone, named). */
export function clockTime(iso: string): string {
  return clockFormat.format(new Date(iso));
}

/** How far a time is from now: `in 30 min`, `in 1 h 05 min`, `12 min ago`, `now`. */
export function fromNow(iso: string, now: Date): string {
  const minutes = Math.round((Date.parse(iso) - now.getTime()) / 60_000);
  if (minutes === 0) return 'now';
  const size = Math.abs(minutes);
  const span = size < 60 ? `${size} min` : `${Math.floor(size / 60)} h${size % 60 ? ` ${String(size % 60).padStart(2, '0')} min` : ''}`;
  return minutes > 0 ? `in ${span}` : `${span} ago`;
}

export function zoneName(): string {
  return zone;
}

export function responseWindow(minutes: number): string {
  if (minutes >= 2880 && minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

export function impactLetters(impact: Impact): string[] {
  return [impact.confidentiality && 'C', impact.integrity && 'I', impact.availability && 'A'].filter((letter): letter is string => Boolean(letter));
}

/** Sizes as a responder reads them: 512 B, 3.4 KB, 120.5 MB, 4.0 GB. */
export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Time since the incident was declared, as responders call it out: `T+0 min`, `T+12 min`,
 * `T+1 h 05 min`, `T+2 d 3 h`. Whole minutes, rounded down (T+1 min means a full minute has
 * passed). An entry dated before the declaration (a clock skewed on another laptop) reads `T−4 min`.
 */
export function sinceDeclared(iso: string, declaredAt: string): string {
  const elapsed = Math.trunc((Date.parse(iso) - Date.parse(declaredAt)) / 60_000);
  const minutes = Math.abs(elapsed);
  const sign = elapsed < 0 ? '−' : '+';
  if (minutes < 60) return `T${sign}${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `T${sign}${hours} h${minutes % 60 ? ` ${String(minutes % 60).padStart(2, '0')} min` : ''}`;
  return `T${sign}${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}
