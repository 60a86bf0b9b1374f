import type { Incident } from '../../src-main/contract';
import { compareUrgency } from '../../src-main/domain/incidents/urgency';

export type ListScope = 'open' | 'all';

/** What the list on screen holds: its scope, the text a paged list was asked for, and whether every row is loaded. */
export interface ListShape {
  scope: ListScope;
  /** Sent to the server as `text`: a case-insensitive substring of the id or the title. */
  text: string;
  /** False while later pages are still to load: a row that sorts after the last loaded one waits for its page. */
  complete: boolean;
}

export function inList(incident: Incident, { scope, text }: Pick<ListShape, 'scope' | 'text'>): boolean {
  if (scope === 'open' && incident.status !== 'Active' && incident.status !== 'Contained') return false;
  const wanted = text.trim().toLowerCase();
  return !wanted || incident.id.toLowerCase().includes(wanted) || incident.title.toLowerCase().includes(wanted);
}

/**
 * The list with `incident` as it is now: its old row gone, and the new one placed where the server
 * would list it (the same urgency order), unless it left the list (a resolved incident and the open
 * list) or it sorts after the last loaded row of a list still loading page by page (its page brings
 * it). Rows are kept by reference, so only the changed row draws again.
 */
export function placeIncident(list: readonly Incident[], incident: Incident, shape: ListShape, now: Date): Incident[] {
  const others = list.filter((row) => row.id !== incident.id);
  if (!inList(incident, shape)) return others;
  const at = others.findIndex((row) => compareUrgency(incident, row, now) < 0);
  // The next page starts after the last row loaded (its old place, when it is the one that changed).
  const last = list.at(-1);
  if (at < 0) return shape.complete || (last && compareUrgency(incident, last, now) <= 0) ? [...others, incident] : others;
  return [...others.slice(0, at), incident, ...others.slice(at)];
}
