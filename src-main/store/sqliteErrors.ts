import { AppError } from '../contract';

/**
 * Every way SQLite says "another connection holds the lock": SQLITE_BUSY and its extended codes
 * (_SNAPSHOT, _RECOVERY, _TIMEOUT) and SQLITE_LOCKED (_SHAREDCACHE, _VTAB). All of them mean the
 * same to a responder: nothing was written, and trying again will work.
 */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

export function busyConflict(waitedMs: number): AppError {
  return new AppError('conflict', `the database stayed busy in another Firebreak process for ${waitedMs / 1000} s: nothing was written. Try again.`);
}
