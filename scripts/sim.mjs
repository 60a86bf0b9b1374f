// `npm run sim`: the seeded simulation of five responders at full size (10,000 events a seed).
//   SIM_SEED=7 npm run sim          one seed (the default is seed 1)
//   SIM_SEEDS=1..50 npm run sim     a range of seeds
//   SIM_EVENTS=2000 npm run sim     another size (a failing CI seed prints the size it ran at)
// A seed that breaks an invariant prints the command that replays it and writes its trace JSON
// to a temporary directory.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
if (!env.SIM_SEED && !env.SIM_SEEDS) env.SIM_SEED = '1';
const started = Date.now();
const run = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', '--project', 'sim', 'test/sim/sync.sim.test.ts'], { cwd: root, stdio: 'inherit', env });
console.log(`\nsim: ${env.SIM_SEED ? `seed ${env.SIM_SEED}` : `seeds ${env.SIM_SEEDS}`}, ${env.SIM_EVENTS ?? '10000'} events a seed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(run.status ?? 1);
