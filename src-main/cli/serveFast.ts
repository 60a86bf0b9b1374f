import path from 'node:path';
import { parseArgs } from 'node:util';
import { earlyFirstScreen } from '../server/earlyFirstScreen';
import type { EarlyServer } from '../server/earlyServer';
import type { attachConsole as AttachConsole } from '../server/server';
import { markStartup } from '../server/startupTimings';
import { findResourcesDir } from '../services/resourcesDir';
import { resolveDataDir } from '../store/dataDir';
import { serveOptionsProblem, serveTokenVariable, runServe, type ServeOptions } from './serveRun';
import { loadBundle, wholeCli } from './bundleLoader';
import { guardStdout } from './stdoutGuard';

/**
 * `firebreak serve` from a bundle of its own (bin/firebreak.js picks it): a few hundred kilobytes less
 * JavaScript to read before the link is printed. It listens and answers the page while the services
 * load from their own bundle (dist/main/server/console.js). Anything but the plain options goes to the
 * whole CLI, which explains usage and errors.
 */

/** With no page asked for by then, the services load at once. */
const idleLoadMs = 250;
/** A page whose assets never all come (its tab closed) holds the services back no longer than this. */
const pageScriptWaitMs = 3_000;

// Unref'd: a console that failed to start must not linger for them.
const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Loading the services takes a quarter second or more of the one thread that also answers the page,
 * its stylesheet and its scripts: while a page with the first screen loads, they wait until those have
 * gone out (the browser then lays out and paints on its own), or until the page's script asks for them.
 * A browser that is not there yet (still starting) finds them loaded.
 */
async function servicesWanted(early: EarlyServer): Promise<void> {
  const first = await Promise.race([after(idleLoadMs).then(() => 'idle'), early.pageAsked.then(() => 'page'), early.consoleWanted.then(() => 'wanted')]);
  if (first === 'page') await Promise.race([early.pageServed, early.consoleWanted, after(pageScriptWaitMs)]);
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
markStartup('modulesLoaded');
const firstScreen = options ? earlyFirstScreen(resolveDataDir(), findResourcesDir()) : undefined;
if (!options || firstScreen?.usable === false) {
  wholeCli();
} else {
  guardStdout();
  void runServe(
    options,
    {
      firstScreenPage: () => firstScreen?.page,
      // At once, as the link goes out: the first use of Intl loads the zone's data (about 17 ms
      // here), which a page that came first waited for in its draw (the page arrived 82–113 ms after
      // its navigation began, against 49–52 ms made ahead; start-up bench medians, 15 runs).
      announced: () => firstScreen?.warm(),
      attach: async (early, dataDir) => {
        if (firstScreen?.page) await servicesWanted(early);
        markStartup('consoleLoading');
        const { attachConsole } = loadBundle(path.join('server', 'console.js')) as { attachConsole: typeof AttachConsole };
        return attachConsole(early, { dataDir });
      },
      // Only listening can fail before the services load (a port taken, or the system's reason): nothing from the responder is quoted.
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
