import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignedEvent } from '../../src-main/domain/sync/eventV2';
import { InMemoryHub, type PullResult, type PushResult } from '../../src-main/services/sync/transport';
import type { OutboxBatch } from '../../src-main/services/sync/syncClient';
import { Rng, ed25519FromSeed } from './rng';
import { Responder, type Command } from './responder';
import { hubName, SimNetwork } from './simNetwork';
import { checkFinalInvariants, SimFailure } from './invariants';

export const HOUR = 3_600_000;
const epoch = Date.parse('2026-11-23T08:00:00.000Z');

export interface SimOptions {
  /** Events the responders create before the network heals (the run's size). */
  events: number;
  responders?: number;
  /** Fresh replicas fed the oracle's events in random orders. */
  permutations?: number;
  maxRounds?: number;
  /** How many responders keep a file-backed data dir (the rest are in memory). */
  fileBacked?: number;
  verifyEvery?: number;
  /** Another hub with the same rules (a test can hand in a faulty one, or the PostgreSQL hub). */
  hub?: (members: readonly SimMember[]) => SimHub;
  /** Told how far a long run got: every thousand events, then each phase. */
  progress?: (line: string) => void;
}

export interface SimResult {
  seed: number;
  steps: number;
  events: number;
  rounds: number;
  traceDigest: string;
  trace: string[];
  stats: Record<string, number>;
}

type Message =
  | { kind: 'push'; batch: OutboxBatch }
  | { kind: 'pushed'; batch: OutboxBatch; result: PushResult }
  | { kind: 'pull'; cursor: number; limit: number }
  | { kind: 'pulled'; from: number; page: PullResult };

const weights = { append: 30, push: 10, pull: 10, deliver: 28, bundle: 1, partition: 1.5, mend: 1.5, offline: 0.4, idle: 0.3, crash: 0.8 } as const;
const commands: Record<Command, number> = { severity: 3, status: 1, commander: 2, note: 6, tick: 5, stepNote: 3 };

/** A responder as a hub knows it: its name and its device key. */
export interface SimMember {
  name: string;
  actorKey: string;
}

/**
 * What the simulation needs of a hub, synchronously (the InMemoryHub has it; the PostgreSQL hub
 * gets it through a worker thread, see pgSimHub.ts). `by` names the responder who asks: a real hub
 * answers each under its own role.
 */
export interface SimHub {
  accept(events: readonly SignedEvent[], by: string): PushResult;
  read(cursor: number, limit: number, by: string): PullResult;
  readonly size: number;
  /** Every hash held, in cursor order. */
  hashes(): string[];
  /** The cursor as the trace writes it: rows at or below it (the InMemoryHub's cursor is that count). */
  cursorLabel?(cursor: number): number;
  /** A refusal this hub may give where the in-memory one would not (and a later push gets past). */
  mayRefuse?(refusal: { hash: string; reason: string }): boolean;
  /** The hub's own state after convergence: a problem each. */
  finalCheck?(oracle: ReadonlySet<string>, incidentId: string, members: readonly SimMember[]): string[];
}

/** The parts of a run the invariants read. */
export interface SimWorld {
  incidentId: string;
  responders: Responder[];
  hub: SimHub;
  oracle: Map<string, SignedEvent>;
  now: () => string;
}

/**
 * Five responders on the real store share one incident through a lossy hub and USB bundles, with
 * partitions, offline hours and crashes, all drawn from one seed on a virtual clock; then the
 * network heals, they sync until quiet, and every invariant of TEAM-SYNC §4.2 is checked.
 */
