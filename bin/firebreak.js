#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'main', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('firebreak: not built yet: run `npm run build` (npm install does it for you).\n');
  process.exit(2);
}
require(entry);
