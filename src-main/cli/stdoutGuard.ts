import { getSystemErrorMap } from 'node:util';

/** Standard output and exit codes, apart from output.ts so `firebreak serve`'s small start-up bundle has them. */
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

