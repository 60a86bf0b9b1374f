import type { LogFormat } from '../../contract/logs/logs';
import type { LogRecord } from './logRecord';
import { parseAccessLine } from './logAccess';
import { parseJsonLine } from './logJson';
import { ipFromMessage, parseSyslogLine } from './logSyslog';
import { isoTimeAt } from './logTime';

const sampleLines = 50;

/** Picks a file's format from its first lines (up to 50 non-empty); 'text' when none fits most of them. */
export function detectFormat(lines: readonly string[]): LogFormat {
  const counts: Record<LogFormat, number> = { combined: 0, common: 0, json: 0, syslog: 0, text: 0 };
  // Any year will do to recognise a syslog line.
  const context = { year: 2000 };
  let sampled = 0;
  for (const line of lines) {
    if (sampled === sampleLines) break;
    if (line.trim() === '') continue;
    sampled++;
    const record = readAsAny(line, context);
    counts[record.format]++;
  }
  // Common and combined lines are read by one parser: a file of both is the kind most of its lines are.
  const access = counts.combined + counts.common;
  const best: LogFormat = access >= counts.json && access >= counts.syslog ? (counts.combined >= counts.common ? 'combined' : 'common') : counts.json >= counts.syslog ? 'json' : 'syslog';
  const fitting = best === 'combined' || best === 'common' ? access : counts[best];
  return fitting * 2 > sampled ? best : 'text';
}

/**
 * Parses one line in a format; a line that does not fit is read as JSON or an access line when it is
 * one, else as text, and is `malformed` either way. A `text` file's lines that are JSON or access lines
 * are read as such.
 * `combined` and `common` accept each other's lines (a record says which it was): servers switch
 * between them on a config reload, and neither line is malformed in the other's file.
 */
export function parseLine(line: string, format: LogFormat, context: { year: number }): LogRecord {
  let record: LogRecord | null;
  switch (format) {
    case 'combined':
    case 'common':
      record = parseAccessLine(line);
      break;
    case 'json':
      record = parseJsonLine(line);
      break;
    case 'syslog':
      record = parseSyslogLine(line, context.year);
      break;
    default:
      return asOtherFormat(line, format) ?? textRecord(line);
  }
  if (record) return record;
  // A JSON line in an access log, an access line in a JSON log: read as what it is, so its path
  // and query are matched as fields rather than lost in the whole line.
  const other = asOtherFormat(line, format);
  if (other) {
    other.malformed = true;
    return other;
  }
  const text = textRecord(line);
  text.malformed = true;
  return text;
}

/** The line as a JSON object or an access-log request when it starts like one (cheap checks first), else null. */
function asOtherFormat(line: string, format: LogFormat): LogRecord | null {
  // The file's own parser has already said no.
  if (line.charCodeAt(0) === 123 /* { */) return format === 'json' ? null : parseJsonLine(line);
  // An access line holds a bracketed time and a quoted request.
  return format !== 'combined' && format !== 'common' && line.indexOf('] "') > 0 ? parseAccessLine(line) : null;
}

/**
 * A line as plain text: the message is the whole line, the time a leading ISO-8601 timestamp
 * (bare or in `[…]`) when there is one, the address one that the line says a request came `from`.
 */
export function textRecord(line: string): LogRecord {
  const start = line.charCodeAt(0) === 91 /* [ */ ? 1 : 0;
  const time = line.length >= 10 + start ? (isoTimeAt(line, start)?.time ?? null) : null;
  const ip = line.indexOf('from ') >= 0 || line.indexOf('rhost=') >= 0 ? ipFromMessage(line) : null;
  return { format: 'text', malformed: false, time, ip, method: null, path: null, query: null, status: null, userAgent: null, referrer: null, body: null, message: line };
}

/** The line in whichever format reads it (the cheap first-character checks pick what to try). */
function readAsAny(line: string, context: { year: number }): LogRecord {
  const first = line.charCodeAt(0);
  if (first === 123 /* { */ || first === 32) {
    const json = parseJsonLine(line);
    if (json) return json;
  }
  const syslog = parseSyslogLine(line, context.year);
  if (syslog) return syslog;
  return parseAccessLine(line) ?? textRecord(line);
}
