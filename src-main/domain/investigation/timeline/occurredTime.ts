/**
 * When something happened, as a responder or a file gives it: an ISO 8601 date-time with its offset.
 * Kept as UTC plus the offset as given, so the entry can be shown in the zone it was written in.
 */
export type OccurredTime = { ok: true; utc: string; offset: string } | { ok: false; reason: string };

const shape = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)$/;
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `+0200` → `+02:00`, `+02` → `+02:00`, `z` → `Z`. */
export function normaliseOffset(offset: string): string {
  if (/^z$/i.test(offset)) return 'Z';
  const digits = offset.slice(1).replace(':', '');
  return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

/** Parses `2026-11-30T09:15:00+02:00` (also `+0200`, `Z`); a precise reason when it is not a real moment. */
export function parseOccurredTime(value: string): OccurredTime {
  const trimmed = value.trim();
  const match = shape.exec(trimmed);
  if (!match) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed)) return { ok: false, reason: `${JSON.stringify(cut(trimmed))} has no offset: add one, like +02:00 or Z, so the moment is not a guess` };
    return { ok: false, reason: `${JSON.stringify(cut(trimmed))} is not an ISO 8601 date-time with its offset, like 2026-11-30T09:15:00+02:00` };
  }
  const [, y, mo, d, h, mi, s = '00', fraction = '', rawOffset] = match as unknown as string[];
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  // Date.UTC reads years 0–99 as 1900–1999, and nothing an incident records happened before the epoch.
  if (year < 1970) return { ok: false, reason: `year ${y} is before 1970: give the full year` };
  if (month < 1 || month > 12) return { ok: false, reason: `${y}-${mo}-${d} is not a date: there is no month ${mo}` };
  if (day < 1 || day > daysIn(year, month)) return { ok: false, reason: `${y}-${mo}-${d} is not a date: ${monthNames[month - 1]} ${year} has ${daysIn(year, month)} days` };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: `${h}:${mi}:${s} is not a time of day` };
  const offset = normaliseOffset(rawOffset!);
  if (offset !== 'Z') {
    const offsetHours = Number(offset.slice(1, 3));
    const offsetMinutes = Number(offset.slice(4, 6));
    // Real zones run from −12:00 to +14:00.
    if (offsetMinutes > 59 || offsetHours > 14 || (offsetHours === 14 && offsetMinutes > 0) || (offset[0] === '-' && (offsetHours > 12 || (offsetHours === 12 && offsetMinutes > 0)))) {
      return { ok: false, reason: `the offset ${offset} is not a time zone offset: they run from -12:00 to +14:00` };
    }
  }
  const milliseconds = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
  const sign = offset[0] === '-' ? -1 : 1;
  const shift = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  return { ok: true, utc: new Date(local - shift).toISOString(), offset };
}

/** Happened more than this before it was recorded: added after the fact. */
export const retroactiveAfterMs = 60_000;

/** The UTC moment written in the offset it was given in: `2026-11-30T09:15:00+02:00` (no milliseconds when none). */
export function formatInOffset(utc: string, offset: string | null): string {
  const time = Date.parse(utc);
  if (!Number.isFinite(time)) return utc;
  if (!offset || offset === 'Z') return trimMilliseconds(new Date(time).toISOString());
  const sign = offset[0] === '-' ? -1 : 1;
  const shift = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  return `${trimMilliseconds(new Date(time + shift).toISOString()).slice(0, -1)}${offset}`;
}

/** `2026-11-30 09:12 +02:00` (`… UTC` for Z or an unknown offset): a moment to the minute, in the zone it was given in. */
export function minuteInOffset(utc: string, offset: unknown): string {
  const zone = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : 'Z';
  const local = formatInOffset(utc, zone);
  return `${local.slice(0, 10)} ${local.slice(11, 16)} ${zone === 'Z' ? 'UTC' : zone}`;
}

const trimMilliseconds = (iso: string) => iso.replace(/\.000Z$/, 'Z');

/** How far ahead of now a moment is, said in the largest unit that fits: `3 h`, `12 min`, `2 days`. */
export function aheadBy(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

const cut = (value: string) => (value.length > 60 ? `${value.slice(0, 60)}…` : value);
