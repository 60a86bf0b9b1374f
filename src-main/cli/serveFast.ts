import path from 'node:path';
import { parseArgs } from 'node:util';
import { earlyFirstScreenPage } from '../server/earlyFirstScreen';
import type { attachConsole as AttachConsole } from '../server/server';
import { markStartup } from '../server/startupTimings';
import { findResourcesDir } from '../services/resourcesDir';
import { serveOptionsProblem, serveTokenVariable, runServe, type ServeOptions } from './serveRun';
import { guardStdout } from './stdoutGuard';

/**
 * `firebreak serve` from a bundle of its own (bin/firebreak.js picks it): a few hundred kilobytes less
 * JavaScript to read before the link is printed. It listens and answers the page while the services
 * load from their own bundle (dist/main/server/console.js). Anything but the plain options goes to the
 * whole CLI, which explains usage and errors.
 */

interface LoadedBundle {
  exports: unknown;
}
type CodeCacheLoader = { loadWithCodeCache(file: string, options?: { writeOnExit?: boolean }): LoadedBundle };

/** The build's warm-up run writes the services' code cache too (scripts/build.mjs). */
const writeCodeCache = process.env.FIREBREAK_CODE_CACHE === 'write';

/** The services wait for the page's first request for them, or this long when no page comes soon. */
const idleLoadMs = 250;

const codeCacheLoader = () => require(path.join(__dirname, '..', 'codeCache.js')) as CodeCacheLoader;

function wholeCli(): void {
  codeCacheLoader().loadWithCodeCache(path.join(__dirname, 'main.js'), { writeOnExit: writeCodeCache });
}

/** The options of a plain `serve` (`--port N`, `--no-open`, `--json`), or null for anything else. */
function plainOptions(args: string[]): ServeOptions | null {
  try {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false });
    const options = { port: values.port === undefined ? undefined : Number.parseInt(values.port, 10), open: values['no-open'] !== true, json: values.json === true };
    return serveOptionsProblem(options, process.env[serveTokenVariable]) ? null : options;
  } catch {
    return null;
  }
}

const options = plainOptions(process.argv.slice(3));
if (!options) {
  wholeCli();
} else {
  markStartup('modulesLoaded');
  guardStdout();
  let firstScreen: ((indexHtml: string) => string | null) | undefined;
  void runServe(
    options,
    {
      firstScreenPage: (dataDir) => (firstScreen = earlyFirstScreenPage(dataDir, findResourcesDir())),
      attach: async (early, dataDir) => {
        // While the page can show the first screen, loading the services (a quarter second of one core)
        // waits for the page to want them, so it does not hold up the page's own stylesheet and script.
        if (firstScreen) await Promise.race([early.consoleWanted, new Promise((resolve) => setTimeout(resolve, idleLoadMs))]);
        markStartup('consoleLoading');
        const bundle = codeCacheLoader().loadWithCodeCache(path.join(__dirname, '..', 'server', 'console.js'), { writeOnExit: writeCodeCache });
        const { attachConsole } = bundle.exports as { attachConsole: typeof AttachConsole };
        return attachConsole(early, { dataDir });
      },
      // Only a port taken can fail before the services load: its message quotes nothing from the responder.
      fail: (envelope) => {
        if (options.json) process.stdout.write(`${JSON.stringify(envelope)}\n`);
        else if (!envelope.ok) process.stderr.write(`firebreak: ${envelope.error.message}\n`);
        return 2;
      },
    },
    (code) => {
      process.exitCode = code;
    },
  );
}
