import type { Reminder } from '../../../src-main/contract';
import type { ClockDueAlert } from '../../stores/clockStore';
import type { BreachAlert } from '../../stores/incidentStore';

/** One line of the alarm banner: an escalation reminder (with its incident's breach, if any), or a breach alone. */
export type AlarmRow =
  | { kind: 'reminder'; id: string; incidentId: string; reminder: Reminder; breached: boolean }
  | { kind: 'breach'; id: string; incidentId: string; alert: BreachAlert }
  /** A regulatory clock near or past its deadline (`clock.due`). */
  | { kind: 'clock'; id: string; incidentId: string; clock: ClockDueAlert };

/**
 * The banner's lines, most urgent first. Reminders come from the server most urgent first (most
 * severe incident, then longest overdue). An SLA breach shows on its incident's first reminder;
 * a breach with no pending reminder (already notified) gets its own line, placed among the
 * reminders by its severity rank. The incident on screen goes first: it is the one being worked.
 */
export function alarmRows(
  reminders: readonly Reminder[],
  alerts: readonly BreachAlert[],
  rankOf: (incidentId: string) => number,
  pinnedIncidentId: string | null,
  clocks: readonly ClockDueAlert[] = [],
): AlarmRow[] {
  const breachedIds = new Set(alerts.map((alert) => alert.incidentId));
  const flagged = new Set<string>();
  const rows: { row: AlarmRow; rank: number }[] = reminders.map((reminder) => {
    const breached = breachedIds.has(reminder.incidentId) && !flagged.has(reminder.incidentId);
    if (breached) flagged.add(reminder.incidentId);
    return { row: { kind: 'reminder', id: `${reminder.incidentId}/${reminder.key}`, incidentId: reminder.incidentId, reminder, breached }, rank: reminder.severityRank };
  });
  for (const alert of alerts) {
    if (flagged.has(alert.incidentId)) continue;
    const rank = rankOf(alert.incidentId);
    const at = rows.findIndex((existing) => existing.rank > rank);
    const row = { row: { kind: 'breach', id: `breach/${alert.incidentId}`, incidentId: alert.incidentId, alert } as AlarmRow, rank };
    if (at < 0) rows.push(row);
    else rows.splice(at, 0, row);
  }
  // A regulatory deadline stands beside the SLA: placed like a breach, among its incident's severity;
  // an overdue one before a reminder of the same rank, one coming due after it.
  for (const clock of clocks) {
    const rank = rankOf(clock.incidentId);
    const at = rows.findIndex((existing) => (clock.stage === 'overdue' ? existing.rank >= rank : existing.rank > rank));
    const row = { row: { kind: 'clock', id: `clock/${clock.incidentId}/${clock.name}`, incidentId: clock.incidentId, clock } as AlarmRow, rank };
    if (at < 0) rows.push(row);
    else rows.splice(at, 0, row);
  }
  const ordered = rows.map(({ row }) => row);
  return [...ordered.filter((row) => row.incidentId === pinnedIncidentId), ...ordered.filter((row) => row.incidentId !== pinnedIncidentId)];
}
