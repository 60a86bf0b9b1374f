#!/usr/bin/env node
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const entry = path.join(__dirname, '..', 'dist', 'main', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('firebreak: not built yet: run `npm run build` (npm install does it for you).\n');
  process.exit(2);
}

/**
 * Loads the bundle as `require` would, with V8's code cache that the build wrote beside it
 * (`main.js.codecache`): compiling two megabytes of JavaScript is a good part of every command's
 * start, and of the console's. The cache starts with the SHA-256 of the bundle it was made from
 * (V8 itself only compares lengths); any other cache is ignored, and V8 ignores one made by
 * another Node. `FIREBREAK_CODE_CACHE=write` (the build) writes it when the process ends.
 */
function loadBundle(file) {
  // The bytes are hashed as read: hashing the decoded string would encode two megabytes back to UTF-8 first.
  const bytes = fs.readFileSync(file);
  const digest = crypto.createHash('sha256').update(bytes).digest('hex');
  const source = bytes.toString('utf8');
  const cacheFile = `${file}.codecache`;
  let cachedData;
  try {
    const stored = fs.readFileSync(cacheFile);
    if (stored.subarray(0, digest.length).toString('latin1') === digest) cachedData = stored.subarray(digest.length);
  } catch {
    // No cache: compiled as usual.
  }
  const dynamicImport = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData, ...(dynamicImport ? { importModuleDynamically: dynamicImport } : {}) });
  if (process.env.FIREBREAK_CODE_CACHE === 'write') {
    // After the run, so the functions it compiled are in the cache too; a temporary name, then a rename.
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, Buffer.concat([Buffer.from(digest, 'latin1'), script.createCachedData()]));
      fs.renameSync(temporary, cacheFile);
    });
  }
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = loaded;
  script.runInThisContext().call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, path.dirname(file));
  loaded.loaded = true;
}

loadBundle(entry);
