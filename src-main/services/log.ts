import { formatWithOptions } from 'node:util';
import { redactMessage } from './redaction/redaction';

/**
 * The one way main-process code writes to the log: the line (an error's message and stack
 * included) goes through the same redaction as everything stored, so a secret an error happens to
 * quote never reaches a log file.
 */
export function logError(message: string, ...details: unknown[]): void {
  console.error(redactMessage(formatWithOptions({ colors: false }, message, ...details)));
}
