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
import { reloadConfiguration, type ServiceContext } from '../context';
import { pendingClockReminders } from '../investigation/clockDue';
import { logError } from '../log';

/** What comes due: the response-SLA deadline, an escalation step, the next comms update, a regulatory clock's reminder. */
export type DueKind = 'breach' | 'step' | 'update' | 'clock';

/** The reminders row that says the next update is due: one per incident, replaced by each one raised. */
export const nextUpdateKey = 'next-update';
const configSetting = 'dueWork.config';
/** Incidents recomputed per write transaction: a rebuild over thousands never holds the lock for long. */
const staleBatch = 200;

const isOpen = (state: IncidentState) => state.status === 'Active' || state.status === 'Contained';
/** A drill runs on its facilitator's clock: nothing of it comes due in wall time, and no contact is ever reminded of it. */
const comesDue = (state: IncidentState) => isOpen(state) && state.kind === 'real';

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
 * caller's write transaction, after whatever it wrote. A part that cannot be computed (a deadline
 * past any date, set by another laptop's event) is left out and logged once; the others still count.
 */
export function refreshDueWork(db: Database, ctx: ServiceContext, incidentId: string): void {
  prepared(db, 'DELETE FROM due_work WHERE incident_id = ?').run(incidentId);
  const state = findIncident(db, incidentId);
  if (!state || !comesDue(state)) return;
  const insert = prepared(db, 'INSERT OR REPLACE INTO due_work (incident_id, kind, key, due_ms) VALUES (?, ?, ?, ?)');
  const add = (kind: DueKind, key: string, dueMs: number) => {
    // Whole milliseconds: a clock of fractional hours (typed, or from another laptop's event) must not break the index.
    if (Number.isFinite(dueMs)) insert.run(incidentId, kind, key, Math.ceil(dueMs));
  };
  const part = (what: string, compute: () => void) => {
    try {
      compute();
    } catch (error) {
      logOnce(`${incidentId}: its ${what} cannot come due: ${(error as Error).message}`);
    }
  };
  if (state.status === 'Active' && state.respondedAt === null) {
    part('response deadline', () => {
      const dueMs = Date.parse(state.declaredAt) + state.responseMinutes * 60_000;
      if (!Number.isFinite(dueMs) || Math.abs(dueMs) > maxDateMs) throw new Error(`${state.responseMinutes} minutes after ${state.declaredAt} is past any date`);
      if (!hasEventWithDueAt(db, incidentId, eventTypes.slaBreached, slaDueAt(state.declaredAt, state.responseMinutes))) add('breach', '', dueMs);
    });
  }
  part('escalation steps', () => {
    const declaredMs = Date.parse(state.declaredAt);
    for (const step of stepsFor(ctx, state)) {
      if (reminderDueAt(db, incidentId, step.key) === undefined) add('step', step.key, declaredMs + step.afterMinutes * 60_000);
    }
  });
  part('next update', () => {
    const next = nextUpdateOf(db, incidentId);
    if (next && reminderDueAt(db, incidentId, nextUpdateKey) !== next.dueAt) add('update', nextUpdateKey, Date.parse(next.dueAt));
  });
  part('regulatory clocks', () => {
    for (const reminder of pendingClockReminders(db, incidentId)) add('clock', reminder.key, reminder.dueMs);
  });
}

/** The latest moment a Date holds (ECMA-262: 8.64e15 ms either side of the epoch). */
const maxDateMs = 8.64e15;
const logged = new Set<string>();
/** Every check recomputes a stale incident again: one line per problem, not one every 5 s. */
function logOnce(problem: string): void {
  if (logged.has(problem)) return;
  logged.add(problem);
  logError(`Due-time index: incident ${problem}`);
}

