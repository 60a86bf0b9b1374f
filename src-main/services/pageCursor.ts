import { AppError } from '../contract';

/**
 * Page cursors: the key of the last row a page held, as base64url JSON tagged with the list it
 * belongs to. Callers treat them as opaque; reading one back checks its tag (and the caller checks
 * each part), so a cursor that was edited, cut short or comes from another list is the caller's
 * `invalid-input` naming the field, never a wrong page.
 */
export function encodePageCursor(list: string, key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ k: list, ...key }), 'utf8').toString('base64url');
}

export interface ReadCursor {
  value: Record<string, unknown>;
  /** The error to throw when a part of the key is not what the list writes. */
  refuse: () => AppError;
}

export function readPageCursor(cursor: string, field: string, list: string, what: string): ReadCursor {
  const refuse = () => new AppError('invalid-input', `${field} is not a cursor from ${what}: pass back exactly the one the previous page returned`, [{ field, message: `is not a cursor from ${what}` }]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || (value as Record<string, unknown>).k !== list) throw refuse();
  return { value: value as Record<string, unknown>, refuse };
}

/** Stored times are toISOString's: a key part in any other form was not written by a page. */
export const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
