import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { cliPath } from './consoleServer';

export interface MeasuredRun {
  status: number;
  stdout: string;
  stderr: string;
  /** The process's peak resident memory (worker threads included), in MB. */
  peakRssMb: number;
}

const gnuTime = '/usr/bin/time';

/**
 * Runs the built CLI and measures its peak RSS: with GNU time when the machine has it, otherwise by
 * reading VmHWM (the kernel's high-water mark) from /proc while the process runs. `nodeArgs` go to
 * Node before the CLI (a heap cap, for instance).
 */
export function runCliMeasured(dataDir: string, args: string[], nodeArgs: string[] = []): Promise<MeasuredRun> {
  const withTime = fs.existsSync(gnuTime);
  const command = withTime ? gnuTime : process.execPath;
  const nodeCommand = [...nodeArgs, cliPath, ...args];
  const commandArgs = withTime ? ['-f', '%M', process.execPath, ...nodeCommand] : nodeCommand;
  const child = spawn(command, commandArgs, { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let highWaterKb = 0;
  const poll = withTime
    ? null
    : setInterval(() => {
        try {
          const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
          highWaterKb = Math.max(highWaterKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
        } catch {
          // The process has just exited.
        }
      }, 20);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (poll) clearInterval(poll);
      if (withTime) {
        // GNU time adds its own last line (the figure) and, on a failure, a line on the exit status.
        const lines = stderr.trimEnd().split('\n');
        highWaterKb = Number(lines.pop());
        stderr = lines.filter((line) => !line.startsWith('Command exited with non-zero status')).join('\n');
      }
      resolve({ status: code ?? -1, stdout, stderr, peakRssMb: Math.round(highWaterKb / 1024) });
    });
  });
}
