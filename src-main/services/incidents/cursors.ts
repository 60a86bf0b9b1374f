import { AppError } from '../../contract';
import type { UrgencyKey } from '../../store/incidentPages';
import type { TimelineKey } from '../../store/timelinePages';

/**
 * Cursors are the key of the last row a page held, as base64url JSON. Callers treat them as opaque;
 * reading one back checks every part, so a cursor that was edited, cut short or comes from another
 * list (or another incident's timeline) is the caller's `invalid-input`, never a wrong page.
 */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

interface Decoded {
  value: Record<string, unknown>;
  refuse: () => AppError;
}

function decode(cursor: string, field: string, what: string): Decoded {
  const refuse = () => new AppError('invalid-input', `${field} is not a cursor from ${what}: pass back exactly the one the previous page returned`, [{ field, message: `is not a cursor from ${what}` }]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw refuse();
  return { value: value as Record<string, unknown>, refuse };
}

const isString = (value: unknown): value is string => typeof value === 'string';

export function encodeIncidentCursor(key: UrgencyKey): string {
  return key.waiting ? encode({ k: 'incidents', w: 1, d: key.dueAt, i: key.id }) : encode({ k: 'incidents', w: 0, r: key.rank, a: key.declaredAt, i: key.id });
}

export function decodeIncidentCursor(cursor: string): UrgencyKey {
  const { value, refuse } = decode(cursor, 'cursor', 'incident.list');
  const { k, w, d, r, a, i } = value;
  if (k !== 'incidents' || !isString(i) || i.length > 64) throw refuse();
  if (w === 1 && isString(d) && isoInstant.test(d)) return { waiting: true, dueAt: d, id: i };
  const rankOk = r === null || (typeof r === 'number' && Number.isSafeInteger(r) && r >= 0);
  if (w === 0 && rankOk && isString(a) && isoInstant.test(a)) return { waiting: false, rank: r as number | null, declaredAt: a, id: i };
  throw refuse();
}

export function encodeTimelineCursor(incidentId: string, key: TimelineKey): string {
  return encode({ k: 'timeline', i: incidentId, l: key.lamport, h: key.hash });
}

/** A timeline cursor names its incident: another incident's is refused rather than read as a position here. */
export function decodeTimelineCursor(cursor: string, field: 'before' | 'after', incidentId: string): TimelineKey {
  const { value, refuse } = decode(cursor, field, `this incident's timeline`);
  const { k, i, l, h } = value;
  if (k !== 'timeline' || i !== incidentId || typeof l !== 'number' || !Number.isSafeInteger(l) || l < 0 || !isString(h) || h.length > 128) throw refuse();
  return { lamport: l, hash: h };
}
