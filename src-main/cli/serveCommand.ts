import path from 'node:path';
import readline from 'node:readline';
import type { Command } from 'commander';
import { fail } from '../contract/envelope';
import type { RunningServer } from '../server/server';
import { codeTtlMs } from '../server/session';
import { markStartup } from '../server/startupTimings';
import { resolveDataDir } from '../store/dataDir';
import { errorEnvelope } from './context';
import { openConsoleWindow } from './openBrowser';
import { report, type OutputMode } from './output';

/** Scripts may choose the Bearer token through the environment (never a command line, which `ps` shows). */
const tokenVariable = 'FIREBREAK_SERVE_TOKEN';

function printLink(mode: OutputMode, server: RunningServer, dataDir: string, interactive: boolean): void {
  const again = interactive ? 'press Enter here for a new one' : 'restart firebreak serve for a new one';
  report(
    mode,
    { ok: true, value: { url: server.openLink(), port: server.port, dataDir } },
    (value) => `Firebreak console: ${value.url}\nData: ${value.dataDir}\nThe link opens the console once, within ${codeTtlMs / 60_000} minutes; ${again}.`,
  );
}

export function registerServeCommand(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  program
    .command('serve')
    .description('run the console in browser mode on 127.0.0.1 (opened by a one-time link; a session cookie guards every request)')
    .option('--port <port>', 'port to listen on (default: a free one)', (value) => Number.parseInt(value, 10))
    .option('--no-open', 'do not open a browser window')
    .action(async (options: { port?: number; open: boolean }) => {
      // The server and what it serves load with this command only, not with every other one.
      const [{ startServer }, { findResourcesDir }] = await Promise.all([import('../server/server'), import('../services/resources')]);
      markStartup('modulesLoaded');
      if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535)) {
        return finish(report(mode(), fail('invalid-input', '--port must be a number from 0 to 65535'), () => ''));
      }
      const token = process.env[tokenVariable];
      // Children (the browser, git during scans) have no use for it.
      delete process.env[tokenVariable];
      if (token !== undefined && !/^[A-Za-z0-9_-]{32,}$/.test(token)) {
        return finish(report(mode(), fail('invalid-input', `${tokenVariable} must be at least 32 characters of A-Z, a-z, 0-9, _ and -`), () => ''));
      }
      const dataDir = resolveDataDir();
      const rendererDir = path.join(path.dirname(findResourcesDir()), 'dist', 'renderer');
      let server: RunningServer;
      try {
        server = await startServer({ dataDir, rendererDir, port: options.port, token });
      } catch (error) {
        const portTaken = (error as { code?: string }).code === 'EADDRINUSE';
        const envelope = portTaken ? fail('io-error', `port ${options.port} is in use; pick another with --port or omit it`) : errorEnvelope(error);
        return finish(report(mode(), envelope, () => ''));
      }
      const interactive = process.stdin.isTTY === true;
      printLink(mode(), server, dataDir, interactive);
      markStartup('announced');
      // The window gets a link of its own, so the printed one still works for the responder.
      if (options.open) process.stderr.write(`${openConsoleWindow(server.openLink(), dataDir)}\n`);
      // `--json` prints exactly one envelope on stdout: later links go to the terminal on stderr.
      const printAgain = () => (mode().json ? process.stderr.write(`Firebreak console: ${server.openLink()}\n`) : printLink(mode(), server, dataDir, true));
      if (interactive) readline.createInterface({ input: process.stdin }).on('line', printAgain);
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
