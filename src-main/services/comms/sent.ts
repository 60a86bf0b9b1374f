import type { ParsedInput, Reminder, SentCommunication } from '../../contract';
import { cadenceFor } from '../../domain/comms/template';
import { eventTypes } from '../../domain/incidents/incidentState';
import { findLevel, findScheme } from '../../domain/incidents/severity';
import { recordReminder } from '../escalations/recordReminder';
import { listOpenIncidentStates } from '../../store/incidentRepo';
import { writeTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { recordChange } from '../incidents/incidentChange';
import { requireTemplate } from './templates';

export const commsSentEvent = eventTypes.commsSent;
/** The reminders row that says the next update is due: one per incident, replaced by each one raised. */
export const nextUpdateKey = 'next-update';

/**
 * Records a message as sent, with its text, on the timeline. A pending "next update" reminder is
 * acknowledged by it (the update went out), and the template's cadence for the incident's
 * severity sets when the next one is due.
 */
export function markSent(ctx: ServiceContext, input: ParsedInput<'comms.markSent'>): SentCommunication {
  const template = requireTemplate(ctx, input.templateId);
  const { event } = recordChange(ctx, input.incidentId, (current, at, actor) => {
    const { rank } = findLevel(findScheme(ctx.schemes, current.schemeId), current.severity);
    const cadence = cadenceFor(template, rank);
    const nextUpdateAt = cadence === null ? null : new Date(Date.parse(at) + cadence * 60_000).toISOString();
    return {
      next: current,
      type: commsSentEvent,
      payload: { templateId: template.id, title: template.title, subject: input.subject ?? '', channel: input.channel ?? '', body: input.body, nextUpdateAt },
      write: () =>
        ctx.db
          .prepare('UPDATE reminders SET acknowledged_at = ?, acknowledged_by = ? WHERE incident_id = ? AND step_key = ? AND acknowledged_at IS NULL')
          .run(at, actor, current.id, nextUpdateKey),
    };
  });
  const p = event.payload;
  return {
    incidentId: input.incidentId,
    templateId: template.id,
    title: template.title,
    sentAt: event.at,
    sentBy: event.actor,
    channel: String(p.channel),
    nextUpdateAt: (p.nextUpdateAt as string | null) ?? null,
  };
}

/**
 * Raises the "next update" reminder of every open incident whose last message set one that has
 * come due: a reminders row, a timeline event and the pushed `escalation.due`, as escalation
 * steps are, so the banner shows it. Once per due time, whichever process sees it first.
 */
export function raiseDueUpdates(ctx: ServiceContext): Reminder[] {
  const now = ctx.clock();
  const raised: Reminder[] = [];
  // The latest in projection order, the same on every laptop (seq is this laptop's arrival order).
  const lastSent = ctx.db.prepare<[string, string], { payload: string }>('SELECT payload FROM events WHERE incident_id = ? AND type = ? ORDER BY lamport DESC, hash DESC LIMIT 1');
  for (const state of listOpenIncidentStates(ctx.db)) {
    const row = lastSent.get(state.id, commsSentEvent);
    if (!row) continue;
    const sent = JSON.parse(row.payload) as { title?: string; channel?: string; nextUpdateAt?: string | null };
    const dueAt = sent.nextUpdateAt;
    // An imported incident's message may name no real time: skipped, so it cannot stop every other reminder.
    if (typeof dueAt !== 'string' || Number.isNaN(Date.parse(dueAt)) || Date.parse(dueAt) > now.getTime()) continue;
    const reminder = writeTransaction(ctx.db, (): Reminder | null => {
      const existing = ctx.db.prepare<[string, string], { due_at: string }>('SELECT due_at FROM reminders WHERE incident_id = ? AND step_key = ?').get(state.id, nextUpdateKey);
      if (existing?.due_at === dueAt) return null;
      const afterMinutes = Math.round((Date.parse(dueAt) - Date.parse(state.declaredAt)) / 60_000);
      // Read after "Escalate: notify" in the banner, the desktop notification and the timeline.
      const notify = `${sent.channel || 'stakeholders'} (the next ${String(sent.title ?? 'update').toLowerCase()} is due)`;
      return recordReminder(ctx, state, { key: nextUpdateKey, afterMinutes, notify, recipients: [], dueAt }, now.toISOString());
    });
    if (!reminder) continue;
    raised.push(reminder);
    ctx.emit({ type: 'escalation.due', reminder });
    ctx.emit({ type: 'incident.changed', incidentId: state.id });
  }
  return raised;
}
