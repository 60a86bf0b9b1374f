import { createHash, type KeyObject } from 'node:crypto';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { canonicalJson } from '../../src-main/domain/incidents/eventChain';
import { eventTypes, replayIncident, type IncidentState } from '../../src-main/domain/incidents/incidentState';
import { projectionKinds, replayProjections } from '../../src-main/domain/incidents/projectionReplay';
import { fieldConflicts } from '../../src-main/domain/sync/conflicts';
import { actorKeyOf, type SignedEvent } from '../../src-main/domain/sync/eventV2';
import { verifyDag, type DagVerification } from '../../src-main/domain/sync/verifyDag';
import { exportEventSet, importEventSet, signedEventOfRow, type ImportOutcome } from '../../src-main/services/sync/eventSet';
import { SyncClient } from '../../src-main/services/sync/syncClient';
import { openDatabase, migrate } from '../../src-main/store/database';
import { headsOf, listDagRows, setSyncIdentity, syncIdentityOf, type DagRow } from '../../src-main/store/dagStore';
import { dagNodes, listWitnesses } from '../../src-main/store/dagNodes';
import { appendEvent } from '../../src-main/store/eventLog';
import { findIncident, incidentExists, insertIncident, updateIncident } from '../../src-main/store/incidentRepo';
import { migrations } from '../../src-main/store/migrations';
import { writeTransaction } from '../../src-main/store/transaction';
import type { Rng } from './rng';

export const levels: Record<string, number> = { SEV1: 15, SEV2: 60, SEV3: 240, SEV4: 1440 };
export const steps = [
  { id: 'isolate-host', phase: 'Contain', text: 'Isolate the affected host', detail: '', command: '', action: null, critical: true },
  { id: 'rotate-keys', phase: 'Eradicate', text: 'Rotate exposed credentials', detail: '', command: '', action: null, critical: true },
  { id: 'collect-logs', phase: 'Identify', text: 'Collect authentication logs', detail: '', command: '', action: null, critical: false },
  { id: 'notify-legal', phase: 'Identify', text: 'Notify legal', detail: '', command: '', action: null, critical: false },
];
const statusesForward = ['Active', 'Contained', 'Resolved'] as const;
export type Command = 'severity' | 'status' | 'commander' | 'note' | 'tick' | 'stepNote';

let template: Buffer | null = null;

/** A migrated empty database, serialized once per process: a fresh in-memory replica starts from a copy. */
export function freshMemoryDatabase(): Database {
  if (!template) {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations);
    template = db.serialize();
    db.close();
  }
  const db = new BetterSqlite3(template);
  db.pragma('foreign_keys = ON');
  return db;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What every replica must agree on: the replayed incident, its other tables, and its open conflicts. */
export function projectionDigest(db: Database, incidentId: string, rows: DagRow[] = listDagRows(db, incidentId)): string {
  const events = rows.map((row) => ({ type: row.type, at: row.at, actor: row.actor, payload: JSON.parse(row.payload) as Record<string, unknown> }));
  const state = replayIncident(incidentId, events);
  const projections = replayProjections(events);
  const tables = Object.fromEntries(projectionKinds.map((kind) => [kind, Object.fromEntries([...projections[kind].entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))]));
  const conflicts = fieldConflicts(rows.map((row, index) => ({ hash: row.hash, parents: JSON.parse(row.parents) as string[], lamport: row.lamport, type: row.type, actor: row.actor, time: row.at, payload: events[index]!.payload })));
  return sha256(canonicalJson({ state, tables, conflicts }));
}

/**
 * One responder's laptop on the real store: SQLite with every migration, a seeded device key and
 * seeded event ids, writes through the real appendEvent, receipt through receiveEvent. Some are
 * file-backed (a data dir under a temp folder) so crash-and-reopen opens a real file again.
 */
export class Responder {
  db: Database;
  client: SyncClient;
  readonly actorKey: string;
  private notes = 0;

  constructor(
    readonly index: number,
    readonly name: string,
    private readonly privateKey: KeyObject,
    private readonly rng: Rng,
    readonly dir: string | null,
    private readonly now: () => string,
  ) {
    this.actorKey = actorKeyOf(privateKey);
    this.db = this.open();
    this.client = this.makeClient();
  }

  private open(): Database {
    const db = this.dir ? openDatabase(this.dir) : freshMemoryDatabase();
    setSyncIdentity(db, { actorKey: this.actorKey, privateKey: this.privateKey, newId: () => this.rng.uuid() });
    return db;
  }

  private makeClient(): SyncClient {
    return new SyncClient(this.db, 'hub', this.now, () => syncIdentityOf(this.db));
  }

  holds(incidentId: string): boolean {
    return incidentExists(this.db, incidentId);
  }

  private signedOf(hash: string): SignedEvent {
    const row = this.db.prepare<[string], DagRow>('SELECT * FROM events WHERE hash = ?').get(hash)!;
    return signedEventOfRow(row)!;
  }

