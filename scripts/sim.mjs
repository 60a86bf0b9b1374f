// `npm run sim`: the seeded simulation of five responders at full size (10,000 events a seed).
//   SIM_SEED=7 npm run sim          one seed (the default is seed 1)
//   SIM_SEEDS=1..50 npm run sim     a range of seeds
//   SIM_EVENTS=2000 npm run sim     another size (a failing CI seed prints the size it ran at)
//   SIM_HUB=postgres npm run sim    the same seeds with the real PostgreSQL hub (a throw-away
//                                   cluster, a fresh database a seed; see test/sim/postgres.sim.test.ts)
// A seed that breaks an invariant prints the command that replays it and writes its trace JSON
// to a temporary directory.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
if (!env.SIM_SEED && !env.SIM_SEEDS) env.SIM_SEED = '1';
const started = Date.now();
const hub = env.SIM_HUB ?? 'memory';
if (hub !== 'memory' && hub !== 'postgres') {
  console.error(`SIM_HUB is memory or postgres, not ${hub}`);
  process.exit(2);
}
const file = hub === 'postgres' ? 'test/sim/postgres.sim.test.ts' : 'test/sim/sync.sim.test.ts';
const run = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', '--project', 'sim', file], { cwd: root, stdio: 'inherit', env });
console.log(`\nsim (${hub} hub): ${env.SIM_SEED ? `seed ${env.SIM_SEED}` : `seeds ${env.SIM_SEEDS}`}, ${env.SIM_EVENTS ?? '10000'} events a seed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(run.status ?? 1);
