import type { Incident } from '../../contract';
import { slaRemainingMs } from './sla';

/**
 * Most urgent first: overdue (longest overdue first), then least time left, then the rest by severity
 * and age; ties by id. The server sorts lists by it and the console places a pushed incident by it.
 */
export function compareUrgency(a: Incident, b: Incident, now: Date): number {
  const waiting = (incident: Incident) => incident.sla.state === 'running' || incident.sla.state === 'overdue';
  if (waiting(a) !== waiting(b)) return waiting(a) ? -1 : 1;
  const order = waiting(a) ? slaRemainingMs(a.sla, now) - slaRemainingMs(b.sla, now) : a.severityRank - b.severityRank || b.declaredAt.localeCompare(a.declaredAt);
  if (order !== 0) return order;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
