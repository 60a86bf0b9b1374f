/** Fixed-width table for terminals; the last column takes what is left. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return [line(headers), ...rows.map(line)].join('\n');
}

/**
 * A table written a page of rows at a time, the header with the first: each column is as wide as
 * the widest cell seen so far (the first page sets it) and never narrows, so later pages line up
 * unless one of their cells is longer than any before.
 */
export function tableWriter(headers: string[]): (rows: string[][]) => string[] {
  const widths = headers.map((header) => header.length);
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  let started = false;
  return (rows) => {
    for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column]!, cell.length)));
    const lines = rows.map(line);
    if (!started) lines.unshift(line(headers));
    started = true;
    return lines;
  };
}
