/**
 * The timeline's CSV on csv-parse and csv-stringify. The import promises each record's 1-based
 * starting line (quoted newlines counted) and a reason for every bad row, which csv-parse does not
 * give directly: its `info.lines` counts a CRLF inside quotes twice and its skip-on-error mode loses
 * its place after a stray quote. So lines come from byte offsets, and parsing resumes after each bad row.
 */
import { CsvError, parse, type Options as ParseOptions } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** Spreadsheets run a cell starting with one of these as a formula (CSV injection). */
const formulaStart = /^'*[=+\-@\t\r]/;

/**
 * A cell a spreadsheet would run as a formula gets a leading `'`, which spreadsheets show as text;
 * a cell already starting with quotes before such a character gets one more, so that stripping
 * exactly one on import gives back the text as it was.
 */
export function neutraliseFormula(cell: string): string {
  return formulaStart.test(cell) ? `'${cell}` : cell;
}

/** The inverse of neutraliseFormula: exactly one `'` taken off, only where export put it. */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && formulaStart.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Rows as CSV: CRLF line ends, fields with commas, quotes or newlines (CR or LF) quoted, quotes doubled. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  // quoted_match: csv-stringify quotes only the record delimiter itself; a lone LF or CR must be quoted too.
  return stringify(rows.map((row) => row.map(neutraliseFormula)), { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

export interface CsvRecord {
  /** The 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** What is wrong with it (a quote in the wrong place); its fields are then what could be read. */
  problem?: string;
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; reason: string };

const cr = 0x0d;
const lf = 0x0a;
/** Records read per csv-parse call: a bad row costs re-reading at most this many, keeping the import linear. */
const batch = 512;
const strict: ParseOptions = { relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] };

interface Parsed {
  record: string[];
  info: { bytes: number };
}

/** 1-based line of a byte offset: one more than the line feeds before it. */
function lineCounter(buf: Buffer): (offset: number) => number {
  const feeds: number[] = [];
  for (let at = buf.indexOf(lf); at >= 0; at = buf.indexOf(lf, at + 1)) feeds.push(at);
  return (offset) => {
    let low = 0;
    let high = feeds.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (feeds[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
}

function skipLineEnds(buf: Buffer, offset: number): number {
  let at = offset;
  while (at < buf.length && (buf[at] === cr || buf[at] === lf)) at += 1;
  return at;
}

function reasonOf(error: CsvError): string {
  const field = typeof error.column === 'number' ? error.column + 1 : '?';
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE') return `field ${field} has text after its closing quote`;
  if (error.code === 'INVALID_OPENING_QUOTE') return `field ${field} holds a quote but is not quoted (quote it and double the quote)`;
  return error.message;
}

/**
 * The line a never-closed quote opened on, inside the record starting at `start`: the first line
 * end at which the record read so far is still inside that same field (that holds from the opening
 * line on and never before it, so it can be searched).
 */
function openingLine(buf: Buffer, start: number, column: unknown, lineOf: (offset: number) => number): number {
  const ends: number[] = [];
  for (let at = buf.indexOf(lf, start); at >= 0; at = buf.indexOf(lf, at + 1)) ends.push(at + 1);
  ends.push(buf.length);
  const insideField = (end: number) => {
    try {
      parse(buf.subarray(start, end), strict);
      return false;
    } catch (error) {
      return error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED' && error.column === column;
    }
  };
  // Galloping first: the quote nearly always opens on the record's first lines, and each probe reads
  // from the record's start, so a plain binary search would read most of a large file many times.
  let low = 0;
  let high = 0;
  while (high < ends.length - 1 && !insideField(ends[high]!)) {
    low = high + 1;
    high = Math.min(ends.length - 1, high * 2 + 1);
  }
  while (low < high) {
    const mid = (low + high) >> 1;
    if (insideField(ends[mid]!)) high = mid;
    else low = mid + 1;
  }
  return lineOf(ends[low]! - 1);
}

/**
 * Parses CSV text (a BOM, CRLF or LF line ends). Blank lines are skipped. A quote opened and never
 * closed swallows the rest of the file, so it fails the whole parse, naming the line it opened on.
 */
export function parseCsv(text: string, maxRecords = Infinity): CsvParse {
  const buf = Buffer.from(text.startsWith('\uFEFF') ? text.slice(1) : text, 'utf8');
  const lineOf = lineCounter(buf);
  const records: CsvRecord[] = [];
  const push = (record: CsvRecord): CsvParse | undefined => {
    // A line holding only `""` reads as one empty field: as blank as an empty line.
    if (!record.problem && record.fields.length === 1 && record.fields[0] === '') return undefined;
    records.push(record);
    return records.length > maxRecords ? { ok: false, line: record.line, reason: `holds more than ${maxRecords.toLocaleString('en-US')} rows` } : undefined;
  };
  const neverClosed = (start: number, error: CsvError): CsvParse => {
    const line = openingLine(buf, start, error.column, lineOf);
    return { ok: false, line, reason: `a quoted field opened on line ${line} is never closed` };
  };
  let offset = skipLineEnds(buf, 0);
  while (offset < buf.length) {
    const from = offset;
    let read = 0;
    let over: CsvParse | undefined;
    try {
      parse(buf.subarray(from), {
        ...strict,
        to: batch,
        on_record: (record: string[], context: { bytes: number }) => {
          over ??= push({ line: lineOf(offset), fields: record });
          offset = skipLineEnds(buf, from + context.bytes);
          read += 1;
          return null;
        },
      });
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      if (over) return over;
      // `offset` is where the bad record starts: the records before it are in `records` already.
      const start = offset;
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') return neverClosed(start, error);
      let relaxed: Parsed[];
      try {
        // The bad record read again with quotes taken literally, to find where it ends and go on after it.
        relaxed = parse(buf.subarray(start), { ...strict, relax_quotes: true, info: true, to: 1 }) as unknown as Parsed[];
      } catch (again) {
        if (again instanceof CsvError && again.code === 'CSV_QUOTE_NOT_CLOSED') return neverClosed(start, again);
        throw again;
      }
      const first = relaxed[0];
      over = push({ line: lineOf(start), fields: first?.record ?? [], problem: reasonOf(error) });
      if (over) return over;
      offset = skipLineEnds(buf, start + (first?.info.bytes ?? buf.length - start));
      continue;
    }
    if (over) return over;
    if (read < batch) break;
  }
  return { ok: true, records };
}
