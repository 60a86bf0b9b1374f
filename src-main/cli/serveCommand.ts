import type { Command } from 'commander';
import { report, type OutputMode } from './output';
import { runServe } from './serveRun';

export function registerServeCommand(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  program
    .command('serve')
    .description('run the console in browser mode on 127.0.0.1 (opened by a one-time link; a session cookie guards every request)')
    .option('--port <port>', 'port to listen on (default: a free one)', (value) => Number.parseInt(value, 10))
    .option('--no-open', 'do not open a browser window')
    .action(async (options: { port?: number; open: boolean }) => {
      // bin/firebreak.js starts `serve` from its own small bundle (serveFast.ts) and comes here for any
      // other options or a database it cannot use: the services open before the link is printed.
      const { attachConsole } = await import('../server/server');
      await runServe(
        { port: options.port, open: options.open, json: mode().json },
        {
          attachFirst: true,
          attach: async (early, dataDir) => attachConsole(early, { dataDir }),
          fail: (envelope) => report(mode(), envelope, () => ''),
        },
        finish,
      );
    });
}
