import { AppError } from '../../contract';
import type { IncidentState } from '../../domain/incidents/incidentState';
import { appendEvent, type StoredEvent } from '../../store/eventLog';
import { findIncident, updateIncident } from '../../store/incidentRepo';
import { currentActor, nowIso, type ServiceContext } from '../context';
import { writeTransaction } from '../../store/transaction';

export function requireIncident(ctx: ServiceContext, id: string): IncidentState {
  const state = findIncident(ctx.db, id);
  if (!state) throw new AppError('not-found', `no incident ${id} in ${ctx.dataDir}`);
  return state;
}

export interface Change {
  next: IncidentState;
  type: string;
  payload: Record<string, unknown>;
  /** Writes to other current-state tables (checklist, reminders), in the same transaction. */
  write?: () => void;
}

/**
 * The one way an incident changes: its new state, the event that says why and any projection
 * writes land in one transaction (nothing half-done survives a crash), then the UI is told.
 */
export function recordChange(ctx: ServiceContext, id: string, change: (state: IncidentState, at: string, actor: string) => Change): { state: IncidentState; event: StoredEvent } {
  const result = writeTransaction(ctx.db, () => {
    const at = nowIso(ctx);
    const actor = currentActor(ctx);
    const { next, type, payload, write } = change(requireIncident(ctx, id), at, actor);
    const state = { ...next, updatedAt: at };
    updateIncident(ctx.db, state);
    write?.();
    const event = appendEvent(ctx.db, { incidentId: id, type, at, actor, deviceId: ctx.deviceId, payload });
    return { state, event };
  });
  ctx.emit({ type: 'incident.changed', incidentId: id });
  return result;
}

/**
 * A fact about evidence, quarantine or custody: on the incident's hash-chained timeline when it
 * belongs to one, else written on its own; one transaction either way, stamped with the same time.
 */
export function recordFact(ctx: ServiceContext, incidentId: string | null, type: string, payload: Record<string, unknown>, write: (at: string, actor: string) => void): void {
  if (incidentId) {
    recordChange(ctx, incidentId, (current, at, actor) => ({ next: current, type, payload, write: () => write(at, actor) }));
    return;
  }
  writeTransaction(ctx.db, () => write(nowIso(ctx), currentActor(ctx)));
}
