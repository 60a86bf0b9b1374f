import { lastDateMs } from '../../domain/incidents/sla';
import type { UrgencyKey } from '../../store/incidentPages';
import type { TimelineKey } from '../../store/timelinePages';
import { encodePageCursor, isoInstant, readPageCursor } from '../pageCursor';

const isString = (value: unknown): value is string => typeof value === 'string';

export function encodeIncidentCursor(key: UrgencyKey): string {
  return key.waiting ? encodePageCursor('incidents', { w: 1, d: key.dueMs, i: key.id }) : encodePageCursor('incidents', { w: 0, r: key.rank, a: key.declaredAt, i: key.id });
}

export function decodeIncidentCursor(cursor: string): UrgencyKey {
  const { value, refuse } = readPageCursor(cursor, 'cursor', 'incidents', 'incident.list');
  const { w, d, r, a, i } = value;
  if (!isString(i) || i.length > 64) throw refuse();
  // A due key is whole milliseconds within what a Date holds (a cursor written before due keys were numbers is refused).
  if (w === 1 && typeof d === 'number' && Number.isSafeInteger(d) && Math.abs(d) <= lastDateMs) return { waiting: true, dueMs: d, id: i };
  const rankOk = r === null || (typeof r === 'number' && Number.isSafeInteger(r) && r >= 0);
  if (w === 0 && rankOk && isString(a) && isoInstant.test(a)) return { waiting: false, rank: r as number | null, declaredAt: a, id: i };
  throw refuse();
}

/** A `before` cursor: a position in timeline order (lamport, hash). */
export function encodeTimelineCursor(incidentId: string, key: TimelineKey): string {
  return encodePageCursor('timeline', { i: incidentId, l: key.lamport, h: key.hash });
}

/** A timeline cursor names its incident: another incident's is refused rather than read as a position here. */
export function decodeTimelineCursor(cursor: string, incidentId: string): TimelineKey {
  const { value, refuse } = readPageCursor(cursor, 'before', 'timeline', `this incident's timeline`);
  const { i, l, h } = value;
  if (i !== incidentId || typeof l !== 'number' || !Number.isSafeInteger(l) || l < 0 || !isString(h) || h.length > 128) throw refuse();
  return { lamport: l, hash: h };
}

/**
 * An `after` cursor: how far this laptop's storing order (events.seq) was read, not a timeline
 * position, so an event merged later with an older lamport is still after it. Tagged apart from
 * `before` cursors: neither reads as the other.
 */
export function encodeStoredCursor(incidentId: string, seq: number): string {
  return encodePageCursor('timeline-stored', { i: incidentId, s: seq });
}

export function decodeStoredCursor(cursor: string, incidentId: string): number {
  const { value, refuse } = readPageCursor(cursor, 'after', 'timeline-stored', `this incident's timeline`);
  const { i, s } = value;
  if (i !== incidentId || typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) throw refuse();
  return s;
}
