// What a value must look like to be reported: generic rules match on a name (token, password…) and
// would otherwise report every expression, path or word assigned to it. Pure functions, run only on
// the few values a rule's regex already matched.

/**
 * A rule's `shape`: `token` a random-looking string (API keys, secrets), `password` something a
 * person chose as a password, `basic-auth` the base64 of `user:password` (an Authorization header).
 */
export type ValueShape = 'token' | 'password' | 'basic-auth';

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const reference = /^(?:\$|%[A-Za-z_]\w*%$|@|#\{|\{\{|<|&[A-Za-z]|arn:)|:$/;
const dottedIdentifier = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)+(?:\(\)?)?$/;
// A path names a word somewhere (/etc/ssl/…, ./keys/app.pem); base64 may open with a slash too.
const path = /^(?:(?:~|\.{1,2})?\/|[A-Za-z]:\\|\\\\)(?:[^/\\]*[/\\])*?[a-z][a-z0-9_-]*[a-z](?:\.[a-z0-9]{1,5})?(?:[/\\]|$)|^[\w.-]+(?:\/[\w.-]+)*\/[\w-]+\.[a-z0-9]{1,5}$/;
const url = /^[a-z][a-z0-9+.-]*:\/\//i;
// A regular expression literal (/KEY|TOKEN|SECRET/i): slashes around alternatives or escapes.
const regexLiteral = /^\/[^\s]*[|\\[(^$][^\s]*\/[dgimsuyv]*$/;
const literal = /^(?:true|false|yes|no|on|off|null|nil|none|undefined|string|str|bytes|int|number|boolean|bool|object|any|required|optional|secret|token|password)$/i;
const number = /^[\d\s._:+/-]+$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Words joined by case or separators: identifiers, names of things (payments-signing-key, getApiToken).
// Each piece is a maximal run (the lookaheads), so a long value is split one way only: linear time.
// A capitalised piece of two letters only when it is a short English word (textOrConfig,
// EndOfFileToken, filteredByApplicability): random text is full of pairs like Qz, Vv.
const piece = String.raw`(?:[A-Z]?[a-z]{2,}(?![a-z])|(?:Or|By|On|Of|In|To|At|Is|As|If|No|Up|An|Id|Do|It|Be|Go|My)(?![a-z])|[A-Z]{2,}(?![A-Za-z])|[A-Z]{2,}(?=[A-Z][a-z])|\d{1,4}(?!\d))`;
const words = new RegExp(String.raw`^${piece}(?:[_.\-\s:/]?${piece})*$`);
const placeholderPassword = /^(?:pass(?:word)?|pa\$\$w(?:or)?d|p[a@]\$?s{1,2}w[o0]rd|passwd|secret|admin|root|test|changeit|letmein|qwerty|default|example|sample|foobar|hunter)[\d!._-]*$/i;

/** Whether a value fits a rule's shape. */
export function fitsShape(value: string, shape: ValueShape): boolean {
  if (shape === 'basic-auth') return isBasicAuth(value);
  // Generated credentials are printable ASCII; text in other scripts (a locale file's "pass": "…") is prose.
  if (/[^\x20-\x7e]/.test(value)) return false;
  if (reference.test(value) || isIdentifierPath(value) || path.test(value) || url.test(value) || regexLiteral.test(value)) return false;
  if (isCodeExpression(value) || isOperatorExpression(value)) return false;
  if (literal.test(value) || number.test(value) || uuid.test(value)) return false;
  if (/[A-Za-z_]\w*\(/.test(value)) return false; // a call
  return shape === 'token' ? looksRandom(value) : looksLikePassword(value);
}

/** A member or scope path of words (self.settings.api_key, process.env.X), not a token that holds a dot. */
function isIdentifierPath(value: string): boolean {
  if (!dottedIdentifier.test(value)) return false;
  return value.split(/\.|::|->/).every((segment) => segment.length <= 3 || words.test(segment.replace(/[_$()]/g, '')) || /^[A-Z_]+$/.test(segment));
}

/**
 * Code rather than a value: a negation (!isCompleteFix, !!target.type), a member of this or a
 * private field (this.#language.key), an optional chain (options?.nodeTypeKey), or a name wrapped in
 * marker characters (__vite_ssr_exportAll__, "?NonExpressionParenEnd", "__reactContainer$"), when what
 * is left is a path of words. A value with a digit beside its words stays (a password like !Summer2024).
 */
function isCodeExpression(value: string): boolean {
  // Strong marks are code whatever the names hold (!!target2.type); weak ones need names of words.
  const strong = /^!!|^(?:this|self)\.[#\w$]|\?\.[#A-Za-z_$]|(?:^|\.)#[A-Za-z_]/.test(value);
  const bare = value.replace(/^!{1,2}/, '').replace(/^(?:this|self)\.(?=[#\w$])/, '').replace(/\?\.(?=[#A-Za-z_$])/g, '.').replace(/(^|\.)#(?=[A-Za-z_])/g, '$1');
  const core = bare.replace(/^[_$?]+|[_$]+$/g, '');
  if (core.length === 0 || core === value) return false;
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(core)) return false;
  if (strong) return true;
  const wordy = (segment: string) => segment.length <= 3 || (!/\d/.test(segment) && words.test(segment.replace(/[_$]+/g, '_').replace(/^_|_$/g, '')));
  return core.split('.').every(wordy);
}

// A name as code writes it: camelCase, PascalCase, snake or UPPER (clientY, TwoKeyMap, ESC), no
// digit inside; or short (minified code's r, e, C0).
const codeName = /^(?:[a-z_$]+|[A-Z][a-z]*)(?:[A-Z][a-z]*)*$|^[A-Z_]+$|^[\w$]{1,3}$/;

/**
 * Operands joined by operators where one is a member access of code names: minified code after an
 * assignment to a key (r.clientY-s.clientY, t.TwoKeyMap=void, e.altKey?r.C0.ESC:r.C0.CR). A token
 * with dots has random segments (a JWT, sl.BbZ3xQ9…) and is not taken for one.
 */
function isOperatorExpression(value: string): boolean {
  const operands = value.split(/[-+*/%?:=<>|&]+/);
  if (operands.length < 2) return false;
  let member = false;
  for (let i = 0; i < operands.length; i += 1) {
    const operand = operands[i]!.replace(/^!+/, '');
    if (operand === '') {
      // Cut at a quote or space: `e.key?` or `r.C0.ESC+` before a template string (not base64's `=`).
      if (i === operands.length - 1 && !value.endsWith('=')) continue;
      return false;
    }
    if (/^\d{1,3}$/.test(operand) || /^[A-Za-z_$][\w$]*$/.test(operand)) continue;
    const segments = operand.split('.');
    if (segments.length < 2 || !segments.every((segment) => codeName.test(segment))) return false;
    member = true;
  }
  return member;
}

/** A random token: long enough, more than one kind of character, not words, enough entropy. */
function looksRandom(value: string): boolean {
  if (value.length < 16 || words.test(value)) return false;
  const lower = /[a-z]/.test(value);
  const upper = /[A-Z]/.test(value);
  const digit = /\d/.test(value);
  if (Number(lower) + Number(upper) + Number(digit) < 2) return false;
  // Random text of n characters has close to log2(n) bits per character, up to its alphabet's.
  return shannonEntropy(value) >= Math.min(3, Math.log2(value.length) - 1);
}

/** A chosen password: 8+ characters, not one word, not an identifier, some variety. */
function looksLikePassword(value: string): boolean {
  if (value.length < 8 || value.length > 128) return false;
  if (placeholderPassword.test(value)) return false;
  // Names of methods and options (scram-sha-256, md5-legacy, asyncify-imports): lower-case words and numbers.
  if (/^[a-z\d]+(?:[-_.][a-z\d]+)+$/.test(value) && value.split(/[-_.]/).every((part) => /^[a-z]{2,}$|^\d+$/.test(part)) && value.split(/[-_.]/).length < 4) return false;
  // An identifier or words (db_password, passwordValue, Some Name) unless digits or symbols join in.
  // A passphrase of four words or more (correct-horse-battery-staple) is a password, though.
  const passphrase = value.split(/[-\s]/).length >= 4;
  if (words.test(value) && !passphrase && !/\d/.test(value.replace(/^\D+/, '').slice(0, -1)) && !/[^\w\s.:/-]/.test(value)) return false;
  if (/^[A-Za-z]+$/.test(value) && !(/[a-z]/.test(value) && /[A-Z]/.test(value.slice(1)))) return false;
  return shannonEntropy(value) >= 2.5;
}

/**
 * Base64 of `user:password` with a real-looking password; or, when it does not decode to text, a
 * random-looking value (an opaque credential sent as Basic, or base64 we cannot read as a pair).
 */
function isBasicAuth(value: string): boolean {
  if (value.length < 8 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f-\xff]/.test(decoded) || !decoded.includes(':')) return looksRandom(value.replace(/=+$/, ''));
  const colon = decoded.indexOf(':');
  const secret = decoded.slice(colon + 1);
  return secret.length >= 3 && !placeholderPassword.test(secret) && !reference.test(secret);
}

/**
 * Placeholders written by hand instead of a real value: one character repeated (or a value mostly
 * one run, like `sk_live_aaaa…`), or a running sequence (`0123456789`, `abcdef…`). Only short,
 * one-line values: a key block's base64 may hold runs (`AAAAAAAA` in OpenSSH keys) by design. A run
 * counts when it is most of the value (a Twitter bearer token opens with 21 A's, then is random); a
 * real key's random body holds a sequence of 6 with a chance below one in a million.
 */
export function isPlaceholderValue(value: string): boolean {
  if (value.length > 256 || value.includes('\n')) return false;
  let run = 1;
  let longestRun = 1;
  let rise = 1;
  let fall = 1;
  for (let i = 1; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    const previous = value.charCodeAt(i - 1);
    run = code === previous ? run + 1 : 1;
    longestRun = Math.max(longestRun, run);
    const alnum = isAlnum(code) && isAlnum(previous);
    rise = alnum && code === previous + 1 ? rise + 1 : 1;
    fall = alnum && code === previous - 1 ? fall + 1 : 1;
    if (rise >= 6 || fall >= 6) return true;
  }
  if (longestRun >= 6 && longestRun * 5 >= value.length * 2) return true;
  // One character over most of the value's letters and digits: 00000000-0000-0000-0000-000000000000.
  const alnum = value.replace(/[^A-Za-z0-9]/g, '');
  if (alnum.length < 8) return false;
  const counts = new Map<string, number>();
  for (const char of alnum) counts.set(char, (counts.get(char) ?? 0) + 1);
  return Math.max(...counts.values()) * 5 >= alnum.length * 3;
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** A content hash in an asset's file name or cache-busting query (app.3f9a8b7c.js, ?v=3f9a…), not a key. */
export function isAssetHash(text: string, index: number, end: number): boolean {
  const after = text.slice(end, end + 8);
  if (/^\.(?:m?js|css|map|png|jpe?g|gif|svg|webp|woff2?|ttf|ico|json|html?)\b/.test(after)) return true;
  const before = text.slice(Math.max(0, index - 6), index);
  return /[?&](?:v|ver|version|hash|rev|cb|_)=$/.test(before);
}

/**
 * Whether a value assigned to a credential-like name stands as a value where it was written: a
 * quoted one must fill its quotes (not open a longer string, prose or a template); an unquoted one
 * must not be a name or member path of code (SemicolonToken$1, AuthenticationMD5Password,
 * exports.XElement) nor a word closing a sentence.
 */
export function standsAsValue(text: string, index: number, end: number): boolean {
  const before = text[index - 1];
  // Cut where a template opens (chromium-${version}): the value is built, not written.
  if (text[end] === '{' || text.startsWith('${', end - 1)) return false;
  if (before === '"' || before === "'" || before === '`') return text[end] === before;
  const value = text.slice(index, end);
  // Unquoted prose: a word closing a sentence (`password hashing.`).
  if (/^[a-z]+[.,;:!?]$/.test(value)) return false;
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(value)) return true;
  const wordChars = (value.match(/[A-Z]?[a-z]{3,}/g) ?? []).reduce((sum, word) => sum + word.length, 0);
  return wordChars / value.length < 0.6;
}
