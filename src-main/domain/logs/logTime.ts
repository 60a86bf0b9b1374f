// Timestamps as logs write them, read by index rather than Date.parse: Date.parse reads a time
// without a zone as the machine's local time, and the same log must give the same times anywhere.

// Month abbreviations by their three character codes packed in one number: no string cut per line.
const monthIndex = new Map(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((name, index) => [monthKey(name, 0), index]));

function monthKey(text: string, at: number): number {
  return (text.charCodeAt(at) << 16) | (text.charCodeAt(at + 1) << 8) | text.charCodeAt(at + 2);
}

/** The 0-based month of an English three-letter abbreviation at `at`, or -1. */
export function monthAt(text: string, at: number): number {
  return monthIndex.get(monthKey(text, at)) ?? -1;
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

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of fields that must form a real date (no 31 February), else null. */
export function utcTime(year: number, month: number, day: number, hour: number, minute: number, second: number, ms = 0): number | null {
  if (month < 0 || month > 11 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 1 && leap ? 29 : monthDays[month]!)) return null;
  return daysFromCivil(year, month + 1, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): no Date allocated per line. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

// An access log's lines share their day and zone for hours: the last day read is remembered
// (`10/Oct/2000` and `-0700`), so a line costs six digits, not a date computation.
let lastDay = '';
let lastZone = '';
let lastDayStart = 0;

/** CLF `10/Oct/2000:13:55:36 -0700` starting at `at` (26 characters), or null. */
export function clfTime(text: string, at: number): number | null {
  if (text.charCodeAt(at + 2) !== 47 /* / */ || text.charCodeAt(at + 6) !== 47 || text.charCodeAt(at + 11) !== 58 /* : */ || text.charCodeAt(at + 14) !== 58 || text.charCodeAt(at + 17) !== 58 || text.charCodeAt(at + 20) !== 32) return null;
  const hour = digitsAt(text, at + 12, 2);
  const minute = digitsAt(text, at + 15, 2);
  const second = digitsAt(text, at + 18, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return null;
  const sinceMidnight = hour * 3_600_000 + minute * 60_000 + second * 1000;
  if (lastDay !== '' && text.startsWith(lastDay, at) && text.startsWith(lastZone, at + 21)) return lastDayStart + sinceMidnight;
  const dayStart = clfDayStart(text, at);
  if (dayStart === null) return null;
  [lastDay, lastZone, lastDayStart] = [text.slice(at, at + 11), text.slice(at + 21, at + 26), dayStart];
  return dayStart + sinceMidnight;
}

/** Epoch ms of midnight of a CLF date in its zone (`10/Oct/2000` and `-0700`), or null. */
function clfDayStart(text: string, at: number): number | null {
  const day = digitsAt(text, at, 2);
  const month = monthAt(text, at + 3);
  const year = digitsAt(text, at + 7, 4);
  const sign = text.charCodeAt(at + 21);
  const offsetHours = digitsAt(text, at + 22, 2);
  const offsetMinutes = digitsAt(text, at + 24, 2);
  if (day < 0 || year < 0 || offsetHours < 0 || offsetMinutes < 0 || (sign !== 43 && sign !== 45)) return null;
  const midnight = utcTime(year, month, day, 0, 0, 0);
  if (midnight === null) return null;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return sign === 43 /* + */ ? midnight - offset : midnight + offset;
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

/** The last millisecond of 9999: later times (and those before 1970) are forged or garbled, and past year 275760 no Date can hold them. */
const latestTime = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A JSON log's time field: ISO text, CLF text, or epoch seconds / milliseconds / micro / nanoseconds;
 * null when it is none of these or falls outside the years 1970–9999.
 */
export function anyTime(value: unknown): number | null {
  const time = readTime(value);
  return time !== null && time >= 0 && time <= latestTime ? time : null;
}

function readTime(value: unknown): number | null {
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
