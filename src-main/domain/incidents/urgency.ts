import type { Incident } from '../../contract';
import { slaRemainingMs } from './sla';

/**
 * Most urgent first: overdue (longest overdue first), then least time left, then the rest by severity
 * and age; ties by id, so the order is total. incident.list pages in this order in SQL
 * (store/incidentPages.ts), and strings compare by code unit there as here; the console places a
 * pushed incident by it.
 */
export function compareUrgency(a: Incident, b: Incident, now: Date): number {
  const waiting = (incident: Incident) => incident.sla.state === 'running' || incident.sla.state === 'overdue';
  const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  if (waiting(a) !== waiting(b)) return waiting(a) ? -1 : 1;
  if (waiting(a)) return slaRemainingMs(a.sla, now) - slaRemainingMs(b.sla, now) || byId;
  if (a.severityRank !== b.severityRank) return a.severityRank - b.severityRank;
  if (a.declaredAt !== b.declaredAt) return a.declaredAt < b.declaredAt ? 1 : -1;
  return byId;
}
