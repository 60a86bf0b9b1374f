// `npm test`: build, type-check, lint, then every test project (unit, integration, e2e in Chromium).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './chromium.mjs';
import { ensureElectronTypes } from './electron-types.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results', 'vitest.json');

function step(title, command, args) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${title}\n`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    process.stdout.write(`\n✖ ${title} failed (exit ${run.status ?? run.signal})\n`);
    process.exit(run.status || 1);
  }
  process.stdout.write(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

let chromium;
try {
  chromium = await findChromium();
} catch (error) {
  console.error(`The end-to-end tests need Chromium: ${error.message}. Set FIREBREAK_CHROMIUM to use another build.`);
  process.exit(2);
}
console.log(`chromium: ${chromium.path} (${chromium.source})`);
console.log(`electron types: ${ensureElectronTypes()}`);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
step('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('lint', bin('eslint'), ['.']);
fs.mkdirSync(path.dirname(results), { recursive: true });
fs.rmSync(results, { force: true });
// Resolved once here, so the e2e files share one unpacked browser.
const tests = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FIREBREAK_CHROMIUM: chromium.path },
});
if (fs.existsSync(results)) {
  const summary = JSON.parse(fs.readFileSync(results, 'utf8'));
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
process.exit(tests.status ?? 1);
