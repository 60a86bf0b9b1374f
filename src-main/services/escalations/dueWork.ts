import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { escalationSteps, type EscalationStep } from '../../domain/escalations/escalation';
import { eventTypes, type IncidentState } from '../../domain/incidents/incidentState';
import { findLevel, findScheme } from '../../domain/incidents/severity';
import { slaDueAt } from '../../domain/incidents/sla';
import { hasEventWithDueAt } from '../../store/eventLog';
import { findIncident } from '../../store/incidentRepo';
import { prepared } from '../../store/preparedStatements';
import { readSetting, writeSetting } from '../../store/settingsRepo';
import { writeTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';

/** What comes due: the response-SLA deadline, an escalation step, the next comms update. */
export type DueKind = 'breach' | 'step' | 'update';

/** The reminders row that says the next update is due: one per incident, replaced by each one raised. */
export const nextUpdateKey = 'next-update';
const configSetting = 'dueWork.config';
/** Incidents recomputed per write transaction: a rebuild over thousands never holds the lock for long. */
const staleBatch = 200;

const isOpen = (state: IncidentState) => state.status === 'Active' || state.status === 'Contained';

/** The escalation steps of the incident's severity; none when its scheme or level is unknown here (an imported one, say). */
export function stepsFor(ctx: ServiceContext, state: IncidentState): EscalationStep[] {
  try {
    return escalationSteps(ctx.escalation, findLevel(findScheme(ctx.schemes, state.schemeId), state.severity).rank);
  } catch {
    return [];
  }
}

export interface LastSent {
  dueAt: string;
  title?: string;
  channel?: string;
}

/** When the latest message sent (in projection order, the same on every laptop) says the next one is due; null if it names no real time. */
export function nextUpdateOf(db: Database, incidentId: string): LastSent | null {
  const row = prepared<[string, string], { payload: string }>(db, 'SELECT payload FROM events WHERE incident_id = ? AND type = ? ORDER BY lamport DESC, hash DESC LIMIT 1').get(incidentId, eventTypes.commsSent);
  if (!row) return null;
  const sent = JSON.parse(row.payload) as { title?: string; channel?: string; nextUpdateAt?: unknown };
  if (typeof sent.nextUpdateAt !== 'string' || Number.isNaN(Date.parse(sent.nextUpdateAt))) return null;
  return { dueAt: sent.nextUpdateAt, title: sent.title, channel: sent.channel };
}

export function reminderDueAt(db: Database, incidentId: string, key: string): string | undefined {
  return prepared<[string, string], { due_at: string }>(db, 'SELECT due_at FROM reminders WHERE incident_id = ? AND step_key = ?').get(incidentId, key)?.due_at;
}

/**
 * Recomputes what the incident has still to come due, from its row, its reminders and its events:
 * nothing once Resolved or Closed, everything not yet raised when reopened. Runs inside the
 * caller's write transaction, after whatever it wrote.
 */
export function refreshDueWork(db: Database, ctx: ServiceContext, incidentId: string): void {
  prepared(db, 'DELETE FROM due_work WHERE incident_id = ?').run(incidentId);
  const state = findIncident(db, incidentId);
  if (!state || !isOpen(state)) return;
  const insert = prepared(db, 'INSERT OR REPLACE INTO due_work (incident_id, kind, key, due_ms) VALUES (?, ?, ?, ?)');
  const add = (kind: DueKind, key: string, dueMs: number) => {
    if (Number.isFinite(dueMs)) insert.run(incidentId, kind, key, dueMs);
  };
  if (state.status === 'Active' && state.respondedAt === null) {
    const dueAt = slaDueAt(state.declaredAt, state.responseMinutes);
    if (!hasEventWithDueAt(db, incidentId, eventTypes.slaBreached, dueAt)) add('breach', '', Date.parse(dueAt));
  }
  const declaredMs = Date.parse(state.declaredAt);
  for (const step of stepsFor(ctx, state)) {
    if (reminderDueAt(db, incidentId, step.key) === undefined) add('step', step.key, declaredMs + step.afterMinutes * 60_000);
  }
  const next = nextUpdateOf(db, incidentId);
  if (next && reminderDueAt(db, incidentId, nextUpdateKey) !== next.dueAt) add('update', nextUpdateKey, Date.parse(next.dueAt));
}

/** What the index was computed from: a change to the matrix or the schemes recomputes every open incident. */
function configFingerprint(ctx: ServiceContext): string {
  const schemes = ctx.schemes.map((scheme) => [scheme.id, scheme.levels.map((level) => [level.id, level.responseMinutes])]);
  return createHash('sha256').update(JSON.stringify({ version: 1, levels: ctx.escalation.levels, schemes })).digest('hex');
}

const verified = new WeakMap<ServiceContext, string>();

/**
 * Brings the index up to date before a check reads it: a full rebuild when this process's
 * configuration differs from the one it was built with (a new matrix at start-up, a scheme saved),
 * then a recomputation of every incident a write marked stale since the last check.
 */
export function settleDueWork(ctx: ServiceContext): void {
  const fingerprint = configFingerprint(ctx);
  if (verified.get(ctx) !== fingerprint) {
    writeTransaction(ctx.db, () => {
      if (readSetting(ctx.db, configSetting) === fingerprint) return;
      ctx.db.exec("DELETE FROM due_work; INSERT INTO due_work (incident_id, kind, key, due_ms) SELECT id, 'stale', '', 0 FROM incidents WHERE status IN ('Active', 'Contained')");
      writeSetting(ctx.db, configSetting, fingerprint);
    });
    verified.set(ctx, fingerprint);
  }
  const stale = prepared<[number], string>(ctx.db, "SELECT incident_id FROM due_work WHERE kind = 'stale' AND due_ms = 0 LIMIT ?").pluck();
  const stillStale = prepared(ctx.db, "SELECT 1 FROM due_work WHERE incident_id = ? AND kind = 'stale'");
  for (let ids = stale.all(staleBatch); ids.length > 0; ids = stale.all(staleBatch)) {
    writeTransaction(ctx.db, () => {
      for (const id of ids) if (stillStale.get(id) !== undefined) refreshDueWork(ctx.db, ctx, id);
    });
  }
}

/** Incidents with something of `kind` due by `nowMs`, in the order they were declared here: one indexed read when nothing is. */
export function dueIncidentIds(ctx: ServiceContext, kind: DueKind, nowMs: number): string[] {
  settleDueWork(ctx);
  return prepared<[DueKind, number], string>(ctx.db, 'SELECT DISTINCT d.incident_id FROM due_work d JOIN incidents i ON i.id = d.incident_id WHERE d.kind = ? AND d.due_ms <= ? ORDER BY i.rowid')
    .pluck()
    .all(kind, nowMs);
}

/** Read again under the write lock: another process (the console and a CLI run) may have raised it a moment ago. */
export function stillDue(db: Database, incidentId: string, kind: DueKind, nowMs: number): boolean {
  return prepared(db, 'SELECT 1 FROM due_work WHERE incident_id = ? AND kind = ? AND due_ms <= ?').get(incidentId, kind, nowMs) !== undefined;
}
