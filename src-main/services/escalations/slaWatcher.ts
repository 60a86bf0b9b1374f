import { eventTypes } from '../../domain/incidents/incidentState';
import { slaDueAt } from '../../domain/incidents/sla';
import { appendEvent, hasEventWithDueAt } from '../../store/eventLog';
import { listUnrespondedIncidents } from '../../store/incidentRepo';
import { consoleActor, type ServiceContext } from '../context';
import { raiseDueEscalations } from './escalations';
import { raiseDueUpdates } from '../comms/sent';
import { logError } from '../log';
import { writeTransaction } from '../../store/transaction';


/**
 * Records a breach once per deadline (a severity change sets a new one) on the timeline and
 * pushes `sla.breached`. Returns the incidents newly found overdue.
 */
export function recordSlaBreaches(ctx: ServiceContext): string[] {
  const now = ctx.clock();
  const breached: string[] = [];
  for (const state of listUnrespondedIncidents(ctx.db)) {
    const dueAt = slaDueAt(state.declaredAt, state.responseMinutes);
    if (Date.parse(dueAt) >= now.getTime()) continue;
    const recorded = writeTransaction(ctx.db, () => {
      if (hasEventWithDueAt(ctx.db, state.id, eventTypes.slaBreached, dueAt)) return false;
      appendEvent(ctx.db, {
        incidentId: state.id,
        type: eventTypes.slaBreached,
        at: now.toISOString(),
        actor: consoleActor,
        deviceId: ctx.deviceId,
        payload: { severity: state.severity, dueAt },
      });
      return true;
    });
    if (!recorded) continue;
    breached.push(state.id);
    ctx.emit({ type: 'sla.breached', incidentId: state.id, title: state.title, severity: state.severity, dueAt });
    ctx.emit({ type: 'incident.changed', incidentId: state.id });
  }
  return breached;
}

/** Checks SLAs and escalations every `intervalMs`; also notices writes by other processes (the CLI) and says so. */
export function startBackgroundChecks(ctx: ServiceContext, intervalMs = 5_000): () => void {
  let lastDataVersion = ctx.db.pragma('data_version', { simple: true }) as number;
  const timer = setInterval(() => {
    try {
      recordSlaBreaches(ctx);
      raiseDueEscalations(ctx);
      raiseDueUpdates(ctx);
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
