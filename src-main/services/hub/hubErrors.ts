import { AppError } from '../../contract';

/** What the hub's SQLSTATE classes mean to a responder (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const byCode: Record<string, [AppError['code'], string]> = {
  '28P01': ['unauthorized', 'the hub refused the password for this role'],
  '28000': ['unauthorized', 'the hub does not let this role in (pg_hba.conf or a missing role)'],
  '3D000': ['not-found', 'the hub has no such database'],
  '3F000': ['not-found', 'the hub has no Firebreak schema: run `firebreak hub init --url …` with an administrator role first'],
  '42P01': ['not-found', 'the hub has no Firebreak schema: run `firebreak hub init --url …` with an administrator role first'],
  '42501': ['forbidden', 'the hub refused: this role may not do that'],
  '23514': ['invalid-input', 'the hub refused an event that fails its checks'],
  '53300': ['io-error', 'the hub has too many connections open; try again shortly'],
  // A push waits for the push-order lock (lock_timeout, a minute): a session holding it that long is stuck or does it on purpose.
  '55P03': ['io-error', "another session holds the hub's push order and did not let go in time; pushes resume when it ends (the hub's administrator can end it: pg_stat_activity, pg_terminate_backend)"],
  '57014': ['io-error', 'the hub cancelled the request: it ran past the time limit'],
  '57P01': ['io-error', 'the connection to the hub was lost: the hub shut down or crashed'],
  '57P02': ['io-error', 'the connection to the hub was lost: the hub crashed'],
  '57P03': ['io-error', 'the hub is starting up and not taking connections yet'],
};

/** Where a URL points, for messages: host and port only, never the user's password. */
export function whereOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return 'the hub';
  }
}

/**
 * A hub failure as an AppError a responder can act on. The driver's message is kept only when it
 * is the server's own (it never holds the password); network errors are named by what happened.
 */
export function describeHubError(error: unknown, url: string): AppError {
  if (error instanceof AppError) return error;
  const where = whereOf(url);
  const err = error as { code?: string; message?: string };
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : String(error);
  const known = byCode[code];
  if (known) return new AppError(known[0], `${known[1]} (${where}: ${message})`);
  if (code === 'ECONNREFUSED') return new AppError('io-error', `the hub at ${where} refused the connection: is PostgreSQL running there?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new AppError('io-error', `the hub's host ${where} cannot be found (DNS)`);
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return new AppError('io-error', `the hub at ${where} did not answer in time`);
  if (code === 'ECONNRESET' || /Connection terminated|terminating connection|not queryable/i.test(message)) return new AppError('io-error', `the connection to the hub at ${where} was lost`);
  if (/self[- ]signed|certificate|SSL|TLS/i.test(message)) return new AppError('io-error', `TLS with the hub at ${where} failed: ${message}`);
  if (/^[0-9A-Z]{5}$/.test(code)) return new AppError('io-error', `the hub at ${where} answered with an error: ${message}`);
  return new AppError('io-error', `the hub at ${where} could not be reached: ${message}`);
}
