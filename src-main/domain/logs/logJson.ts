import { canonicalIp } from './logAddress';
import type { LogRecord } from './logRecord';
import { splitRequest } from './logAccess';
import { anyTime } from './logTime';

// JSON lines from many loggers (nginx `escape=json`, ECS/Filebeat, pino, bunyan, Docker, Caddy).
// Each field is looked up by the names these use, first found wins; a dotted name is tried as a
// key as written (`"client.ip": …`) and as a path through nested objects (`{"client":{"ip":…}}`).
const names = {
  time: ['@timestamp', 'timestamp', 'time', 'ts', 'date', 'datetime', 'time_iso8601', 'time_local', 'event.created'],
  ip: ['ip', 'remote_addr', 'client_ip', 'clientip', 'clientIp', 'src_ip', 'remote_ip', 'remoteAddress', 'remote_address', 'client.ip', 'client.address', 'source.ip', 'source.address', 'http.client_ip', 'request.remote_ip', 'request.client_ip', 'request.remote_addr', 'req.remoteAddress'],
  method: ['method', 'request_method', 'http_method', 'verb', 'http.method', 'http.request.method', 'request.method', 'req.method'],
  path: ['path', 'uri', 'request_uri', 'url', 'url.original', 'url.path', 'http.url', 'http.target', 'request.uri', 'request.url', 'req.url'],
  query: ['query', 'query_string', 'args', 'url.query', 'request.query'],
  request: ['request'],
  status: ['status', 'status_code', 'statusCode', 'response', 'response_code', 'http.status_code', 'http.response.status_code', 'response.status', 'res.statusCode'],
  userAgent: ['user_agent', 'http_user_agent', 'userAgent', 'ua', 'agent', 'user_agent.original', 'http.user_agent', 'request.headers.user-agent', 'req.headers.user-agent', 'request.headers.User-Agent'],
  referrer: ['referrer', 'referer', 'http_referer', 'http_referrer', 'http.referer', 'http.request.referrer', 'req.headers.referer', 'request.headers.Referer'],
  message: ['message', 'msg', 'log', 'error.message', 'error'],
  body: ['body', 'payload', 'request_body', 'http.request.body.content', 'request.body', 'req.body'],
} as const;

type Json = Record<string, unknown>;

/** A JSON-lines record, or null when the line is not a JSON object. */
export function parseJsonLine(line: string): LogRecord | null {
  const start = firstNonSpace(line);
  if (line.charCodeAt(start) !== 123 /* { */) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const json = value as Json;

  const record: LogRecord = {
    format: 'json',
    malformed: false,
    time: anyTime(pick(json, names.time)),
    ip: address(text(pick(json, names.ip))),
    method: text(pick(json, names.method)),
    path: null,
    query: null,
    status: statusOf(pick(json, names.status)),
    userAgent: text(pick(json, names.userAgent)),
    referrer: text(pick(json, names.referrer)),
    body: bodyText(pick(json, names.body, true)),
    message: text(pick(json, names.message)),
  };
  const target = text(pick(json, names.path));
  if (target !== null) {
    const question = target.indexOf('?');
    record.path = question < 0 ? target : target.slice(0, question);
    record.query = question < 0 ? null : target.slice(question + 1);
  }
  const query = text(pick(json, names.query));
  if (query !== null) record.query = query.startsWith('?') ? query.slice(1) : query;
  const request = text(pick(json, names.request));
  if (request !== null && record.path === null) {
    // `"request": "GET /x?y HTTP/1.1"` as nginx's $request; its method wins only when none was logged apart.
    const method = record.method;
    const message = record.message;
    splitRequest(request, record);
    if (method !== null) record.method = method;
    if (record.message !== message && message !== null) record.message = message;
  }
  return record;
}

function firstNonSpace(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
}

/** The first of `keys` present with a string or number value (or, for a body, an object). */
function pick(json: Json, keys: readonly string[], objects = false): unknown {
  for (const key of keys) {
    const direct = firstOfList(json[key]);
    if (usable(direct, objects)) return direct;
    if (key.indexOf('.') > 0) {
      let node: unknown = json;
      for (const part of key.split('.')) {
        node = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Json)[part] : undefined;
        if (node === undefined) break;
      }
      node = firstOfList(node);
      if (usable(node, objects)) return node;
    }
  }
  return undefined;
}

/** In canonical form (logAddress), without the port some loggers append (Go's RemoteAddr `203.0.113.9:51234`, `[2001:db8::1]:443`): the address is what correlates. */
function address(value: string | null): string | null {
  if (value === null) return null;
  if (value.charCodeAt(0) === 91 /* [ */) {
    const close = value.indexOf(']');
    return close > 1 ? canonicalIp(value.slice(1, close)) : value;
  }
  const colon = value.indexOf(':');
  return colon > 0 && colon === value.lastIndexOf(':') && value.indexOf('.') > 0 ? value.slice(0, colon) : canonicalIp(value);
}

/** Caddy and Go log headers as lists (`"User-Agent": ["curl/8.5.0"]`): the first value stands for them. */
function firstOfList(value: unknown): unknown {
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : value;
}

function usable(value: unknown, objects: boolean): boolean {
  if (typeof value === 'string') return value !== '' && value !== '-';
  return typeof value === 'number' || (objects && value !== null && typeof value === 'object');
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function statusOf(value: unknown): number | null {
  const status = typeof value === 'number' ? value : typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(status) && status >= 100 && status <= 999 ? status : null;
}

/** A body logged as a string stays raw; one logged as parsed JSON is matched as its JSON text. */
function bodyText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return null;
}
