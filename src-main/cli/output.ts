import type { Envelope } from '../contract';
import { redactMessage } from './context';
import { jsonPieces } from './jsonPieces';
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
    writeInTurn(jsonLine(envelope));
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

function* jsonLine(value: unknown): Generator<string> {
  yield* jsonPieces(value);
  yield '\n';
}

/**
 * Each piece once stdout has taken the one before: a pipe read more slowly than the answer is
 * written (a scan's 13 MB to `jq`) would otherwise hold the whole answer in a queue. The process
 * ends once the last piece is written.
 */
function writeInTurn(pieces: Iterator<string>): void {
  for (let next = pieces.next(); !next.done; next = pieces.next()) {
    if (!process.stdout.write(next.value)) {
      process.stdout.once('drain', () => writeRest(pieces));
      return;
    }
  }
}

/** After a pause, an answer that cannot be written as JSON (it never happens with an operation's) ends in one line, not a stack trace. */
function writeRest(pieces: Iterator<string>): void {
  try {
    writeInTurn(pieces);
  } catch (error) {
    process.stderr.write(`\nfirebreak: the answer could not be written whole: ${visibleText(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = exitCodes.error;
  }
}
