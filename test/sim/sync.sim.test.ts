import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SignedEvent } from '../../src-main/domain/sync/eventV2';
import { InMemoryHub, type PushResult } from '../../src-main/services/sync/transport';
import { runSimulation, type SimOptions, type SimResult } from './harness';
import { SimFailure } from './invariants';
import { seedsOf } from './seeds';

// `npm run sim` sets SIM_SEED=n or SIM_SEEDS=a..b and runs those seeds at full size; `npm test`
// runs the CI-sized batch below. SIM_EVENTS overrides the size either way.
const single = process.env.SIM_SEED;
const range = process.env.SIM_SEEDS;
const manual = Boolean(single || range);
const ciSeeds = 200;
const ciEvents = 50;
const events = Number(process.env.SIM_EVENTS ?? (manual ? 10_000 : ciEvents));

function options(size: number): SimOptions {
  // Verifying the whole DAG is linear in its size: about 40 checks a run whatever the size.
  return { events: size, permutations: 20, verifyEvery: Math.max(10, Math.round(size / 15)) };
}

/** Runs one seed; a broken invariant names the command that replays it and where the trace went. */
function runSeed(seed: number, size = events, extra: Partial<SimOptions> = {}): SimResult {
  try {
    return runSimulation(seed, { ...options(size), ...extra });
  } catch (error) {
    if (!(error instanceof SimFailure)) throw error;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-sim-trace-'));
    const file = path.join(dir, `seed-${seed}.json`);
    fs.writeFileSync(file, JSON.stringify({ seed, events: size, failure: error.message, trace: error.trace }, null, 1));
    // The report prints the cause's fields: the trace is in the file, not on the screen.
    error.trace = [];
    throw new Error(`seed ${seed} broke an invariant: ${error.message}\nreplay it with: SIM_SEED=${seed} SIM_EVENTS=${size} npm run sim\ntrace: ${file}`, { cause: error });
  }
}

describe.runIf(manual)('seeded simulation (npm run sim)', () => {
  for (const seed of manual ? seedsOf(single, range) : []) {
    it(`seed ${seed}: ${events} events, every invariant holds`, () => {
      const result = runSeed(seed, events, { progress: (line) => console.log(line) });
      console.log(`seed ${seed}: ${result.events} events in ${result.steps} steps, converged in ${result.rounds} rounds, trace ${result.traceDigest}`, JSON.stringify(result.stats));
    });
  }
});

describe.skipIf(manual)('seeded simulation of five responders (CI size)', () => {
  it(`${ciSeeds} seeds of ${ciEvents} events: no loss, no duplicates, convergence, verification, causality, idempotence`, () => {
    const totals = { events: 0, steps: 0, bundles: 0, crashes: 0, lostInCrash: 0, pendingSeen: 0, dropped: 0, incompleteSeen: 0 };
    for (let seed = 1; seed <= ciSeeds; seed++) {
      const result = runSeed(seed);
      expect(result.events).toBeGreaterThanOrEqual(ciEvents);
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += key === 'events' ? result.events : key === 'steps' ? result.steps : (result.stats[key] ?? 0);
    }
    // The faults really happened: a run without them would prove little.
    expect(totals.bundles).toBeGreaterThan(ciSeeds);
    expect(totals.crashes).toBeGreaterThan(0);
    expect(totals.lostInCrash).toBeGreaterThan(0);
    expect(totals.pendingSeen).toBeGreaterThan(0);
    expect(totals.dropped).toBeGreaterThan(0);
    console.log(`${ciSeeds} seeds: ${JSON.stringify(totals)}`);
  });

  it('one seed run twice gives a byte-identical trace; another seed gives another', () => {
    const first = runSeed(4242);
    const second = runSeed(4242);
    expect(second.traceDigest).toBe(first.traceDigest);
    expect(second.trace).toEqual(first.trace);
    expect(runSeed(4243).traceDigest).not.toBe(first.traceDigest);
  });

  it('a hub that silently loses events is caught, with the command that replays the seed', () => {
    // Forgets one event in ten it is pushed, yet acknowledges it: the laptop's outbox empties and the event is never fanned out.
    class ForgetfulHub extends InMemoryHub {
      private seen = 0;
      override accept(pushed: readonly SignedEvent[]): PushResult {
        const kept = pushed.filter(() => ++this.seen % 10 !== 0);
        const result = super.accept(kept);
        return { ...result, acknowledged: pushed.map((signed) => signed.hash) };
      }
    }
    let message = '';
    try {
      runSeed(3, 60, { hub: () => new ForgetfulHub() });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/SIM_SEED=3 SIM_EVENTS=60 npm run sim/);
    const file = /trace: (.*seed-3\.json)/.exec(message)![1]!;
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as { failure: string; trace: string[] };
    expect(written.failure).toMatch(/no convergence|holds \d+ events/);
    expect(written.trace.length).toBeGreaterThan(100);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
