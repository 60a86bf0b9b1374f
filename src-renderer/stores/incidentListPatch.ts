import type { Incident } from '../../src-main/contract';
import { compareUrgency } from '../../src-main/domain/incidents/urgency';

export type ListScope = 'open' | 'all';

export function inScope(incident: Incident, scope: ListScope): boolean {
  return scope === 'all' || incident.status === 'Active' || incident.status === 'Contained';
}

/**
 * The list with `incident` as it is now: its old row gone, and the new one placed where the server
 * would list it (the same urgency order), unless it left the scope (a resolved incident and the open
 * list). Rows are kept by reference, so only the changed row draws again.
 */
export function placeIncident(list: readonly Incident[], incident: Incident, scope: ListScope, now: Date): Incident[] {
  const others = list.filter((row) => row.id !== incident.id);
  if (!inScope(incident, scope)) return others;
  const at = others.findIndex((row) => compareUrgency(incident, row, now) < 0);
  return at < 0 ? [...others, incident] : [...others.slice(0, at), incident, ...others.slice(at)];
}