export function runSimulation(seed: number, options: SimOptions): SimResult {
  const rng = new Rng(seed);
  const count = options.responders ?? 5;
  const trace: string[] = [];
  let clock = 0;
  const skew = Array.from({ length: count }, () => rng.int(-300_000, 300_000));
  const timeOf = (index: number) => new Date(epoch + clock + skew[index]!).toISOString();
  const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'].slice(0, count);
  const tmp = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), `firebreak-sim-${seed}-`));
  const responders = names.map((name, index) => {
    const key = ed25519FromSeed(rng.bytes(32));
    const dir = index < (options.fileBacked ?? 2) ? path.join(tmp, name) : null;
    return new Responder(index, name, key, rng, dir, () => timeOf(index));
  });
  const members: SimMember[] = responders.map((r) => ({ name: r.name, actorKey: r.actorKey }));
  const hub: SimHub = options.hub?.(members) ?? new InMemoryHub();
  const label = (cursor: number) => hub.cursorLabel?.(cursor) ?? cursor;
  const net = new SimNetwork<Message>(rng, { drop: 0.05, duplicate: 0.05, maxDelayMs: 30_000 });
  const oracle = new Map<string, SignedEvent>();
  const incidentId = 'INC-20261123-080000';
  const world: SimWorld = { incidentId, responders, hub, oracle, now: () => timeOf(0) };
  const stats: Record<string, number> = { appends: 0, refusedAppends: 0, bundles: 0, crashes: 0, lostInCrash: 0, pendingSeen: 0, verifies: 0, incompleteSeen: 0 };
  const endpoint = (r: Responder) => r.name;
  const byName = new Map(responders.map((r) => [r.name, r]));

  const record = (signed: SignedEvent, by: Responder) => {
    if (oracle.has(signed.hash)) throw new SimFailure(`event ${signed.hash} was created twice`);
    oracle.set(signed.hash, signed);
    trace.push(`${by.name} + ${signed.event.type} ${signed.event.actor_seq} ${signed.hash}`);
    if (oracle.size % 1000 === 0) options.progress?.(`seed ${seed}: ${oracle.size} events`);
  };
  const checkReceived = (to: Responder, applied: readonly string[], refused: readonly { hash: string; reason: string }[]) => {
    if (refused.length > 0) throw new SimFailure(`${to.name} refused ${refused.length} events: ${refused[0]!.reason}`);
    for (const hash of applied) if (!oracle.has(hash)) throw new SimFailure(`${to.name} applied ${hash}, which no responder created`);
  };

  const deliver = (message: { from: string; to: string; body: Message }) => {
    const body = message.body;
    if (message.to === hubName) {
      if (body.kind === 'push') {
        const result = hub.accept(body.batch.events, message.from);
        const unexpected = result.refused.filter((refusal) => !hub.mayRefuse?.(refusal));
        if (unexpected.length > 0) throw new SimFailure(`the hub refused ${unexpected[0]!.hash}: ${unexpected[0]!.reason}`);
        net.send(hubName, message.from, { kind: 'pushed', batch: body.batch, result }, clock);
      } else if (body.kind === 'pull') net.send(hubName, message.from, { kind: 'pulled', from: body.cursor, page: hub.read(body.cursor, body.limit, message.from) }, clock);
      trace.push(`hub <- ${message.from} ${body.kind} size=${hub.size}`);
      return;
    }
    const to = byName.get(message.to)!;
    if (body.kind === 'pushed') {
      const done = to.client.acknowledge(body.batch, body.result);
      trace.push(`${to.name} <- pushed ${body.batch.events.length} through=${body.batch.through} ${done}`);
    } else if (body.kind === 'pulled') {
      const outcome = to.client.applyPulled(body.from, body.page);
      checkReceived(to, outcome.applied, outcome.refused);
      stats.pendingSeen! += outcome.pending;
      trace.push(`${to.name} <- pulled ${label(body.from)}..${label(body.page.cursor)} applied=${outcome.applied.length} pending=${outcome.pending}`);
    }
  };

  // A responder writes once it holds the incident and the declarer's member.added for its key has
  // reached it; that never changes back, so it is looked up until it is true.
  const writers = new Set<Responder>();
  const canAppend = (r: Responder) => {
    if (writers.has(r)) return true;
    const ready = r.holds(incidentId) && (r.index === 0 || r.db.prepare("SELECT 1 FROM events WHERE type = 'member.added' AND json_extract(payload, '$.actorKey') = ? LIMIT 1").get(r.actorKey) !== undefined);
    if (ready) writers.add(r);
    return ready;
  };

  // The declarer declares and admits the others, as the console does before sharing.
  const declarer = responders[0]!;
  for (const signed of declarer.declare(incidentId, timeOf(0))) record(signed, declarer);
  for (const other of responders.slice(1)) {
    record(declarer.addMember(incidentId, other, timeOf(0)), declarer);
  }

  try {
  let step = 0;
  const maxSteps = options.events * 20 + 1000;
  for (; oracle.size < options.events && step < maxSteps; step++) {
    const op = rng.weighted(weights);
    const r = rng.pick(responders);
    switch (op) {
      case 'append': {
        if (!canAppend(r)) {
          stats.refusedAppends!++;
          break;
        }
        record(r.append(incidentId, rng.weighted(commands), timeOf(r.index), names), r);
        stats.appends!++;
        break;
      }
      case 'push': {
        const batch = r.client.outbox(200);
        if (batch.through > r.client.state().pushed_through) net.send(endpoint(r), hubName, { kind: 'push', batch }, clock);
        break;
      }
      case 'pull':
        net.send(endpoint(r), hubName, { kind: 'pull', cursor: r.client.state().pull_cursor, limit: 200 }, clock);
        break;
      case 'deliver':
        for (const message of net.takeDue(clock)) deliver(message);
        break;
      case 'bundle': {
        const to = rng.pick(responders.filter((other) => other !== r));
        let events = r.exportSet(incidentId);
        // A bundle may be partial (an older file), shuffled, and hold an event twice.
        if (rng.chance(0.3)) events = events.filter(() => rng.chance(0.5));
        events = rng.shuffle([...events, ...events.filter(() => rng.chance(0.05))]);
        const outcome = to.importSet(events, timeOf(to.index));
        checkReceived(to, outcome.applied, outcome.refused);
        stats.bundles!++;
        stats.pendingSeen! += outcome.pending;
        trace.push(`${r.name} => ${to.name} bundle ${events.length} applied=${outcome.applied.length} pending=${outcome.pending}`);
        break;
      }
      case 'partition': {
        const endpoints = rng.shuffle([hubName, ...responders.map(endpoint)]);
        // One time in three the hub alone is cut off; otherwise a random split.
        const cut = rng.chance(1 / 3) ? 1 : rng.int(1, endpoints.length - 1);
        const groups = rng.chance(1 / 3) ? [[hubName], endpoints.filter((e) => e !== hubName)] : [endpoints.slice(0, cut), endpoints.slice(cut)];
        net.setPartition(groups);
        trace.push(`partition ${groups.map((g) => [...g].sort().join(',')).join(' | ')}`);
        break;
      }
      case 'mend':
        net.setPartition(null);
        trace.push('partition mended');
        break;
      case 'offline': {
        const hours = rng.int(1, 4);
        net.goOffline(endpoint(r), clock + hours * HOUR);
        trace.push(`${r.name} offline ${hours} h`);
        break;
      }
      case 'idle': {
        const gap = rng.int(5, 60) * 60_000;
        clock += gap;
        trace.push(`idle ${gap / 60_000} min`);
        break;
      }
      case 'crash': {
        const midWrite = canAppend(r) && rng.chance(0.5);
        const lost = r.crashAndReopen(incidentId, midWrite, timeOf(r.index), names);
        stats.crashes!++;
        if (lost) {
          stats.lostInCrash!++;
          if (r.db.prepare('SELECT 1 FROM events WHERE hash = ?').get(lost) !== undefined) throw new SimFailure(`${r.name}: an event written in a transaction that never committed is in the store after reopen`);
        }
        trace.push(`${r.name} crash ${midWrite ? 'mid-write' : 'idle'} ${lost ? 'lost ' + lost : ''}`);
        break;
      }
    }
    if (options.verifyEvery && step % options.verifyEvery === 0) {
      const checked = responders[(step / options.verifyEvery) % responders.length]!;
      if (checked.holds(incidentId)) {
        const result = checked.verify(incidentId);
        stats.verifies!++;
        if (result.verdict === 'incomplete') stats.incompleteSeen!++;
        if (result.verdict === 'tampered') throw new SimFailure(`during the run ${checked.name} verified tampered: ${result.problems[0]?.message}`);
      }
    }
    clock += rng.int(0, 2_000);
  }

  // Heal, then everyone syncs through the hub until nothing changes.
  net.heal();
  trace.push(`heal after ${step} steps, ${oracle.size} events`);
  options.progress?.(`seed ${seed}: healed after ${step} steps`);
  const maxRounds = options.maxRounds ?? 50;
  let rounds = 0;
  const converged = () =>
    hub.size === oracle.size && responders.every((r) => r.pendingCount() === 0 && r.client.outbox(1).events.length === 0 && r.hashes().length === oracle.size);
  while (!converged()) {
    if (++rounds > maxRounds) throw new SimFailure(`no convergence within ${maxRounds} rounds after the network healed (hub ${hub.size}, oracle ${oracle.size}, replicas ${responders.map((r) => r.hashes().length).join('/')})`);
    for (const r of responders) {
      const batch = r.client.outbox(1000);
      if (batch.through > r.client.state().pushed_through) net.send(endpoint(r), hubName, { kind: 'push', batch }, clock);
    }
    for (let leg = 0; leg < 2; leg++) {
      clock += net.faults.maxDelayMs + 1;
      for (const message of net.takeDue(clock)) deliver(message);
    }
    for (const r of responders) net.send(endpoint(r), hubName, { kind: 'pull', cursor: r.client.state().pull_cursor, limit: 1000 }, clock);
    for (let leg = 0; leg < 2; leg++) {
      clock += net.faults.maxDelayMs + 1;
      for (const message of net.takeDue(clock)) deliver(message);
    }
    trace.push(`round ${rounds}: hub ${hub.size}`);
  }
  // Late duplicates still in flight change nothing.
  clock += net.faults.maxDelayMs + 1;
  for (const message of net.takeDue(clock)) deliver(message);

  options.progress?.(`seed ${seed}: converged in ${rounds} rounds; checking the invariants`);
  const finals = checkFinalInvariants(world, rng, options.permutations ?? 20, options.progress);
  const hubProblems = hub.finalCheck?.(new Set(oracle.keys()), incidentId, members) ?? [];
  if (hubProblems.length > 0) throw new SimFailure(`the hub after convergence: ${hubProblems.join('; ')}`);
  trace.push(...finals);
  const traceDigest = createHash('sha256').update(trace.join('\n')).digest('hex');
  return { seed, steps: step, events: oracle.size, rounds, traceDigest, trace, stats: { ...stats, ...net.stats } };
  } catch (error) {
    if (error instanceof SimFailure) error.trace = trace;
    throw error;
  } finally {
    for (const r of responders) r.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