  /** The declaring responder's first events: the genesis and the checklist snapshot, as declareIncident writes them. */
  declare(incidentId: string, at: string): SignedEvent[] {
    return writeTransaction(this.db, () => {
      const state: IncidentState = {
        id: incidentId,
        kind: 'real',
        title: 'Credential stuffing against the VPN',
        scenario: 'generic',
        schemeId: 'default',
        severity: 'SEV2',
        responseMinutes: levels.SEV2!,
        impact: { confidentiality: true, integrity: false, availability: false },
        commander: this.name,
        detectionSource: 'SIEM alert',
        description: 'Many failed logins from one ASN',
        status: 'Active',
        declaredAt: at,
        respondedAt: null,
        updatedAt: at,
        playbookId: 'generic',
        currentPhase: 'Identify',
        acknowledgedAt: null,
        containedAt: null,
        recoveredAt: null,
        resolvedAt: null,
      };
      insertIncident(this.db, state);
      const { title, scenario, schemeId, severity, responseMinutes, impact, commander, detectionSource, description } = state;
      const base = { incidentId, at, actor: this.name, deviceId: `device-${this.index}` };
      const genesis = appendEvent(this.db, { ...base, type: eventTypes.declared, payload: { title, scenario, schemeId, severity, responseMinutes, impact, commander, detectionSource, description } });
      const snapshot = appendEvent(this.db, { ...base, type: eventTypes.checklistSnapshotted, payload: { playbookId: 'generic', playbookTitle: 'Generic incident', origin: 'builtin', reason: 'declared', steps } });
      return [genesis.hash, snapshot.hash].map((hash) => this.signedOf(hash));
    });
  }

  addMember(incidentId: string, other: Responder, at: string): SignedEvent {
    const stored = writeTransaction(this.db, () =>
      appendEvent(this.db, { incidentId, type: 'member.added', at, actor: this.name, deviceId: `device-${this.index}`, payload: { actorKey: other.actorKey, name: other.name } }),
    );
    return this.signedOf(stored.hash);
  }

  /** One domain command, written as the services write it: the event and the incident row in one transaction. */
  append(incidentId: string, command: Command, at: string, names: readonly string[]): SignedEvent {
    const stored = writeTransaction(this.db, () => this.write(incidentId, command, at, names));
    return this.signedOf(stored.hash);
  }

  private write(incidentId: string, command: Command, at: string, names: readonly string[]) {
    const current = findIncident(this.db, incidentId)!;
    const base = { incidentId, at, actor: this.name, deviceId: `device-${this.index}` };
    const step = this.rng.pick(steps);
    switch (command) {
      case 'severity': {
        const to = this.rng.pick(Object.keys(levels).filter((level) => level !== current.severity));
        updateIncident(this.db, { ...current, severity: to, responseMinutes: levels[to]!, updatedAt: at });
        return appendEvent(this.db, { ...base, type: eventTypes.severityChanged, payload: { from: current.severity, to, responseMinutes: levels[to]!, reason: `seen by ${this.name}` } });
      }
      case 'status': {
        const index = statusesForward.indexOf(current.status as (typeof statusesForward)[number]);
        if (index >= 0 && index < statusesForward.length - 1) {
          const to = statusesForward[index + 1]!;
          updateIncident(this.db, { ...current, status: to, updatedAt: at });
          return appendEvent(this.db, { ...base, type: eventTypes.statusChanged, payload: { from: current.status, to, note: '' } });
        }
        return appendEvent(this.db, { ...base, type: eventTypes.noteAdded, payload: { text: `${this.name}: status stays ${current.status}` } });
      }
      case 'commander': {
        const to = this.rng.pick(names.filter((name) => name !== current.commander));
        updateIncident(this.db, { ...current, commander: to, updatedAt: at });
        return appendEvent(this.db, { ...base, type: eventTypes.commanderChanged, payload: { from: current.commander, to } });
      }
      case 'note':
        return appendEvent(this.db, { ...base, type: eventTypes.noteAdded, payload: { text: `${this.name} note ${++this.notes}` } });
      case 'tick':
        return appendEvent(this.db, { ...base, type: eventTypes.stepChanged, payload: { stepId: step.id, step: step.text, from: 'open', to: this.rng.pick(['done', 'skipped', 'na', 'open']), reason: '' } });
      case 'stepNote':
        return appendEvent(this.db, { ...base, type: eventTypes.stepNoted, payload: { stepId: step.id, step: step.text, text: `${this.name} on ${step.id} ${++this.notes}` } });
    }
  }

  /**
   * The laptop dies and restarts. With `midWrite`, it dies inside a write transaction that had
   * already appended an event: that event was never committed, so it must not exist after reopen.
   * Returns the hash of the event that died with the process, if any.
   */
  crashAndReopen(incidentId: string, midWrite: boolean, at: string, names: readonly string[]): string | null {
    let lost: string | null = null;
    if (midWrite && this.holds(incidentId)) {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        lost = this.write(incidentId, 'note', at, names).hash;
      } catch {
        lost = null;
      }
    }
    if (this.dir) {
      this.db.close();
      this.db = this.open();
    } else {
      // An in-memory laptop restarts from what it had committed.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      const image = this.db.serialize();
      this.db.close();
      this.db = new BetterSqlite3(image);
      this.db.pragma('foreign_keys = ON');
      setSyncIdentity(this.db, { actorKey: this.actorKey, privateKey: this.privateKey, newId: () => this.rng.uuid() });
    }
    this.client = this.makeClient();
    return lost;
  }

  exportSet(incidentId: string): SignedEvent[] {
    return exportEventSet(this.db, incidentId);
  }

  importSet(events: readonly SignedEvent[], at: string): ImportOutcome {
    return importEventSet(this.db, events, at);
  }

  hashes(): string[] {
    return this.db.prepare<[], string>('SELECT hash FROM events ORDER BY hash').pluck().all();
  }

  pendingCount(): number {
    return this.db.prepare<[], number>('SELECT count(*) FROM pending_events').pluck().get() ?? 0;
  }

  heads(incidentId: string): string[] {
    return headsOf(this.db, incidentId);
  }

  verify(incidentId: string): DagVerification {
    return verifyDag({ incidentId, nodes: dagNodes(this.db, incidentId), witnesses: listWitnesses(this.db, incidentId), localActorKey: this.actorKey });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
