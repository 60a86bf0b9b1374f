import type { Reminder } from './escalations/escalation';
import type { HubStatus } from './hub/hub';
import type { Incident } from './incidents/incident';
import type { OperationName } from './operations';

/** Everything the main process pushes to the UI, over IPC (`firebreak:event`) or HTTP (SSE). */
export type PushedEvent =
  /**
   * An incident's state or timeline changed. `incident` is the incident as `incident.list` returns it,
   * read when the event was sent (a burst of changes to one incident is one event): lists patch their
   * row from it. Absent when the incident is gone or could not be read: refetch then.
   */
  | { type: 'incident.changed'; incidentId: string; incident?: Incident }
  /** Another process (the CLI, another window) wrote to the database. */
  | { type: 'data.changed' }
  /** A drill inject arrived (by the clock, a trigger or the facilitator): the console alerts the participants. */
  | { type: 'drill.inject'; incidentId: string; injectId: string; title: string }
  /** An incident's response-time SLA ran out while it was still Active. */
  | { type: 'sla.breached'; incidentId: string; title: string; severity: string; dueAt: string }
  /** A regulatory clock (GDPR 72 h…) is near its deadline (`soon`: 24 h or a quarter of its span left) or past it. */
  | { type: 'clock.due'; incidentId: string; name: string; label: string; dueAt: string; stage: 'soon' | 'overdue' }
  /** An escalation step came due: notify who it names. */
  | { type: 'escalation.due'; reminder: Reminder }
  /** Pending reminders read differently (a contact was added, changed or removed): refetch them. */
  | { type: 'reminders.changed' }
  /** Progress of long work (scans, evidence collection). */
  /** `operation` says whose progress it is: two long jobs may run at once. */
  /** The hub connection changed state (connected, pushing, offline …): the sync indicator shows it. */
  | { type: 'hub.status'; status: HubStatus }
  | { type: 'job.progress'; jobId: string; operation: OperationName; done: number; total: number | null; message: string };

export type PushedEventType = PushedEvent['type'];
