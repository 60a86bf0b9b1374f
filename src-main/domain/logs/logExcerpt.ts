// Credentials a log line carries in the clear, which the secret rules (they look for tokens of a
// known shape) cannot recognise: a password is any text. What names it gives it away: a URL
// parameter, a JSON field or an Authorization header. The name stays (a responder needs to know a
// password was sent), the value goes.

const mask = '[redacted]';

// Parameter and field names that hold a credential: `password`, `user_password`, `client_secret`,
// `refresh_token`, `api_key`, `session_id`… (a suffix match: `passwordless` or `token_type` are not).
const secretName = String.raw`[\w.-]{0,32}?(?:password|passwd|pwd|passphrase|token|secret|api[_-]?key|session(?:[_-]?id)?)`;

// A value already masked by the secret rules (`ghp_…[redacted github-pat-classic sha256:…]`) keeps its fingerprint.
const notMasked = String.raw`(?![^&\s"'#]*\[redacted)`;

/** `?password=…`, `&token=…`, `; session=…` in a URL, a query, a form body or a cookie; `%3D` when the URL is itself encoded in another. */
const parameter = new RegExp(String.raw`((?:^|[?&;\s"',{(]|%3[fF]|%26)${secretName}(?:=|%3[dD]))${notMasked}((?:(?!%26)[^&\s"'#;])+)`, 'gi');

/** `"password": "…"` in a JSON line (escaped quotes inside the value included). */
const jsonField = new RegExp(String.raw`("${secretName}"\s*:\s*")${notMasked}((?:[^"\\]|\\.)+)(?=")`, 'gi');

/** `Authorization: Bearer …`, `"authorization":"Basic …"`: the scheme stays, the credentials (one token) go. */
const authorization = /((?:proxy-)?authorization"?\s*[:=]\s*"?(?:(?:bearer|basic|digest|token|negotiate|ntlm|apikey)\s+)?)(?![^"\s,]*\[redacted)([^"\s,]+)/gi;

/** A bearer or basic credential standing alone in a message (`sent Bearer eyJhbGci…`): long enough to be no word. */
const bareCredential = /(\b(?:bearer|basic)\s+)(?!\[redacted)([\w.~+/-]{16,}=*)/gi;

/** A log line with the credentials it names masked: `password=[redacted]`, `Authorization: Bearer [redacted]`. */
export function redactLogExcerpt(text: string): string {
  let out = text;
  // Cheap checks first: most flagged lines carry none of these words.
  const lower = text.toLowerCase();
  if (/pass|pwd|token|secret|key|session/.test(lower)) {
    out = out.replace(parameter, `$1${mask}`).replace(jsonField, `$1${mask}`);
  }
  if (lower.indexOf('authorization') >= 0) out = out.replace(authorization, `$1${mask}`);
  if (lower.indexOf('bearer') >= 0 || lower.indexOf('basic') >= 0) out = out.replace(bareCredential, `$1${mask}`);
  return out;
}

/**
 * The part of a log line a finding is about, at most `max` characters: the whole line when it fits,
 * else a window beginning a little before `anchor` (where the rule's pattern matched), each cut
 * marked with `…`. An unknown anchor (-1: an encoded attack, a status rule) gives the line's head.
 */
export function excerptAround(text: string, anchor: number, max: number): string {
  if (text.length <= max) return text;
  const lastStart = text.length - (max - 1);
  const start = anchor < 0 ? 0 : Math.min(Math.max(0, anchor - Math.floor(max / 3)), lastStart);
  if (start === 0) return `${text.slice(0, pairStart(text, max - 1))}…`;
  const from = pairEnd(text, start);
  if (start === lastStart) return `…${text.slice(from)}`;
  return `…${text.slice(from, pairStart(text, start + max - 2))}…`;
}

// A cut never splits a character written as two UTF-16 units.
const isLowSurrogate = (text: string, at: number) => at > 0 && at < text.length && (text.charCodeAt(at) & 0xfc00) === 0xdc00;
const pairStart = (text: string, cut: number) => (isLowSurrogate(text, cut) ? cut - 1 : cut);
const pairEnd = (text: string, cut: number) => (isLowSurrogate(text, cut) ? cut + 1 : cut);
