import { AppError, type ParsedInput, type Recipient, type Reminder } from '../../contract';
import { byUrgency, severityRankOf } from '../../domain/escalations/urgency';
import { eventTypes } from '../../domain/incidents/incidentState';
import { findIncident } from '../../store/incidentRepo';
import { dueIncidentIds, refreshDueWork, reminderDueAt, stepsFor, stillDue } from './dueWork';
import { recipientsFor } from './contacts';
import { recordReminder } from './recordReminder';
import type { ServiceContext } from '../context';
import { recordChange } from '../incidents/incidentChange';
import { writeTransaction } from '../../store/transaction';
import { raiseDueUpdates } from '../comms/sent';

interface ReminderRow {
  incident_id: string;
  title: string;
  severity: string;
  scheme_id: string;
  step_key: string;
  after_minutes: number;
  notify: string;
  recipients: string;
  due_at: string;
  raised_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

const fromRow = (ctx: ServiceContext, row: ReminderRow): Reminder => ({
  incidentId: row.incident_id,
  incidentTitle: row.title,
  severity: row.severity,
  severityRank: severityRankOf(ctx.schemes, row.scheme_id, row.severity),
  key: row.step_key,
  afterMinutes: row.after_minutes,
  notify: row.notify,
  recipients: JSON.parse(row.recipients) as Recipient[],
  dueAt: row.due_at,
  raisedAt: row.raised_at,
  acknowledgedAt: row.acknowledged_at,
  acknowledgedBy: row.acknowledged_by,
});

const selectReminders = 'SELECT r.*, i.title, i.severity, i.scheme_id FROM reminders r JOIN incidents i ON i.id = r.incident_id';

/**
 * A pending reminder names whoever matches its step now, so a contact added after it came due is
 * listed at once; the row (and its timeline event) keeps who matched when it was raised. A
 * next-update reminder, or a step no longer in the matrix, keeps its stored recipients.
 */
function withCurrentRecipients(ctx: ServiceContext, reminders: Reminder[]): Reminder[] {
  const byRoles = new Map<string, Recipient[]>();
  return reminders.map((reminder) => {
    if (reminder.acknowledgedAt) return reminder;
    const step = ctx.escalation.levels.flat().find((candidate) => candidate?.key === reminder.key);
    if (!step) return reminder;
    const roles = step.roles.join('\n');
    if (!byRoles.has(roles)) byRoles.set(roles, recipientsFor(ctx, step.roles));
    return { ...reminder, recipients: byRoles.get(roles)! };
  });
}

/**
 * Raises every escalation step that has come due for open incidents, exactly once each:
 * a reminders row, a timeline event and a pushed event, in one transaction per incident (a clock
 * that jumped past several steps raises them all, in order). Only incidents the due-time index
 * names are read, so history costs nothing.
 */
export function raiseDueEscalations(ctx: ServiceContext): Reminder[] {
  const now = ctx.clock();
  const raised: Reminder[] = [];
  for (const id of dueIncidentIds(ctx, 'step', now.getTime())) {
    const reminders = writeTransaction(ctx.db, (): Reminder[] => {
      if (!stillDue(ctx.db, id, 'step', now.getTime())) return [];
      const state = findIncident(ctx.db, id);
      const recorded: Reminder[] = [];
      if (state && state.kind === 'real' && (state.status === 'Active' || state.status === 'Contained')) {
        const elapsedMinutes = (now.getTime() - Date.parse(state.declaredAt)) / 60_000;
        for (const step of stepsFor(ctx, state)) {
          if (step.afterMinutes > elapsedMinutes || reminderDueAt(ctx.db, id, step.key) !== undefined) continue;
          const dueAt = new Date(Date.parse(state.declaredAt) + step.afterMinutes * 60_000).toISOString();
          recorded.push(recordReminder(ctx, state, { key: step.key, afterMinutes: step.afterMinutes, notify: step.notify, recipients: recipientsFor(ctx, step.roles), dueAt }, now.toISOString()));
        }
      }
      refreshDueWork(ctx.db, ctx, id);
      return recorded;
    });
    for (const reminder of reminders) {
      raised.push(reminder);
      ctx.emit({ type: 'escalation.due', reminder });
      ctx.emit({ type: 'incident.changed', incidentId: id });
    }
  }
  return raised;
}

/**
 * Raises whatever has come due first, so a look from the CLI is as current as the running console.
 * Pending means unacknowledged and still worth acting on: a Resolved or Closed incident's reminders
 * are not pending (they come back if it is reopened).
 */
export function listReminders(ctx: ServiceContext, input: ParsedInput<'reminders.list'>): { reminders: Reminder[]; total: number } {
  raiseDueEscalations(ctx);
  raiseDueUpdates(ctx);
  const pending = input.scope === 'pending';
  // A drill's reminders are none of a real responder's business (none are raised for drills; none are listed).
  const where = ["i.kind = 'real'", pending ? "r.acknowledged_at IS NULL AND i.status IN ('Active', 'Contained')" : '1', input.id ? 'r.incident_id = @id' : '1'].join(' AND ');
  const params = { ...(input.id ? { id: input.id } : {}), limit: input.limit };
  const total = ctx.db.prepare<typeof params, { total: number }>(`SELECT count(*) AS total FROM reminders r JOIN incidents i ON i.id = r.incident_id WHERE ${where}`).get(params)!.total;
  if (input.order === 'urgency') {
    // Ordered before the limit applies: an old overdue P0 must never be the one left out.
    const all = ctx.db.prepare<typeof params, ReminderRow>(`${selectReminders} WHERE ${where}`).all(params);
    return { reminders: withCurrentRecipients(ctx, byUrgency(all.map((row) => fromRow(ctx, row))).slice(0, input.limit)), total };
  }
  const rows = ctx.db
    .prepare<typeof params, ReminderRow>(
      `SELECT * FROM (${selectReminders} WHERE ${where} ORDER BY r.raised_at DESC, r.after_minutes DESC LIMIT @limit) ORDER BY raised_at, after_minutes`,
    )
    .all(params);
  return { reminders: withCurrentRecipients(ctx, rows.map((row) => fromRow(ctx, row))), total };
}

/** The responder saw the reminder (and notified whoever it names): recorded on the timeline. */
export function acknowledgeReminder(ctx: ServiceContext, input: ParsedInput<'reminders.acknowledge'>): Reminder {
  recordChange(ctx, input.id, (current, at, actor) => {
    const row = ctx.db.prepare<[string, string], ReminderRow>(`${selectReminders} WHERE r.incident_id = ? AND r.step_key = ?`).get(input.id, input.key);
    if (!row) throw new AppError('not-found', `no reminder ${input.key} on ${input.id}`);
    if (row.acknowledged_at) throw new AppError('conflict', `reminder '${row.notify}' was already acknowledged by ${row.acknowledged_by}`);
    return {
      next: current,
      type: eventTypes.escalationAcknowledged,
      payload: { key: input.key, notify: row.notify },
      write: () => ctx.db.prepare('UPDATE reminders SET acknowledged_at = ?, acknowledged_by = ? WHERE incident_id = ? AND step_key = ?').run(at, actor, input.id, input.key),
    };
  });
  return fromRow(ctx, ctx.db.prepare<[string, string], ReminderRow>(`${selectReminders} WHERE r.incident_id = ? AND r.step_key = ?`).get(input.id, input.key)!);
}
