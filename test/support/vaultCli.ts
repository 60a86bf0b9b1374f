import { spawnSync } from 'node:child_process';
import { cliPath } from './consoleServer';
import type { CliRun } from './cli';

export interface CliOptions {
  /** Replaces these variables of the test's own environment; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** What the command reads on stdin (a vault value). */
  input?: string;
}

/** Runs the built CLI with its own environment and stdin, as a responder's shell would. */
export function runCliWith(dataDir: string, args: string[], options: CliOptions = {}): CliRun {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, FIREBREAK_DATA_DIR: dataDir, ...options.env })) if (value !== undefined) env[key] = value;
  const result = spawnSync(process.execPath, [cliPath, ...args], { env, input: options.input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json: args.includes('--json') && result.stdout ? JSON.parse(result.stdout) : undefined };
}
