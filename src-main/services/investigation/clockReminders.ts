import type { ClockDuePayload } from '../../domain/investigation/investigationEvents';
import { investigationEventTypes } from '../../domain/investigation/investigationEvents';
import { appendEvent } from '../../store/eventLog';
import { findIncident } from '../../store/incidentRepo';
import { writeTransaction } from '../../store/transaction';
import { consoleActor, type ServiceContext } from '../context';
import { dueIncidentIds, refreshDueWork, stillDue } from '../escalations/dueWork';
import { pendingClockReminders } from './clockDue';

/**
 * Raises the regulatory clock reminders that have come due (a `clock.due` event on the timeline and
 * the pushed `clock.due`), as the SLA raises its breach: once per clock, deadline and stage,
 * whichever process sees it first; only incidents the due-time index names are read. A clock
 * that jumped past both stages says overdue only. Drills raise none (the index holds none for them).
 */
export function raiseDueClocks(ctx: ServiceContext): ClockDuePayload[] {
  const nowMs = ctx.clock().getTime();
  const raised: ClockDuePayload[] = [];
  for (const id of dueIncidentIds(ctx, 'clock', nowMs)) {
    const recorded = writeTransaction(ctx.db, (): ClockDuePayload[] => {
      if (!stillDue(ctx.db, id, 'clock', nowMs)) return [];
      const state = findIncident(ctx.db, id);
      const due: ClockDuePayload[] = [];
      if (state && state.kind === 'real' && (state.status === 'Active' || state.status === 'Contained')) {
        const pending = pendingClockReminders(ctx.db, id).filter((reminder) => reminder.dueMs <= nowMs);
        const overdue = new Set(pending.filter((reminder) => reminder.stage === 'overdue').map((reminder) => reminder.clock.name));
        for (const { clock, stage } of pending) {
          if (stage === 'soon' && overdue.has(clock.name)) continue;
          const payload: ClockDuePayload = { name: clock.name, label: clock.label, dueAt: clock.dueAt, stage };
          appendEvent(ctx.db, { incidentId: id, type: investigationEventTypes.clockDue, at: new Date(nowMs).toISOString(), actor: consoleActor, deviceId: ctx.deviceId, payload: { ...payload } });
          due.push(payload);
        }
      }
      refreshDueWork(ctx.db, ctx, id);
      return due;
    });
    for (const payload of recorded) {
      raised.push(payload);
      ctx.emit({ type: 'clock.due', incidentId: id, ...payload });
    }
    if (recorded.length) ctx.emit({ type: 'incident.changed', incidentId: id });
  }
  return raised;
}
