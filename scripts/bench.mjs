// `npm run bench [-- NAME ...]`: runs test/bench/NAME.bench.ts (all of them without a name) and
// writes each result to bench-results/NAME.json. Benchmarks compare against a reference measured
// in the same run; absolute times on a shared machine mean little.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'test', 'bench');
const available = fs.readdirSync(benchDir).filter((file) => file.endsWith('.bench.ts')).map((file) => file.replace('.bench.ts', ''));
const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = false;
for (const name of requested.length ? requested : available) {
  console.log(`\n=== bench: ${name}`);
  const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(benchDir, `${name}.bench.ts`), ...process.argv.slice(2).filter((arg) => arg.startsWith('-'))], { cwd: root, stdio: 'inherit' });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
