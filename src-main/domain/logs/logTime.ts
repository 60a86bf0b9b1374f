// Timestamps as logs write them, read by index rather than Date.parse: Date.parse reads a time
// without a zone as the machine's local time, and the same log must give the same times anywhere.

const monthIndex: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** The 0-based month of an English three-letter abbreviation at `at`, or -1. */
export function monthAt(text: string, at: number): number {
  return monthIndex[text.slice(at, at + 3)] ?? -1;
}

/** Digits at [at, at + count) as a number, or -1 when any is not a digit. */
export function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** Epoch ms of fields that must form a real date (no 31 February), else null. */
export function utcTime(year: number, month: number, day: number, hour: number, minute: number, second: number, ms = 0): number | null {
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const time = Date.UTC(year, month, day, hour, minute, second, ms);
  // Date.UTC rolls 31 Feb into March: a day that moved month was not a real date.
  return new Date(time).getUTCMonth() === month ? time : null;
}

/** CLF `10/Oct/2000:13:55:36 -0700` starting at `at` (26 characters), or null. */
export function clfTime(text: string, at: number): number | null {
  if (text.charCodeAt(at + 2) !== 47 /* / */ || text.charCodeAt(at + 6) !== 47 || text.charCodeAt(at + 11) !== 58 /* : */ || text.charCodeAt(at + 20) !== 32) return null;
  const day = digitsAt(text, at, 2);
  const month = monthAt(text, at + 3);
  const year = digitsAt(text, at + 7, 4);
  const hour = digitsAt(text, at + 12, 2);
  const minute = digitsAt(text, at + 15, 2);
  const second = digitsAt(text, at + 18, 2);
  const sign = text.charCodeAt(at + 21);
  const offsetHours = digitsAt(text, at + 22, 2);
  const offsetMinutes = digitsAt(text, at + 24, 2);
  if (day < 0 || year < 0 || hour < 0 || minute < 0 || second < 0 || offsetHours < 0 || offsetMinutes < 0 || (sign !== 43 && sign !== 45)) return null;
  const local = utcTime(year, month, day, hour, minute, second);
  if (local === null) return null;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return sign === 43 /* + */ ? local - offset : local + offset;
}

/**
 * An ISO-8601 / RFC 3339 time at the start of `text` from `at`: `2026-03-03T09:12:01Z`,
 * `2026-03-03 09:12:01,123`, `…+02:00` or `…+0200`. Without a zone it is read as UTC.
 * Returns the time and where it ends, or null.
 */
export function isoTimeAt(text: string, at = 0): { time: number; end: number } | null {
  const year = digitsAt(text, at, 4);
  const month = digitsAt(text, at + 5, 2);
  const day = digitsAt(text, at + 8, 2);
  if (year < 0 || month < 0 || day < 0 || text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return null;
  const separator = text.charCodeAt(at + 10);
  if (separator !== 84 /* T */ && separator !== 32 && separator !== 116 /* t */) {
    const time = utcTime(year, month - 1, day, 0, 0, 0);
    return time === null ? null : { time, end: at + 10 };
  }
  const hour = digitsAt(text, at + 11, 2);
  const minute = digitsAt(text, at + 14, 2);
  if (hour < 0 || minute < 0 || text.charCodeAt(at + 13) !== 58) {
    // `2026-12-01 report`: a date alone, followed by words.
    const time = separator === 32 ? utcTime(year, month - 1, day, 0, 0, 0) : null;
    return time === null ? null : { time, end: at + 10 };
  }
  let end = at + 16;
  let second = 0;
  if (text.charCodeAt(end) === 58) {
    second = digitsAt(text, end + 1, 2);
    if (second < 0) return null;
    end += 3;
  }
  let ms = 0;
  const dot = text.charCodeAt(end);
  if (dot === 46 || dot === 44) {
    // Fractions past milliseconds (syslog's microseconds) are read and dropped.
    let scale = 100;
    end++;
    const fractionStart = end;
    for (let c = text.charCodeAt(end) - 48; c >= 0 && c <= 9; c = text.charCodeAt(++end) - 48) {
      ms += c * scale;
      scale /= 10;
    }
    if (end === fractionStart) return null;
    ms = Math.floor(ms);
  }
  let time = utcTime(year, month - 1, day, hour, minute, second, ms);
  if (time === null) return null;
  const zone = text.charCodeAt(end);
  if (zone === 90 || zone === 122 /* Z z */) return { time, end: end + 1 };
  if (zone === 43 || zone === 45) {
    const hours = digitsAt(text, end + 1, 2);
    const colon = text.charCodeAt(end + 3) === 58;
    const minutes = digitsAt(text, end + (colon ? 4 : 3), 2);
    if (hours < 0) return null;
    const offset = (hours * 60 + Math.max(minutes, 0)) * 60_000;
    time = zone === 43 ? time - offset : time + offset;
    return { time, end: end + (minutes < 0 ? 3 : colon ? 6 : 5) };
  }
  return { time, end };
}

/** A JSON log's time field: ISO text, CLF text, or epoch seconds / milliseconds / micro / nanoseconds. */
export function anyTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? epochTime(value) : null;
  if (typeof value !== 'string' || value.length === 0) return null;
  const iso = isoTimeAt(value);
  if (iso) return iso.time;
  if (value.length >= 26) {
    const clf = clfTime(value, 0);
    if (clf !== null) return clf;
  }
  if (/^\d+(\.\d+)?$/.test(value)) return epochTime(Number(value));
  return null;
}

function epochTime(value: number): number {
  // Epochs by magnitude: seconds until 5138, then ms, µs, ns.
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1e3);
  return Math.round(value / 1e6);
}
