import type { Database } from 'better-sqlite3';
import type { RegulatoryClock } from '../../contract';
import { clockEventTypes, foldClocks } from '../../domain/investigation/assets/clockFold';
import { investigationEventTypes } from '../../domain/investigation/investigationEvents';
import { listEventsOfTypes } from '../../store/eventLog';

export type ClockStage = 'soon' | 'overdue';

export interface ClockReminder {
  clock: RegulatoryClock;
  stage: ClockStage;
  /** When the reminder comes due, ms since the epoch. */
  dueMs: number;
  /** Its key in the due-time index. */
  key: string;
}

const dayMs = 86_400_000;

/** "Soon" is 24 h before the deadline, or a quarter of the span when that is shorter (a 24 h clock warns 6 h ahead). */
export function soonMs(clock: Pick<RegulatoryClock, 'dueAt' | 'hours'>): number {
  return Date.parse(clock.dueAt) - Math.min(dayMs, (clock.hours * 3_600_000) / 4);
}

/**
 * The reminders the incident's running clocks have still to raise, each once per deadline: the
 * `clock.due` events already on the timeline (from this laptop or another) are the record of what
 * was raised, so a restart or a synced copy does not raise it again. A clock found already past its
 * deadline is reminded of as overdue only.
 */
export function pendingClockReminders(db: Database, incidentId: string): ClockReminder[] {
  const events = listEventsOfTypes(db, incidentId, [...clockEventTypes, investigationEventTypes.clockDue]);
  const raised = new Set(
    events
      .filter((event) => event.type === investigationEventTypes.clockDue)
      .map((event) => `${String(event.payload.name)}|${String(event.payload.dueAt)}|${String(event.payload.stage)}`),
  );
  // The fold's states are not read here: only stoppedAt, so any moment will do.
  const clocks = foldClocks(events, new Date(0).toISOString()).filter((clock) => clock.stoppedAt === null);
  const pending: ClockReminder[] = [];
  for (const clock of clocks) {
    const was = (stage: ClockStage) => raised.has(`${clock.name}|${clock.dueAt}|${stage}`);
    if (was('overdue')) continue;
    const overdueMs = Date.parse(clock.dueAt) + 1;
    if (!was('soon')) pending.push({ clock, stage: 'soon', dueMs: soonMs(clock), key: `${clock.name}:soon` });
    pending.push({ clock, stage: 'overdue', dueMs: overdueMs, key: `${clock.name}:overdue` });
  }
  return pending;
}
