// Loads a CommonJS bundle as `require` would, with V8's code cache beside it: compiling a bundle's
// code is a good part of every start, of the CLI (bin/firebreak.js) and of each job worker. Built
// on its own as dist/main/codeCache.js for bin/firebreak.js, and into the worker loader.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

interface ModuleInternals {
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
}

export interface LoadedBundle {
  exports: unknown;
  /** Whether V8 compiled from the cache (false: none, another bundle's, or rejected by this V8). */
  cacheUsed: boolean;
}

/**
 * The cache (`<bundle>.codecache`) starts with the SHA-256 of the bundle it was made from (V8 itself
 * only compares lengths); any other cache is ignored, and V8 rejects one made by another V8
 * (Electron's, say): a missing or stale cache only costs speed. `writeOnExit` (the build) writes the
 * cache when the process or thread ends, with every function the run compiled; `writeTag` keeps
 * the temporary files of threads writing at once apart.
 */
export function loadWithCodeCache(file: string, options: { writeOnExit?: boolean; writeTag?: string } = {}): LoadedBundle {
  // The bytes are hashed as read: hashing the decoded string would encode megabytes back to UTF-8 first.
  const bytes = fs.readFileSync(file);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const source = bytes.toString('utf8');
  const cacheFile = `${file}.codecache`;
  let cachedData: Buffer | undefined;
  try {
    const stored = fs.readFileSync(cacheFile);
    if (stored.subarray(0, digest.length).toString('latin1') === digest) cachedData = stored.subarray(digest.length);
  } catch {
    // No cache: compiled as usual.
  }
  const internals = Module as unknown as ModuleInternals;
  // import() inside the bundle resolves as in any module (older Nodes lack the constant: no import() then, as before).
  const dynamicImport = (vm.constants as Partial<typeof vm.constants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const script = new vm.Script(internals.wrap(source), { filename: file, cachedData, ...(dynamicImport ? { importModuleDynamically: dynamicImport } : {}) });
  if (options.writeOnExit) {
    // Registered before the run, so a run that ends the process still leaves its cache; a temporary name, then a rename.
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}${options.writeTag ?? ''}.tmp`;
      fs.writeFileSync(temporary, Buffer.concat([Buffer.from(digest, 'latin1'), script.createCachedData()]));
      fs.renameSync(temporary, cacheFile);
    });
  }
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = internals._nodeModulePaths(path.dirname(file));
  require.cache[file] = loaded;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, path.dirname(file));
  loaded.loaded = true;
  return { exports: loaded.exports, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}
