import { canonicalIp } from './logAddress';
import type { LogRecord } from './logRecord';
import { digitsAt, isoTimeAt, monthAt, utcTime } from './logTime';

// Syslog as files hold it: RFC 5424 (`<165>1 2003-10-11T22:14:15.003Z host app procid msgid [sd] msg`),
// RFC 3164 with or without its `<PRI>` (`Oct 11 22:14:15 host tag[pid]: msg`, /var/log/auth.log),
// and rsyslog's high-precision variant of it (an RFC 3339 time in place of `Oct 11 22:14:15`).

/** A syslog record, or null. `year` completes RFC 3164 times, which have none; they are read as UTC. */
export function parseSyslogLine(line: string, year: number): LogRecord | null {
  let at = 0;
  if (line.charCodeAt(0) === 60 /* < */) {
    const close = line.indexOf('>');
    if (close < 2 || close > 4 || digitsAt(line, 1, close - 1) < 0 || digitsAt(line, 1, close - 1) > 191) return null;
    at = close + 1;
    if (line.charCodeAt(at) >= 49 && line.charCodeAt(at) <= 57 && line.charCodeAt(at + 1) === 32) return parse5424(line, at + 2);
  }
  let time: number | null;
  let headerEnd: number;
  const month = monthAt(line, at);
  if (month >= 0) {
    // `Mmm dd hh:mm:ss`, the day padded with a space (`Mar  3`) or, by some writers, a zero.
    const dayText = line.slice(at + 4, at + 6);
    const day = dayText.charCodeAt(0) === 32 ? digitsAt(dayText, 1, 1) : digitsAt(dayText, 0, 2);
    if (line.charCodeAt(at + 3) !== 32 || line.charCodeAt(at + 6) !== 32 || line.charCodeAt(at + 9) !== 58 || line.charCodeAt(at + 12) !== 58) return null;
    const hour = digitsAt(line, at + 7, 2);
    const minute = digitsAt(line, at + 10, 2);
    const second = digitsAt(line, at + 13, 2);
    if (day < 0 || hour < 0 || minute < 0 || second < 0) return null;
    time = utcTime(year, month, day, hour, minute, second);
    if (time === null) return null;
    headerEnd = at + 15;
  } else {
    const iso = isoTimeAt(line, at);
    if (!iso || line.charCodeAt(at + 10) !== 84 /* T */) return null;
    time = iso.time;
    headerEnd = iso.end;
  }
  if (line.charCodeAt(headerEnd) !== 32) return null;
  const hostEnd = line.indexOf(' ', headerEnd + 1);
  if (hostEnd <= headerEnd + 1) return null;
  const message = afterTag(line, hostEnd + 1);
  return syslogRecord(time, message);
}

function parse5424(line: string, at: number): LogRecord | null {
  let time: number | null = null;
  let end: number;
  if (line.charCodeAt(at) === 45 /* - */) {
    end = at + 1;
  } else {
    const iso = isoTimeAt(line, at);
    if (!iso) return null;
    time = iso.time;
    end = iso.end;
  }
  // HOSTNAME, APP-NAME, PROCID, MSGID: four space-separated tokens (`-` when absent).
  for (let field = 0; field < 4; field++) {
    if (line.charCodeAt(end) !== 32) return null;
    end = line.indexOf(' ', end + 1);
    if (end < 0) return null;
  }
  let sd = end + 1;
  if (line.charCodeAt(sd) === 45) {
    sd++;
  } else {
    while (line.charCodeAt(sd) === 91 /* [ */) {
      // Inside SD-PARAM values `]`, `"` and `\` are escaped with a backslash.
      let i = sd + 1;
      while (i < line.length && line.charCodeAt(i) !== 93) i += line.charCodeAt(i) === 92 ? 2 : 1;
      if (i >= line.length) return null;
      sd = i + 1;
    }
    if (sd === end + 1) return null;
  }
  if (sd < line.length && line.charCodeAt(sd) !== 32) return null;
  let message = line.slice(sd + 1);
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  return syslogRecord(time, message === '' ? null : message);
}

/** The message after an RFC 3164 tag (`sshd[1234]: `), or all of the rest when there is no tag. */
function afterTag(line: string, at: number): string {
  let i = at;
  for (; i < line.length && i - at <= 48; i++) {
    const c = line.charCodeAt(i);
    const tagChar = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 47;
    if (!tagChar) break;
  }
  if (i > at && line.charCodeAt(i) === 91 /* [ */) {
    const close = line.indexOf(']', i);
    if (close > 0 && close - i < 24) i = close + 1;
  }
  if (i > at && line.charCodeAt(i) === 58 /* : */) return line.slice(line.charCodeAt(i + 1) === 32 ? i + 2 : i + 1);
  return line.slice(at);
}

function syslogRecord(time: number | null, message: string | null): LogRecord {
  return { format: 'syslog', malformed: false, time, ip: message === null ? null : ipFromMessage(message), method: null, path: null, query: null, status: null, userAgent: null, referrer: null, body: null, message };
}

/**
 * The client a message names, as sshd and PAM write it: `from 203.0.113.9`, `rhost=203.0.113.9`.
 * Null when neither is followed by an address (`from invalid user …` is passed over).
 */
export function ipFromMessage(message: string): string | null {
  for (const marker of ['from ', 'rhost=']) {
    for (let at = message.indexOf(marker); at >= 0; at = message.indexOf(marker, at + 1)) {
      const start = at + marker.length;
      let end = start;
      while (end < message.length && isAddressChar(message.charCodeAt(end))) end++;
      // A sentence may go on right after the address: `… from 203.0.113.9.`, `… from 203.0.113.9: …`
      while (end > start && (message.charCodeAt(end - 1) === 46 || (message.charCodeAt(end - 1) === 58 && message.charCodeAt(end - 2) !== 58))) end--;
      const candidate = message.slice(start, end);
      if (looksLikeIp(candidate)) return canonicalIp(candidate);
    }
  }
  return null;
}

function isAddressChar(c: number): boolean {
  return (c >= 48 && c <= 58) || c === 46 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function looksLikeIp(text: string): boolean {
  if (text.indexOf(':') >= 0) return text.length >= 2 && text.split(':').length >= 3;
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => part.length >= 1 && part.length <= 3 && Number(part) <= 255 && /^\d+$/.test(part));
}
