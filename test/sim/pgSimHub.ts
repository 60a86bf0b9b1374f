import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { SignedEvent } from '../../src-main/domain/sync/eventV2';
import type { PullResult, PushResult } from '../../src-main/services/sync/transport';
import type { PostgresCluster } from '../support/postgresCluster';
import type { SimHub, SimMember } from './harness';
import { SimFailure } from './invariants';
import type { HubAudit, HubRequest } from './pgHubWorker';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The PostgreSQL hub made synchronous for the simulation, which runs one operation at a time so a
 * seed replays exactly: a worker thread owns the `pg` connections; a call posts the request and
 * blocks this thread on a shared flag (Atomics.wait) until the worker answers.
 */
export class HubBridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));

  constructor() {
    // The worker is TypeScript importing the product's hub code: bundled here (pg stays a
    // require, resolved from the checkout, which an eval'd worker resolves against).
    const bundle = buildSync({ entryPoints: [path.join(here, 'pgHubWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, external: ['pg', 'pg-native'], logLevel: 'silent' });
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(bundle.outputFiles[0]!.text, { eval: true, workerData: { port: port2, flag: this.flag }, transferList: [port2] });
    this.worker.unref();
  }

  call<T>(request: HubRequest, timeoutMs = 120_000): T {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(request);
    if (Atomics.wait(this.flag, 0, 0, timeoutMs) === 'timed-out') throw new Error(`the hub worker did not answer ${request.op} within ${timeoutMs} ms`);
    const reply = receiveMessageOnPort(this.port)?.message as { ok: true; value: T } | { ok: false; message: string; code?: string } | undefined;
    if (!reply) throw new Error(`the hub worker raised its flag for ${request.op} without an answer`);
    if (!reply.ok) throw Object.assign(new Error(`hub ${request.op}: ${reply.message}`), { code: reply.code });
    return reply.value;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Why the PostgreSQL hub may refuse what the in-memory hub takes: the pusher is not a member yet. */
const notMemberYet = /is not a member of .* on the hub/;
const anotherFirstEvent = /already holds another first event for/;

/**
 * The simulation's hub on a fresh database of a real cluster: every responder is its own role
 * (its device key bound, as `hub add-member` does), so pushes and pulls pass row-level security as
 * in the product. It also checks what only a real hub can get wrong: every pull's page must be the
 * next rows by cursor, in strictly increasing `hub_seq`, with nothing skipped.
 */
export class PostgresSimHub implements SimHub {
  private readonly order: { seq: number; hash: string }[] = [];
  private readonly seqOf = new Map<string, number>();
  readonly stats = { pushes: 0, pulls: 0, refusedNotMember: 0, firstEventMislabelled: 0, hiddenPulls: 0, pulledEvents: 0 };
  private readonly database: string;

  constructor(private readonly bridge: HubBridge, cluster: PostgresCluster, database: string, members: readonly SimMember[]) {
    this.database = database;
    const adminUrl = cluster.adminUrl.replace(/\/postgres$/, `/${database}`);
    bridge.call({
      op: 'open',
      clusterAdminUrl: cluster.adminUrl,
      adminUrl,
      database,
      roles: members.map((member) => {
        const name = `sim_${member.name}`;
        return { name, password: `pw-${name}`, deviceKey: member.actorKey, url: cluster.url(name, `pw-${name}`, database) };
      }),
    });
  }

  accept(events: readonly SignedEvent[], by: string): PushResult {
    this.stats.pushes++;
    const { result, added } = this.bridge.call<{ result: PushResult; added: { seq: number; hash: string }[] }>({ op: 'push', by: `sim_${by}`, events: [...events] });
    for (const row of added) {
      if (this.seqOf.has(row.hash)) throw new SimFailure(`the hub holds ${row.hash} twice (hub_seq ${this.seqOf.get(row.hash)} and ${row.seq})`);
      this.order.push(row);
      this.seqOf.set(row.hash, row.seq);
    }
    return result;
  }

  read(cursor: number, limit: number, by: string): PullResult {
    this.stats.pulls++;
    const page = this.bridge.call<PullResult>({ op: 'pull', by: `sim_${by}`, cursor, limit });
    // One incident: a role sees every row or, before it is admitted, none.
    const next = this.order.filter((row) => row.seq > cursor).slice(0, limit);
    if (page.events.length === 0) {
      if (page.cursor !== cursor) throw new SimFailure(`an empty pull moved the cursor from ${cursor} to ${page.cursor}`);
      if (next.length > 0) this.stats.hiddenPulls++;
      return page;
    }
    this.stats.pulledEvents += page.events.length;
    const seqs = page.events.map((signed) => this.seqOf.get(signed.hash) ?? -1);
    seqs.forEach((seq, index) => {
      if (seq <= (index === 0 ? cursor : seqs[index - 1]!)) throw new SimFailure(`pull from ${cursor}: hub_seq ${seq} of ${page.events[index]!.hash} is not above the one before it`);
    });
    if (page.cursor !== seqs.at(-1)) throw new SimFailure(`pull from ${cursor}: the cursor handed back (${page.cursor}) is not the last row's hub_seq (${seqs.at(-1)})`);
    const expected = next.map((row) => row.hash).join(' ');
    if (page.events.map((signed) => signed.hash).join(' ') !== expected) throw new SimFailure(`pull from ${cursor} by ${by}: the page is not the next ${next.length} rows by cursor (a row skipped or out of order)`);
    return page;
  }

  get size(): number {
    return this.order.length;
  }

  hashes(): string[] {
    return this.order.map((row) => row.hash);
  }

  /** The cursor as the in-memory hub counts it (rows at or below it), so both hubs write the same trace. */
  cursorLabel(cursor: number): number {
    let count = 0;
    for (const row of this.order) if (row.seq <= cursor) count++;
    return count;
  }

  mayRefuse(refusal: { hash: string; reason: string }): boolean {
    // The admission of this responder's key has not reached the hub yet: a later push succeeds.
    if (notMemberYet.test(refusal.reason)) {
      this.stats.refusedNotMember++;
      return true;
    }
    // The same, for the incident's first event, which the hub holds already: its reason wrongly
    // says another first event was pushed (see test/reliability/hubLateAdmission.test.ts).
    if (anotherFirstEvent.test(refusal.reason) && this.seqOf.has(refusal.hash)) {
      this.stats.refusedNotMember++;
      this.stats.firstEventMislabelled++;
      return true;
    }
    return false;
  }

  finalCheck(oracle: ReadonlySet<string>, incidentId: string, members: readonly SimMember[]): string[] {
    const audit = this.bridge.call<HubAudit>({ op: 'audit', incidentId });
    const problems: string[] = [];
    if (audit.rows !== oracle.size) problems.push(`the hub database holds ${audit.rows} events; ${oracle.size} were created`);
    if (audit.distinctHashes !== audit.rows) problems.push(`the hub database holds an event twice (${audit.rows} rows, ${audit.distinctHashes} hashes)`);
    if (audit.distinctSlots !== audit.rows) problems.push('the hub database holds two events with one (incident, device, device sequence)');
    if (audit.hashOk !== audit.rows) problems.push('the hub database holds a body that does not match its hash');
    if (this.hashes().some((hash) => !oracle.has(hash))) problems.push('the hub holds an event no responder created');
    for (const member of members) {
      const role = `sim_${member.name}`;
      if (!audit.members.includes(role)) problems.push(`${role} is not a member of ${incidentId} on the hub (members: ${audit.members.join(', ')})`);
      if (audit.visibleTo[role] !== oracle.size) problems.push(`${role} can read ${audit.visibleTo[role]} of the incident's ${oracle.size} events on the hub`);
    }
    return problems;
  }

  close(drop = true): void {
    this.bridge.call({ op: 'close', drop });
  }

  toString(): string {
    return `PostgreSQL hub in database ${this.database}`;
  }
}
