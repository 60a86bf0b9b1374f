/**
 * Escaping for text the responder typed (titles, notes, reasons) placed into generated Markdown:
 * whatever it holds, it stays text and never becomes a heading, a table column, a list or code.
 */

// Characters that start emphasis, code, links, HTML, entities (`&amp;`), headings or table cells anywhere on a line.
const inlineSpecial = /[\\`*_[\]<>#|~&]/g;

/** One line of inline text: no line breaks, markup characters escaped. */
export function inline(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(inlineSpecial, (char) => `\\${char}`);
}

/** A table cell: inline text, never empty (an empty cell reads as a missing value). */
export function cell(text: string): string {
  return inline(text) || '—';
}

// What turns the start of a line into a block: list markers, quotes, setext underlines, headings.
const blockStart = /^([-+=>]|\d+[.)])/;

/** A paragraph of user text: its lines kept (trimmed, so none is an indented code block), blank runs collapsed. */
export function paragraph(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).map((line) => inline(line).replace(blockStart, (start) => `\\${start}`));
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A GFM table; every cell is escaped by the caller with `cell`. */
export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
