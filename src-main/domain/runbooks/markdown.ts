import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { AppError } from '../../contract';

/**
 * Seven times the largest real runbook seen (the five seeds are 6–36 KB). The parser takes about
 * 1.5 s for this much on this machine's class of laptop, so larger is refused rather than waited on.
 */
export const maxRunbookBytes = 256 * 1024;
/** Table rows kept per table: the GFM table parser slows down sharply on long tables (10,000 rows take over 20 s). */
export const maxTableRows = 200;
// Lists or quotes nested this deep are no runbook; the parser's work grows with nesting, so refuse before parsing.
export const maxNestingColumns = 128;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

export interface ParsedMarkdown {
  root: Root;
  warnings: { line: number; message: string }[];
}

/** Blanks table lines past maxTableRows (keeping line numbers), with a warning per cut table. */
function cutLongTables(text: string, warnings: ParsedMarkdown['warnings']): string {
  const lines = text.split('\n');
  let run = 0;
  let cut = false;
  for (let i = 0; i < lines.length; i += 1) {
    if (/^\s{0,3}\|/.test(lines[i]!)) {
      run += 1;
      if (run > maxTableRows + 2) {
        if (!cut) warnings.push({ line: i + 1, message: `a table longer than ${maxTableRows} rows: the rows from here on were not read` });
        cut = true;
        lines[i] = '';
      }
    } else {
      run = 0;
      cut = false;
    }
  }
  return warnings.length ? lines.join('\n') : text;
}

/** Parses Markdown (with GitHub tables and task lists) into a syntax tree, refusing what no runbook is. */
export function parseMarkdown(source: string): ParsedMarkdown {
  if (source.length > maxRunbookBytes) throw new AppError('invalid-input', `the runbook is larger than the ${maxRunbookBytes / 1024} KB limit: refused without parsing it`);
  const warnings: ParsedMarkdown['warnings'] = [];
  // Terminal escapes and other control characters (and U+FFFD) are no runbook text and the contract refuses them: dropped, with a warning.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g;
  const normalized = source.replace(/\r\n?/g, '\n');
  const first = normalized.search(control);
  if (first >= 0) warnings.push({ line: lineAt(normalized, first), message: 'control characters (a terminal escape?) were dropped from the runbook' });
  const text = cutLongTables(first >= 0 ? normalized.replace(control, '') : normalized, warnings);
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new AppError('invalid-input', `the runbook holds a NUL byte at line ${lineAt(text, nul)}: binary data, not Markdown`);
  // Container prefixes (indentation, quote markers, list markers) beyond this many columns mean pathological nesting.
  const deep = /^(?:[ \t>*+-]|\d{1,9}[.)])+/gm;
  for (let match = deep.exec(text); match; match = deep.exec(text)) {
    if (match[0].length > maxNestingColumns) {
      throw new AppError('invalid-input', `the runbook nests lists or quotes deeper than ${maxNestingColumns} columns at line ${lineAt(text, match.index)}: not a runbook the importer can read`);
    }
    if (match[0].length === 0) deep.lastIndex += 1;
  }
  return { root: fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }), warnings };
}
