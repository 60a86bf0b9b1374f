import type { LogFormat } from '../../contract/logs/logs';

/** One parsed line. Raw values (not decoded); null where the format has no such field. */
export interface LogRecord {
  /** What the line was read as ('text' when nothing else parsed). */
  format: LogFormat;
  /** The file's format did not parse this line (it is then read as JSON or an access line if it is one, else as 'text'). */
  malformed: boolean;
  /** Epoch ms UTC. */
  time: number | null;
  /** Client address (X-Forwarded-For is not trusted; the logged remote address). */
  ip: string | null;
  method: string | null;
  /** Request target before '?', raw (still URL-encoded). */
  path: string | null;
  /** After '?', raw, without the '?'. */
  query: string | null;
  status: number | null;
  userAgent: string | null;
  referrer: string | null;
  /** A logged request body / payload field (JSON lines), raw. */
  body: string | null;
  /** App/syslog message; for 'text' the whole line. */
  message: string | null;
}
