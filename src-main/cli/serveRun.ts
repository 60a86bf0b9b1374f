import path from 'node:path';
import readline from 'node:readline';
import { AppError, fail, type Envelope } from '../contract/envelope';
import { listenConsole, type EarlyServer, type FirstScreenPage } from '../server/earlyServer';
import { codeTtlMs } from '../server/session';
import { markStartup } from '../server/startupTimings';
import { findResourcesDir } from '../services/resourcesDir';
import { resolveDataDir } from '../store/dataDir';
import { openConsoleWindow } from './openBrowser';
import { exitCodes } from './stdoutGuard';

/**
 * `firebreak serve` from parsed options to a running console, shared by the CLI's command and the small
 * start-up bundle (serveFast.ts): listen, print the link, open the window, then attach the services.
 * The link is printed before the services load, so the page (and its first screen) is on its way while they do.
 */

/** Scripts may choose the Bearer token through the environment (never a command line, which `ps` shows). */
export const serveTokenVariable = 'FIREBREAK_SERVE_TOKEN';

export interface ServeOptions {
  port?: number;
  open: boolean;
  json: boolean;
}

export interface ServeHooks {
  /** The page's first screen while the services load (none: the page as built). */
  firstScreenPage?: () => FirstScreenPage | undefined;
  /** Runs once the link is out, before the browser's first request can arrive. */
  announced?: () => void;
  /** Opens the services before the link is printed (the whole CLI), not after (serve's own bundle). */
  attachFirst?: boolean;
  /** Opens the services behind the listening server; rejects if they cannot start. */
  attach(early: EarlyServer, dataDir: string): Promise<{ close(): Promise<void> }>;
  /** Prints a failure before the link (redacted where the hook can), returning the exit code. */
  fail(envelope: Envelope<never>): number;
}

/** Why the options cannot run, or null. */
export function serveOptionsProblem(options: ServeOptions, token: string | undefined): string | null {
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535)) return '--port must be a number from 0 to 65535';
  if (token !== undefined && !/^[A-Za-z0-9_-]{32,}$/.test(token)) return `${serveTokenVariable} must be at least 32 characters of A-Z, a-z, 0-9, _ and -`;
  return null;
}

function printLink(json: boolean, early: EarlyServer, dataDir: string, interactive: boolean): void {
  const value = { url: early.openLink(), port: early.port, dataDir };
  if (json) return void process.stdout.write(`${JSON.stringify({ ok: true, value })}\n`);
  const again = interactive ? 'press Enter here for a new one' : 'restart firebreak serve for a new one';
  process.stdout.write(`Firebreak console: ${value.url}\nData: ${value.dataDir}\nThe link opens the console once, within ${codeTtlMs / 60_000} minutes; ${again}.\n`);
}

export async function runServe(options: ServeOptions, hooks: ServeHooks, finish: (code: number) => void): Promise<void> {
  const token = process.env[serveTokenVariable];
  // Children (the browser, git during scans) have no use for it.
  delete process.env[serveTokenVariable];
  const problem = serveOptionsProblem(options, token);
  if (problem) return finish(hooks.fail(fail('invalid-input', problem)));
  const dataDir = resolveDataDir();
  const rendererDir = path.join(path.dirname(findResourcesDir()), 'dist', 'renderer');
  let early: EarlyServer;
  try {
    early = await listenConsole({ rendererDir, port: options.port, token, firstScreenPage: hooks.firstScreenPage?.() });
  } catch (error) {
    const portTaken = (error as { code?: string }).code === 'EADDRINUSE';
    const message = portTaken ? `port ${options.port} is in use; pick another with --port or omit it` : `could not listen on 127.0.0.1: ${(error as Error).message}`;
    return finish(hooks.fail(fail('io-error', message)));
  }
  let running: { close(): Promise<void> } | null = null;
  // Services opened before the link is out: a database that cannot be used is an error envelope, not a
  // link that leads nowhere.
  if (hooks.attachFirst) {
    try {
      running = await hooks.attach(early, dataDir);
    } catch (error) {
      await early.close();
      return finish(hooks.fail(error instanceof AppError ? { ok: false, error: error.toBody() } : fail('io-error', error instanceof Error ? error.message : String(error))));
    }
  }
  const interactive = process.stdin.isTTY === true;
  printLink(options.json, early, dataDir, interactive);
  markStartup('announced');
  if (hooks.announced) setImmediate(hooks.announced);
  // The window gets a link of its own, so the printed one still works for the responder.
  if (options.open) process.stderr.write(`${openConsoleWindow(early.openLink(), dataDir)}\n`);
  // `--json` prints exactly one envelope on stdout: later links go to the terminal on stderr.
  const printAgain = () => (options.json ? process.stderr.write(`Firebreak console: ${early.openLink()}\n`) : printLink(false, early, dataDir, true));
  if (interactive) readline.createInterface({ input: process.stdin }).on('line', printAgain);
  const stop = () => {
    void (running ?? early).close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (running) return;
  try {
    running = await hooks.attach(early, dataDir);
  } catch (error) {
    // The link is out already: the page and its requests are told why, then the process ends.
    const message = `the console could not start: ${error instanceof Error ? error.message : String(error)}`;
    early.failStart(message);
    // On stderr even with --json: stdout already holds the one envelope, the link.
    process.stderr.write(`firebreak: ${message}\n`);
    // A stop from here on must not turn the failure into a clean exit.
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await early.close();
    finish(exitCodes.error);
  }
}
