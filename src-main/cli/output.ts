import { getSystemErrorMap } from 'node:util';
import type { Envelope } from '../contract';
import { redactMessage } from './context';
import { visibleText } from './visibleText';

export const exitCodes = { done: 0, checkFailed: 1, error: 2 } as const;

let stdoutLost = false;

/**
 * Standard output that cannot be written (a full disk, a device error) ends the command with one
 * line on stderr and the error exit code instead of a stack trace. A reader that stopped early
 * (`| head`: EPIPE) has what it wanted, so that stops quietly. main installs it for every command.
 */
export function guardStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || stdoutLost) return;
    stdoutLost = true;
    process.stderr.write(`firebreak: could not write the output: ${describeWriteError(error)}
`);
    process.exitCode = exitCodes.error;
  });
}

/** Whether stdout failed: a command's own exit code must not hide that its output is lost. */
export function stdoutFailed(): boolean {
  return stdoutLost;
}

/** "no space left on device (ENOSPC)": the system's words for the error and the code to search for. */
function describeWriteError(error: NodeJS.ErrnoException): string {
  const words = typeof error.errno === 'number' ? getSystemErrorMap().get(error.errno)?.[1] : undefined;
  return words && error.code ? `${words} (${error.code})` : error.message;
}

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
