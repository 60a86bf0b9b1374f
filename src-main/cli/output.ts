import type { Envelope } from '../contract';
import { redactMessage } from './context';
import { exitCodes } from './stdoutGuard';
import { visibleText } from './visibleText';

export { exitCodes, guardStdout, stdoutFailed } from './stdoutGuard';

export interface OutputMode {
  json: boolean;
}

/**
 * Prints one outcome: the envelope alone on stdout in JSON mode, otherwise the human rendering
 * (errors on stderr). Returns the exit code the command should end with.
 */
export function report<T>(mode: OutputMode, outcome: Envelope<T>, human: (value: T) => string, checkFailed: (value: T) => boolean = () => false): number {
  // Errors the CLI raises itself (an argument it could not read) may echo argv: redacted like the operations' own.
  const envelope = outcome.ok ? outcome : { ...outcome, error: { ...outcome.error, message: redactMessage(outcome.error.message), ...(outcome.error.fields && { fields: outcome.error.fields.map((issue) => ({ ...issue, message: redactMessage(issue.message) })) }) } };
  if (mode.json) {
    process.stdout.write(`${JSON.stringify(envelope)}\n`);
  } else if (envelope.ok) {
    process.stdout.write(`${human(envelope.value)}\n`);
  } else {
    // Messages quote file names, lockfile keys and package names: a control or bidi character in
    // one must show as itself, not drive the terminal or reorder the line.
    const fields = envelope.error.fields?.length ? `\n${envelope.error.fields.map((issue) => `  ${visibleText(issue.field)}: ${visibleText(issue.message)}`).join('\n')}` : '';
    process.stderr.write(`firebreak: ${visibleText(envelope.error.message)}${fields}\n`);
  }
  if (!envelope.ok) return exitCodes.error;
  return checkFailed(envelope.value) ? exitCodes.checkFailed : exitCodes.done;
}

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
