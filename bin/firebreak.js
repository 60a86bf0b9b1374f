#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// `serve` and `scan secrets` start from bundles of their own: the link is printed, or the scan under
// way, before the rest of Firebreak loads. Each hands what it does not run to the whole CLI (main.js).
const [command, subcommand] = process.argv.slice(2);
const own = command === 'serve' ? 'serve.js' : command === 'scan' && subcommand === 'secrets' ? 'scanSecrets.js' : 'main.js';
const entry = path.join(__dirname, '..', 'dist', 'main', 'cli', own);
const loader = path.join(__dirname, '..', 'dist', 'main', 'codeCache.js');
if (!fs.existsSync(entry) || !fs.existsSync(loader)) {
  process.stderr.write('firebreak: not built yet: run `npm run build` (npm install does it for you).\n');
  process.exit(2);
}

// The bundle loads as `require` would, with the V8 code cache the build wrote beside it
// (`main.js.codecache`, checked against the bundle's SHA-256; src-main/jobs/codeCache.ts): compiling
// two megabytes of JavaScript is a good part of every command's start, and of the console's.
// `FIREBREAK_CODE_CACHE=write` (the build) writes it when the process ends.
require(loader).loadWithCodeCache(entry, { writeOnExit: process.env.FIREBREAK_CODE_CACHE === 'write' });

