import { spawnSync } from 'node:child_process';
import { cliPath } from './consoleServer';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  json: any;
}

export interface CliOptions {
  /** Replaces these variables of the test's own environment; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** What the command reads on stdin (a vault value). */
  input?: string;
}

/** Runs the built `firebreak` CLI against `dataDir`, as a responder's shell would. */
export function runCli(dataDir: string, args: string[], options: CliOptions = {}): CliRun {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, FIREBREAK_DATA_DIR: dataDir, ...options.env })) if (value !== undefined) env[key] = value;
  const result = spawnSync(process.execPath, [cliPath, ...args], { env, input: options.input ?? '', encoding: 'utf8' });
  let json: unknown;
  if (args.includes('--json')) json = JSON.parse(result.stdout);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json };
}

/** The same through bash, for arguments Node cannot pass as strings (raw invalid UTF-8 bytes). */
export function runCliThroughShell(dataDir: string, shellArgs: string): CliRun {
  const result = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" ${shellArgs}`], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir }, encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json: shellArgs.includes('--json') ? JSON.parse(result.stdout) : undefined };
}
