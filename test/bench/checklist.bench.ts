/**
 * Checklist: 10,000 step changes through the HTTP API on an incident with a 200-step checklist;
 * latency from call to persisted event (the response is sent after the commit). Goal: p99 < 20 ms.
 * References in the same run: the API round trip of a read (app.info) and the storage floor, a
 * one-row INSERT committed with the same pragmas (WAL, synchronous=FULL) on the same disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runCli } from '../support/cli';
import { apiCall, serveConsole, tempDataDir } from '../support/consoleServer';
import { percentile, writeReport } from './report';

const stepCount = 200;
const changes = Number(process.env.BENCH_CHANGES ?? 10_000);

function playbookYaml(): string {
  const phases = ['Identify', 'Triage', 'Contain', 'Eradicate', 'Recover', 'Learn'];
  const steps = Array.from({ length: stepCount }, (_, i) => `  - id: step-${i}\n    phase: ${phases[Math.floor((i * phases.length) / stepCount)]}\n    text: Benchmark step ${i}\n    command: echo {INCIDENT_ID} ${i}\n`);
  return `id: bench-200\ntitle: Benchmark playbook with ${stepCount} steps\nsteps:\n${steps.join('')}`;
}

function summary(samples: number[]) {
  const round = (value: number) => Number(value.toFixed(2));
  return { p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)), maxMs: round(Math.max(...samples)), meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length) };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function main() {
  const dataDir = tempDataDir('firebreak-bench-checklist-');
  fs.mkdirSync(path.join(dataDir, 'playbooks'));
  fs.writeFileSync(path.join(dataDir, 'playbooks', 'bench-200.yaml'), playbookYaml());
  const served = await serveConsole(dataDir);
  const declared = await apiCall(served, 'incident.declare', { title: 'Checklist benchmark', severity: 'P2', scenario: 'bench-200' });
  if (!declared.body.ok) throw new Error(declared.body.error.message);
  const id = declared.body.value.id as string;

  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < changes; i += 1) {
    const stepId = `step-${i % stepCount}`;
    const change = Math.floor(i / stepCount) % 2 === 0 ? 'done' : 'reopen';
    latencies.push(
      await timed(async () => {
        const { body } = await apiCall(served, 'checklist.change', { id, stepId, change });
        if (!body.ok) throw new Error(`change ${i}: ${body.error.message}`);
      }),
    );
  }
  const totalSeconds = (performance.now() - started) / 1000;

  const readRoundTrips: number[] = [];
  for (let i = 0; i < 1_000; i += 1) readRoundTrips.push(await timed(() => apiCall(served, 'app.info', {})));
  await served.stop();

  const floorDb = new BetterSqlite3(path.join(dataDir, 'floor.sqlite'));
  floorDb.pragma('journal_mode = WAL');
  floorDb.pragma('synchronous = FULL');
  floorDb.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = floorDb.prepare('INSERT INTO t (v) VALUES (?)');
  const commits: number[] = [];
  for (let i = 0; i < 1_000; i += 1) {
    const t0 = performance.now();
    insert.run(`row ${i}`);
    commits.push(performance.now() - t0);
  }
  floorDb.close();

  const verify = runCli(dataDir, ['incident', 'verify', id, '--json']);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const stepChange = summary(latencies);
  writeReport('checklist', {
    steps: stepCount,
    changes,
    throughputPerSecond: Math.round(changes / totalSeconds),
    stepChange,
    referenceReadRoundTrip: summary(readRoundTrips),
    referenceSqliteCommit: summary(commits),
    p99ToCommitFloorRatio: Number((stepChange.p99Ms / percentile(commits, 99)).toFixed(2)),
    chainAfter: verify.json.value,
    goalP99Ms: 20,
    meetsGoal: stepChange.p99Ms < 20 && verify.json.value.intact === true,
  });
  if (!(stepChange.p99Ms < 20)) process.exitCode = 1;
}

void main();