/** What the index was computed from: a change to the matrix or the schemes recomputes every open incident. */
function configFingerprint(ctx: ServiceContext): string {
  const schemes = ctx.schemes.map((scheme) => [scheme.id, scheme.levels.map((level) => [level.id, level.responseMinutes])]);
  return createHash('sha256').update(JSON.stringify({ version: 1, levels: ctx.escalation.levels, schemes })).digest('hex');
}

/**
 * Brings the index up to date before a check reads it: a full rebuild when the configuration it
 * was built with differs from this process's, then a recomputation of every incident a write
 * marked stale since the last check.
 *
 * The fingerprint is stored once per database but each process (the console, a CLI run) holds its
 * own configuration, so every check compares the two (one read). On a difference this process
 * first reads its matrix and schemes from disk again: a console started before the file was edited
 * then takes up the edit the CLI run already built with, and neither rebuilds again. It rebuilds
 * only if its configuration on disk still differs (or cannot be read: then with what it holds, as
 * it raises steps from that too).
 */
export function settleDueWork(ctx: ServiceContext): void {
  let fingerprint = configFingerprint(ctx);
  const stored = prepared<[string], string>(ctx.db, 'SELECT value FROM settings WHERE key = ?').pluck().get(configSetting);
  if (stored !== fingerprint) {
    // A first build has nobody else's configuration to take up.
    if (stored !== undefined && reloadConfiguration(ctx)) fingerprint = configFingerprint(ctx);
    if (stored !== fingerprint) {
      writeTransaction(ctx.db, () => {
        if (readSetting(ctx.db, configSetting) === fingerprint) return;
        ctx.db.exec("DELETE FROM due_work; INSERT INTO due_work (incident_id, kind, key, due_ms) SELECT id, 'stale', '', 0 FROM incidents WHERE kind = 'real' AND status IN ('Active', 'Contained')");
        writeSetting(ctx.db, configSetting, fingerprint);
      });
    }
  }
  const stale = prepared<[number], string>(ctx.db, "SELECT incident_id FROM due_work WHERE kind = 'stale' AND due_ms = 0 LIMIT ?").pluck();
  const stillStale = prepared(ctx.db, "SELECT 1 FROM due_work WHERE incident_id = ? AND kind = 'stale'");
  for (let ids = stale.all(staleBatch); ids.length > 0; ids = stale.all(staleBatch)) {
    writeTransaction(ctx.db, () => {
      for (const id of ids) if (stillStale.get(id) !== undefined) refreshIsolated(ctx, id);
    });
  }
}

/**
 * One incident that cannot be recomputed (a row no longer readable, say) must not roll back the
 * batch and stop every check for every incident: its rows and its stale mark are cleared (a later
 * write to it marks it again) and the problem is logged once.
 */
function refreshIsolated(ctx: ServiceContext, id: string): void {
  try {
    refreshDueWork(ctx.db, ctx, id);
  } catch (error) {
    prepared(ctx.db, 'DELETE FROM due_work WHERE incident_id = ?').run(id);
    logOnce(`${id} was left out: ${(error as Error).message}`);
  }
}

/** Incidents with something of `kind` due by `nowMs`, in the order they were declared here: one indexed read when nothing is. */
export function dueIncidentIds(ctx: ServiceContext, kind: DueKind, nowMs: number): string[] {
  settleDueWork(ctx);
  return prepared<[DueKind, number], string>(ctx.db, "SELECT DISTINCT d.incident_id FROM due_work d JOIN incidents i ON i.id = d.incident_id WHERE i.kind = 'real' AND d.kind = ? AND d.due_ms <= ? ORDER BY i.rowid")
    .pluck()
    .all(kind, nowMs);
}

/** Read again under the write lock: another process (the console and a CLI run) may have raised it a moment ago. */
export function stillDue(db: Database, incidentId: string, kind: DueKind, nowMs: number): boolean {
  return prepared(db, 'SELECT 1 FROM due_work WHERE incident_id = ? AND kind = ? AND due_ms <= ?').get(incidentId, kind, nowMs) !== undefined;
}
