/**
 * RFC 4180 CSV, written by hand: the timeline needs each record's 1-based starting line (quoted
 * newlines counted) for its rejections, and no CSV library is among the project's dependencies.
 */

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

function quoted(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Rows as CSV: CRLF line ends, fields with commas, quotes or newlines quoted, quotes doubled. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map((cell) => quoted(neutraliseFormula(cell))).join(',')).join('\r\n') + '\r\n';
}

export interface CsvRecord {
  /** The 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** What is wrong with it (a quote in the wrong place); its fields are then what could be read. */
  problem?: string;
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; reason: string };

/**
 * Parses CSV text (a BOM, CRLF or LF line ends). Blank lines are skipped. A quote opened and never
 * closed swallows the rest of the file, so it fails the whole parse, naming the line it opened on.
 */
export function parseCsv(text: string, maxRecords = Infinity): CsvParse {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const length = source.length;
  while (i < length) {
    const start = line;
    const fields: string[] = [];
    let problem: string | undefined;
    for (;;) {
      let field = '';
      if (source[i] === '"') {
        const opened = line;
        i += 1;
        for (;;) {
          const quote = source.indexOf('"', i);
          if (quote < 0) return { ok: false, line: opened, reason: `a quoted field opened on line ${opened} is never closed` };
          const chunk = source.slice(i, quote);
          for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) line += 1;
          field += chunk;
          if (source[quote + 1] === '"') {
            field += '"';
            i = quote + 2;
          } else {
            i = quote + 1;
            break;
          }
        }
        if (i < length && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') {
          problem ??= `field ${fields.length + 1} has text after its closing quote`;
          while (i < length && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') field += source[i++];
        }
      } else {
        let end = i;
        while (end < length && source[end] !== ',' && source[end] !== '\n' && source[end] !== '\r') end += 1;
        field = source.slice(i, end);
        if (field.includes('"')) problem ??= `field ${fields.length + 1} holds a quote but is not quoted (quote it and double the quote)`;
        i = end;
      }
      fields.push(field);
      if (source[i] === ',') {
        i += 1;
        continue;
      }
      break;
    }
    if (source[i] === '\r') i += 1;
    if (source[i] === '\n') i += 1;
    line += 1;
    if (fields.length === 1 && fields[0] === '' && !problem) continue;
    records.push(problem ? { line: start, fields, problem } : { line: start, fields });
    if (records.length > maxRecords) return { ok: false, line: start, reason: `holds more than ${maxRecords.toLocaleString('en-US')} rows` };
  }
  return { ok: true, records };
}
