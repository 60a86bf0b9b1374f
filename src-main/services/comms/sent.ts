import type { ParsedInput, Reminder, SentCommunication } from '../../contract';
import { cadenceFor } from '../../domain/comms/template';
import { eventTypes } from '../../domain/incidents/incidentState';
import { findLevel, findScheme } from '../../domain/incidents/severity';
import { recordReminder } from '../escalations/recordReminder';
import { findIncident } from '../../store/incidentRepo';
import { dueIncidentIds, nextUpdateKey, nextUpdateOf, refreshDueWork, reminderDueAt, stillDue } from '../escalations/dueWork';
import { writeTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { recordChange } from '../incidents/incidentChange';
import { requireTemplate } from './templates';

export const commsSentEvent = eventTypes.commsSent;
export { nextUpdateKey };

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
 * steps are, so the banner shows it. Once per due time, whichever process sees it first: only
 * incidents the due-time index names are read.
 */
export function raiseDueUpdates(ctx: ServiceContext): Reminder[] {
  const now = ctx.clock();
  const raised: Reminder[] = [];
  for (const id of dueIncidentIds(ctx, 'update', now.getTime())) {
    const reminder = writeTransaction(ctx.db, (): Reminder | null => {
      if (!stillDue(ctx.db, id, 'update', now.getTime())) return null;
      const reminder = raiseUpdate(ctx, id, now);
      refreshDueWork(ctx.db, ctx, id);
      return reminder;
    });
    if (!reminder) continue;
    raised.push(reminder);
    ctx.emit({ type: 'escalation.due', reminder });
    ctx.emit({ type: 'incident.changed', incidentId: id });
  }
  return raised;
}

function raiseUpdate(ctx: ServiceContext, id: string, now: Date): Reminder | null {
  const state = findIncident(ctx.db, id);
  if (!state || state.kind !== 'real' || (state.status !== 'Active' && state.status !== 'Contained')) return null;
  // An imported incident's message may name no real time: it is never due, so it cannot stop every other reminder.
  const sent = nextUpdateOf(ctx.db, id);
  if (!sent || Date.parse(sent.dueAt) > now.getTime()) return null;
  if (reminderDueAt(ctx.db, id, nextUpdateKey) === sent.dueAt) return null;
  const afterMinutes = Math.round((Date.parse(sent.dueAt) - Date.parse(state.declaredAt)) / 60_000);
  // Read after "Escalate: notify" in the banner, the desktop notification and the timeline.
  const notify = `${sent.channel || 'stakeholders'} (the next ${String(sent.title ?? 'update').toLowerCase()} is due)`;
  return recordReminder(ctx, state, { key: nextUpdateKey, afterMinutes, notify, recipients: [], dueAt: sent.dueAt }, now.toISOString());
}
