import { eventTypes, type IncidentState } from '../../domain/incidents/incidentState';
import { slaDueAt } from '../../domain/incidents/sla';
import { appendEvent, hasEventWithDueAt } from '../../store/eventLog';
import { findIncident } from '../../store/incidentRepo';
import { dueIncidentIds, refreshDueWork, stillDue } from './dueWork';
import { consoleActor, type ServiceContext } from '../context';
import { raiseDueEscalations } from './escalations';
import { raiseDueUpdates } from '../comms/sent';
import { raiseDueClocks } from '../investigation/clockReminders';
import { logError } from '../log';
import { writeTransaction } from '../../store/transaction';


/**
 * Records a breach once per deadline (a severity change sets a new one) on the timeline and
 * pushes `sla.breached`. Returns the incidents newly found overdue. Only incidents the due-time
 * index names are read.
 */
export function recordSlaBreaches(ctx: ServiceContext): string[] {
  const now = ctx.clock();
  const breached: string[] = [];
  for (const id of dueIncidentIds(ctx, 'breach', now.getTime())) {
    const recorded = writeTransaction(ctx.db, () => {
      if (!stillDue(ctx.db, id, 'breach', now.getTime())) return null;
      const breach = recordBreach(ctx, id, now);
      refreshDueWork(ctx.db, ctx, id);
      return breach;
    });
    if (!recorded) continue;
    const { state, dueAt } = recorded;
    breached.push(id);
    ctx.emit({ type: 'sla.breached', incidentId: id, title: state.title, severity: state.severity, dueAt });
    ctx.emit({ type: 'incident.changed', incidentId: id });
  }
  return breached;
}

/** Appends the breach if the deadline has passed unanswered and none is recorded for it. The caller holds the write transaction. */
function recordBreach(ctx: ServiceContext, id: string, now: Date): { state: IncidentState; dueAt: string } | null {
  const state = findIncident(ctx.db, id);
  if (!state || state.kind !== 'real' || state.status !== 'Active' || state.respondedAt !== null) return null;
  const dueAt = slaDueAt(state.declaredAt, state.responseMinutes);
  if (Date.parse(dueAt) >= now.getTime()) return null;
  if (hasEventWithDueAt(ctx.db, id, eventTypes.slaBreached, dueAt)) return null;
  appendEvent(ctx.db, { incidentId: id, type: eventTypes.slaBreached, at: now.toISOString(), actor: consoleActor, deviceId: ctx.deviceId, payload: { severity: state.severity, dueAt } });
  return { state, dueAt };
}

/** Checks SLAs and escalations every `intervalMs`; also notices writes by other processes (the CLI) and says so. */
export function startBackgroundChecks(ctx: ServiceContext, intervalMs = 5_000): () => void {
  let lastDataVersion = ctx.db.pragma('data_version', { simple: true }) as number;
  const timer = setInterval(() => {
    try {
      recordSlaBreaches(ctx);
      raiseDueEscalations(ctx);
      raiseDueUpdates(ctx);
      raiseDueClocks(ctx);
      // data_version changes only when another connection commits.
      const dataVersion = ctx.db.pragma('data_version', { simple: true }) as number;
      if (dataVersion !== lastDataVersion) {
        lastDataVersion = dataVersion;
        ctx.emit({ type: 'data.changed' });
      }
    } catch (error) {
      logError('firebreak: background check failed:', (error as Error).message);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
