import path from 'node:path';

/**
 * For the commands that start from a bundle of their own (`serve`, a plain `scan secrets`): loading
 * another of the build's bundles beside them with V8's code cache, and handing the command to the
 * whole CLI when it is not theirs to run. Bundled paths only: `__dirname` is `dist/main/cli`.
 */

interface LoadedBundle {
  exports: unknown;
}
type CodeCacheLoader = { loadWithCodeCache(file: string, options?: { writeOnExit?: boolean }): LoadedBundle };

/** The build's warm-up runs write the code caches of the bundles they load (scripts/build.mjs). */
const writeCodeCache = process.env.FIREBREAK_CODE_CACHE === 'write';

/** A bundle of dist/main, by its path there, loaded with its code cache. */
export function loadBundle(relative: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader is its own file beside the bundles, read at run time
  const loader = require(path.join(__dirname, '..', 'codeCache.js')) as CodeCacheLoader;
  return loader.loadWithCodeCache(path.join(__dirname, '..', relative), { writeOnExit: writeCodeCache }).exports;
}

/** The whole CLI runs this process's command, as if it had started it: usage, help and every error are its own. */
export function wholeCli(): void {
  loadBundle(path.join('cli', 'main.js'));
}
