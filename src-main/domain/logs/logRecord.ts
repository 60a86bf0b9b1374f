import type { LogFormat } from '../../contract/logs/logs';
/** One parsed line. Raw values (not decoded); null where the format has no such field. */
export interface LogRecord {
  format: LogFormat;          // what the line was read as ('text' when nothing else parsed)
  malformed: boolean;         // the file's format did not parse this line (it is then a 'text' record)
  time: number | null;        // epoch ms UTC
  ip: string | null;          // client address (X-Forwarded-For is not trusted; the logged remote address)
  method: string | null;
  path: string | null;        // request target before '?', raw (still URL-encoded)
  query: string | null;       // after '?', raw, without the '?'
  status: number | null;
  userAgent: string | null;
  referrer: string | null;
  body: string | null;        // a logged request body / payload field (JSON lines), raw
  message: string | null;     // app/syslog message; for 'text' the whole line
}
