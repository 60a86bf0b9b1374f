/**
 * The seeded simulation of five responders (TEAM-SYNC §4.4) with the real PostgreSQL hub in place
 * of the in-memory one: a throw-away cluster for the file, a fresh database per seed (hub init),
 * and each responder pushing and pulling as its own hub role with its device key bound, so row-level
 * security and membership (first event, member.added) work as in the product. Operations run one
 * at a time through a worker thread, so a seed replays exactly. The responders never LISTEN: the
 * run shows that a client without NOTIFY converges by polling alone.
 *
 * `npm test` runs the CI-sized batch below. By hand, at full size:
 *   SIM_HUB=postgres SIM_SEED=7 npm run sim
 *   SIM_HUB=postgres SIM_SEEDS=1..5 SIM_EVENTS=2000 npm run sim
 * A seed that breaks an invariant prints the command that replays it and writes its trace JSON.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';
import { runSimulation, type SimOptions, type SimResult } from './harness';
import { SimFailure } from './invariants';
import { HubBridge, PostgresSimHub } from './pgSimHub';
import { seedsOf } from './seeds';

const single = process.env.SIM_SEED;
const range = process.env.SIM_SEEDS;
const manual = Boolean(single || range);
const ciSeeds = Number(process.env.SIM_PG_SEEDS ?? 10);
const ciEvents = 100;
const events = Number(process.env.SIM_EVENTS ?? (manual ? 10_000 : ciEvents));

let cluster: PostgresCluster;
let bridge: HubBridge;

beforeAll(async () => {
  cluster = await startPostgres();
  bridge = new HubBridge();
}, 120_000);

afterAll(async () => {
  await bridge?.close();
  await cluster?.stop();
});

function options(size: number): SimOptions {
  return { events: size, permutations: 20, verifyEvery: Math.max(10, Math.round(size / 15)) };
}

interface PgRun {
  result: SimResult;
  stats: PostgresSimHub['stats'];
}

/** One seed on a fresh hub database; a broken invariant names the command that replays it. */
function runOnPostgres(seed: number, size = events, progress?: (line: string) => void): PgRun {
  let hub: PostgresSimHub | null = null;
  try {
    const result = runSimulation(seed, { ...options(size), progress, hub: (members) => (hub = new PostgresSimHub(bridge, cluster, `sim_seed_${seed}`, members)) });
    return { result, stats: { ...hub!.stats } };
  } catch (error) {
    if (!(error instanceof SimFailure)) throw error;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-sim-trace-'));
    const file = path.join(dir, `seed-${seed}-postgres.json`);
    fs.writeFileSync(file, JSON.stringify({ seed, hub: 'postgres', events: size, failure: error.message, trace: error.trace }, null, 1));
    error.trace = [];
    throw new Error(`seed ${seed} broke an invariant on the PostgreSQL hub: ${error.message}\nreplay it with: SIM_HUB=postgres SIM_SEED=${seed} SIM_EVENTS=${size} npm run sim\ntrace: ${file}`, { cause: error });
  } finally {
    (hub as PostgresSimHub | null)?.close();
  }
}

/**
 * The PostgreSQL hub may answer differently from the in-memory one in one way only: it refuses
 * events from, and hides the incident from, a role whose admission (member.added) it does not
 * hold yet. Until it first does, both runs must write the same trace, line for line.
 */
function compareWithMemory(seed: number, size: number, pg: PgRun): { identical: boolean } {
  const memory = runSimulation(seed, options(size));
  const answeredAlike = pg.stats.refusedNotMember === 0 && pg.stats.hiddenPulls === 0;
  if (answeredAlike) {
    expect(pg.result.traceDigest, `seed ${seed}: the hubs answered alike, the traces must match`).toBe(memory.traceDigest);
    return { identical: true };
  }
  const first = pg.result.trace.findIndex((line, index) => line !== memory.trace[index]);
  expect(first, `seed ${seed}: the PostgreSQL hub refused or hid events, yet the traces match`).toBeGreaterThanOrEqual(0);
  // The first difference is a push the hub did not take whole (it holds less after it, or the reply
  // says so), or a pull that saw less, by a responder not yet admitted on the hub.
  const [pgLine, memoryLine] = [pg.result.trace[first]!, memory.trace[first] ?? ''];
  const sizes = [pgLine, memoryLine].map((line) => /^hub <- (\w+) push size=(\d+)$/.exec(line));
  const heldLess = sizes[0] && sizes[1] && sizes[0][1] === sizes[1][1] && Number(sizes[0][2]) < Number(sizes[1][2]);
  if (!heldLess) expect(pgLine, `seed ${seed}: first difference from the in-memory hub (${memoryLine})`).toMatch(/<- pushed \d+ through=\d+ false$|<- pulled \d+\.\.\d+ applied=0 /);
  return { identical: false };
}

describe.runIf(manual)('seeded simulation on the PostgreSQL hub (SIM_HUB=postgres npm run sim)', () => {
  for (const seed of manual ? seedsOf(single, range) : []) {
    it(`seed ${seed}: ${events} events, every invariant holds`, () => {
      const { result, stats } = runOnPostgres(seed, events, (line) => console.log(line));
      console.log(`seed ${seed}: ${result.events} events in ${result.steps} steps, converged in ${result.rounds} rounds, trace ${result.traceDigest}`, JSON.stringify({ ...result.stats, ...stats }));
    });
  }
});

describe.skipIf(manual)('seeded simulation of five responders on the PostgreSQL hub (CI size)', () => {
  it(`${ciSeeds} seeds of ${events} events: every invariant holds, and the hub holds each event once, read by every member`, () => {
    const totals = { events: 0, pushes: 0, pulls: 0, pulledEvents: 0, refusedNotMember: 0, firstEventMislabelled: 0, hiddenPulls: 0, identicalTraces: 0, dropped: 0, bundles: 0 };
    for (let seed = 1; seed <= ciSeeds; seed++) {
      const run = runOnPostgres(seed, events);
      expect(run.result.events).toBeGreaterThanOrEqual(events);
      if (compareWithMemory(seed, events, run).identical) totals.identicalTraces++;
      totals.events += run.result.events;
      totals.pushes += run.stats.pushes;
      totals.pulls += run.stats.pulls;
      totals.pulledEvents += run.stats.pulledEvents;
      totals.refusedNotMember += run.stats.refusedNotMember;
      totals.firstEventMislabelled += run.stats.firstEventMislabelled;
      totals.hiddenPulls += run.stats.hiddenPulls;
      totals.dropped += run.result.stats.dropped ?? 0;
      totals.bundles += run.result.stats.bundles ?? 0;
    }
    // The hub really carried the events: most of what the replicas hold came through pulls.
    expect(totals.pulledEvents).toBeGreaterThan(totals.events);
    expect(totals.dropped).toBeGreaterThan(0);
    console.log(`${ciSeeds} seeds on PostgreSQL: ${JSON.stringify(totals)}`);
  });

  it('one seed run twice on PostgreSQL gives a byte-identical trace', () => {
    const first = runOnPostgres(4242, ciEvents);
    const second = runOnPostgres(4242, ciEvents);
    expect(second.result.trace).toEqual(first.result.trace);
    expect(second.result.traceDigest).toBe(first.result.traceDigest);
  });
});
