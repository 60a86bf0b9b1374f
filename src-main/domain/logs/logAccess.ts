import { canonicalIp } from './logAddress';
import type { LogRecord } from './logRecord';
import { bytesToText, hexValue } from './logBytes';
import { clfTime } from './logTime';

// Apache's common and combined formats and nginx's `combined`, read by index (no regex, no split):
//   host ident authuser [10/Oct/2000:13:55:36 -0700] "request" status bytes ["referer" "user-agent" …]
// A line with anything but three fields before the `[` (a vhost in front) does not parse.

/** An access-log line as a record (format 'combined' when referer and user agent follow), or null. */
export function parseAccessLine(line: string): LogRecord | null {
  const ipEnd = line.indexOf(' ');
  if (ipEnd <= 0) return null;
  const identEnd = line.indexOf(' ', ipEnd + 1);
  if (identEnd < 0) return null;
  const userEnd = line.indexOf(' ', identEnd + 1);
  if (userEnd < 0 || line.charCodeAt(userEnd + 1) !== 91 /* [ */) return null;
  const timeAt = userEnd + 2;
  if (line.charCodeAt(timeAt + 26) !== 93 /* ] */ || line.charCodeAt(timeAt + 27) !== 32 || line.charCodeAt(timeAt + 28) !== 34 /* " */) return null;
  const time = clfTime(line, timeAt);
  if (time === null) return null;

  const requestAt = timeAt + 29;
  const requestEnd = quotedEnd(line, requestAt);
  if (requestEnd < 0 || line.charCodeAt(requestEnd + 1) !== 32) return null;
  const statusAt = requestEnd + 2;
  const statusEnd = line.indexOf(' ', statusAt);
  if (statusEnd < 0) return null;
  const status = numberField(line, statusAt, statusEnd);
  if (status === undefined) return null;
  let bytesEnd = line.indexOf(' ', statusEnd + 1);
  if (bytesEnd < 0) bytesEnd = line.length;
  if (numberField(line, statusEnd + 1, bytesEnd) === undefined) return null;

  let referrer: string | null = null;
  let userAgent: string | null = null;
  let combined = false;
  if (bytesEnd < line.length) {
    if (line.charCodeAt(bytesEnd + 1) === 34) {
      const referrerEnd = quotedEnd(line, bytesEnd + 2);
      if (referrerEnd < 0 || line.charCodeAt(referrerEnd + 1) !== 32 || line.charCodeAt(referrerEnd + 2) !== 34) return null;
      const agentEnd = quotedEnd(line, referrerEnd + 3);
      if (agentEnd < 0) return null;
      referrer = quotedValue(line, bytesEnd + 2, referrerEnd);
      userAgent = quotedValue(line, referrerEnd + 3, agentEnd);
      combined = true;
    } else if (line.slice(bytesEnd).trim() !== '') {
      return null;
    }
  }

  const ip = line.slice(0, ipEnd);
  const record: LogRecord = {
    format: combined ? 'combined' : 'common',
    malformed: false,
    time,
    ip: ip === '-' ? null : canonicalIp(ip),
    method: null,
    path: null,
    query: null,
    status,
    userAgent,
    referrer,
    body: null,
    message: null,
  };
  // The request is read where it lies in the line (no copy) unless the server escaped something in it.
  const escaped = line.indexOf('\\', requestAt);
  if (escaped >= 0 && escaped < requestEnd) splitRequest(unescapeLogged(line.slice(requestAt, requestEnd)), record);
  else splitRequestAt(line, requestAt, requestEnd, record);
  return record;
}

/**
 * Fills method, path and query from a request line (`GET /a?b HTTP/1.1`, or HTTP/0.9's `GET /a`).
 * Anything else (TLS bytes sent to the HTTP port, `-`) is no request: it is kept as the message
 * so that rules looking at messages still see it.
 */
export function splitRequest(request: string, record: LogRecord): void {
  splitRequestAt(request, 0, request.length, record);
}

function splitRequestAt(text: string, from: number, to: number, record: LogRecord): void {
  const methodEnd = text.indexOf(' ', from);
  if (methodEnd <= from || methodEnd >= to || methodEnd - from > 24 || !isMethod(text, from, methodEnd)) {
    if (to > from && !(to - from === 1 && text.charCodeAt(from) === 45)) record.message = text.slice(from, to);
    return;
  }
  const protocolAt = text.lastIndexOf(' ', to - 1);
  const targetEnd = protocolAt > methodEnd && text.startsWith('HTTP/', protocolAt + 1) ? protocolAt : to;
  record.method = text.slice(from, methodEnd);
  const question = text.indexOf('?', methodEnd + 1);
  if (question < 0 || question >= targetEnd) {
    record.path = text.slice(methodEnd + 1, targetEnd);
  } else {
    record.path = text.slice(methodEnd + 1, question);
    record.query = text.slice(question + 1, targetEnd);
  }
}

function isMethod(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    // Upper-case letters, and `-`/`_` as in WebDAV's VERSION-CONTROL.
    if (!((c >= 65 && c <= 90) || (i > from && (c === 45 || c === 95)))) return false;
  }
  return true;
}

/** Index of the closing quote of a quoted field whose text starts at `at`, passing over `\"`; -1 if none. */
function quotedEnd(line: string, at: number): number {
  // indexOf runs natively; a quote is escaped when an odd run of backslashes precedes it.
  let quote = line.indexOf('"', at);
  while (quote > at && line.charCodeAt(quote - 1) === 92) {
    let backslashes = 1;
    while (quote - backslashes - 1 >= at && line.charCodeAt(quote - backslashes - 1) === 92) backslashes++;
    if (backslashes % 2 === 0) break;
    quote = line.indexOf('"', quote + 1);
  }
  return quote;
}

/** A status or byte count: the number, null for `-`, undefined when it is neither. */
function numberField(line: string, from: number, to: number): number | null | undefined {
  if (to - from === 1 && line.charCodeAt(from) === 45) return null;
  if (to === from || to - from > 15) return undefined;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    value = value * 10 + c;
  }
  return value;
}

/** A quoted field's value with the log's own escaping undone; null for `-`. */
function quotedValue(line: string, from: number, to: number): string | null {
  if (to - from === 1 && line.charCodeAt(from) === 45) return null;
  const value = line.slice(from, to);
  return value.indexOf('\\') < 0 ? value : unescapeLogged(value);
}

const simpleEscapes: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r' };

/**
 * Undoes what the server escaped when it wrote the line: Apache writes `\"`, `\\`, `\n` and
 * `\xhh`; nginx writes `\xHH` for quotes, backslashes and bytes outside printable ASCII. The
 * client's bytes come back as it sent them (UTF-8 when they are, Latin-1 byte by byte when not).
 */
export function unescapeLogged(value: string): string {
  let text = '';
  let bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 92 && value.charCodeAt(i + 1) === 120 /* x */) {
      const high = hexValue(value.charCodeAt(i + 2));
      const low = hexValue(value.charCodeAt(i + 3));
      if (high >= 0 && low >= 0) {
        bytes.push(high * 16 + low);
        i += 3;
        continue;
      }
    }
    if (bytes.length > 0) {
      text += bytesToText(bytes);
      bytes = [];
    }
    const simple = c === 92 ? simpleEscapes[value.charAt(i + 1)] : undefined;
    if (simple !== undefined) {
      text += simple;
      i++;
    } else {
      text += value.charAt(i);
    }
  }
  return bytes.length > 0 ? text + bytesToText(bytes) : text;
}
