import type { Recipient, Reminder } from '../../contract';
import { severityRankOf } from '../../domain/escalations/urgency';
import { eventTypes } from '../../domain/incidents/incidentState';
import { appendEvent } from '../../store/eventLog';
import { consoleActor, type ServiceContext } from '../context';

export interface DueReminder {
  key: string;
  afterMinutes: number;
  notify: string;
  recipients: Recipient[];
  dueAt: string;
}

/**
 * Writes a reminder that came due (replacing an earlier one of the same key) and its
 * `escalation.due` event, raised by Firebreak itself. The caller holds the write transaction.
 */
export function recordReminder(ctx: ServiceContext, incident: { id: string; title: string; severity: string; schemeId: string }, due: DueReminder, at: string): Reminder {
  ctx.db
    .prepare('INSERT OR REPLACE INTO reminders (incident_id, step_key, after_minutes, notify, recipients, due_at, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(incident.id, due.key, due.afterMinutes, due.notify, JSON.stringify(due.recipients), due.dueAt, at);
  appendEvent(ctx.db, {
    incidentId: incident.id,
    type: eventTypes.escalationDue,
    at,
    actor: consoleActor,
    deviceId: ctx.deviceId,
    payload: { key: due.key, afterMinutes: due.afterMinutes, notify: due.notify, recipients: due.recipients.map((recipient) => recipient.name), dueAt: due.dueAt },
  });
  return { incidentId: incident.id, incidentTitle: incident.title, severity: incident.severity, severityRank: severityRankOf(ctx.schemes, incident.schemeId, incident.severity), ...due, raisedAt: at, acknowledgedAt: null, acknowledgedBy: null };
}
