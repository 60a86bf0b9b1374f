import path from 'node:path';
import type { Command } from 'commander';
import { fail } from '../contract';
import { findResourcesDir } from '../services/resources';
import { startServer } from '../server/server';
import { resolveDataDir } from '../store/dataDir';
import { errorEnvelope } from '../services/dispatch';
import { openConsoleWindow } from './openBrowser';
import { report, type OutputMode } from './output';

export function registerServeCommand(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  program
    .command('serve')
    .description('run the console in browser mode on 127.0.0.1 (a per-launch token guards every API call)')
    .option('--port <port>', 'port to listen on (default: a free one)', (value) => Number.parseInt(value, 10))
    .option('--no-open', 'do not open a browser window')
    .action(async (options: { port?: number; open: boolean }) => {
      if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535)) {
        return finish(report(mode(), fail('invalid-input', '--port must be a number from 0 to 65535'), () => ''));
      }
      const dataDir = resolveDataDir();
      const rendererDir = path.join(path.dirname(findResourcesDir()), 'dist', 'renderer');
      let server;
      try {
        server = await startServer({ dataDir, rendererDir, port: options.port });
      } catch (error) {
        const portTaken = (error as { code?: string }).code === 'EADDRINUSE';
        const envelope = portTaken ? fail('io-error', `port ${options.port} is in use; pick another with --port or omit it`) : errorEnvelope(error);
        return finish(report(mode(), envelope, () => ''));
      }
      report(mode(), { ok: true, value: { url: server.url, port: server.port, dataDir } }, (value) => `Firebreak console: ${value.url}\nData: ${value.dataDir}`);
      if (options.open) process.stderr.write(`${openConsoleWindow(server.url, dataDir)}\n`);
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
