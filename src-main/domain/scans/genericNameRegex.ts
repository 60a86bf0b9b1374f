// Builds the regex of the generic assignment rules: a name holding a credential word (token,
// secret, key with a qualifier, password…) in any case style, the separators of the syntaxes real
// files use, then the value. Too long to write by hand, generated here and pasted into the rules.
const ci = (w: string) => [...w].map((c) => /[a-z]/.test(c) ? `[${c.toUpperCase()}${c}]` : c.replace(/[.-]/g, '\\$&')).join('');
const forms = (w: string) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()];
// Literal first, then lookbehinds over it: most positions fail on the first character, cheaply.
// A lower-case form must start a word; every form must end one (a plural s allowed).
const word = (w: string, glued = true) => {
  const [lo, cap, up] = forms(w);
  return `${lo}(?<![a-z]${lo})s?(?![a-z])|${cap}s?(?![a-z])|${up}${glued ? '' : `(?<![A-Z]${up})`}S?(?![A-Z])`;
};
const deny = (words: string[], lit: string) => `(?<!(?:${words.map(ci).join('|')})[_.\\- ]?${lit})`;
const tokenDenyWords = ['csrf', 'xsrf', 'page', 'cursor', 'continuation', 'sync', 'cancel', 'cancellation', 'resume', 'resumption', 'pagination', 'lexer', 'next'];
const keyDenyWords = ['public', 'pub', 'publishable', 'cache', 'sort', 'primary', 'foreign', 'partition', 'idempotency', 'object', 'hash', 'range', 'row', 'i18n', 'translation', 'query', 'lookup', 'unique', 'composite', 'map', 'dict', 'react', 'hot', 'short', 'shortcut', 'group', 'message', 'column', 'table', 'index', 'bucket', 'file', 'upload', 'ssh', 'host', 'gpg', 'pgp', 'kms', 'storage', 'local', 'sign', 'verify', 'verification', 'foo', 'the', 'a', 'dedup', 'dedupe', 'redis', 'prop', 'item', 'list', 'enum', 'field', 'label', 'trusted', 'signer', 'peer', 'known', 'verifying', 'websocket'];
const keyQual = ['api', 'secret', 'access', 'private', 'auth', 'master', 'signing', 'client', 'app', 'license', 'encryption', 'service', 'account', 'admin', 'webhook', 'hmac', 'consumer', 'session', 'deploy', 'write', 'read', 'live', 'prod'];
const KEY = '[Kk]ey|KEY';
// A space joins the words of a name (up to four) only in a quoted key ("api key": …) or in
// capitalised words opening a line (Api Key = …): in code, `const key` or `return key` is a
// statement, and trying it costs.
const spacedName = `["'][ \\t]*[A-Za-z0-9]+(?: [A-Za-z0-9]+){0,3} (?:${KEY})|^[ \\t]*[A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*){0,3} (?:${KEY})`;
const key = `(?:(?:${KEY})(?<=[A-Za-z0-9][_.\\-](?:${KEY})|${spacedName})|Key(?<=[a-z0-9]Key)|key(?<=(?:${keyQual.join('|')})key)|KEY(?<=(?:${keyQual.map((q) => q.toUpperCase()).join('|')})KEY))${deny(keyDenyWords, `(?:${KEY})`)}(?:s|S)?(?![a-z])`;
const token = `(?:${word('token')})${deny(tokenDenyWords, '(?:[Tt]oken|TOKEN)[sS]?')}`;
const tokenWords = `(?:${token}|${word('secret')}|client(?<![a-z]client)(?![a-z])|Client(?![a-z])|CLIENT(?<![A-Z]CLIENT)(?![A-Z])|${word('auth', false)}|${word('credential')}|${word('bearer', false)}|${key})`;
const passWords = `(?:${word('password')}|${word('passwd')}|${word('passphrase')}|${word('pwd', false)}|pass(?<![a-z]pass)(?![a-z])|Pass(?![a-z])|PASS(?<![A-Z]PASS)(?![A-Z]))`;
const meta = ['id', 'ids', 'uuid', 'guid', 'name', 'names', 'hash', 'hashed', 'digest', 'sha1', 'sha256', 'sha', 'md5', 'checksum', 'fingerprint', 'etag', 'version', 'rev', 'revision', 'commit', 'salt', 'iv', 'nonce', 'url', 'uri', 'urls', 'endpoint', 'path', 'file', 'dir', 'type', 'prefix', 'header', 'field', 'param', 'ref', 'len', 'length', 'count', 'size', 'ttl', 'expiry', 'expires', 'index', 'regex', 'pattern', 'format', 'label', 'hint', 'policy', 'mode', 'env', 'var', 'public', 'pub', 'arn', 'alias', 'region', 'user', 'username', 'email', 'login', 'issuer', 'audience', 'scope', 'scopes', 'provider', 'algorithm', 'alg', 'kind', 'location', 'storage', 'store', 'manager', 'service', 'rotation', 'placeholder', 'example', 'sample', 'rules', 'rule', 'requirements', 'prompt', 'input', 'confirm', 'confirmation', 'reset', 'forgot', 'strength', 'min', 'max', 'validator', 'validation', 'error', 'message', 'text', 'title', 'class', 'style', 'box', 'button', 'visible', 'visibility', 'toggle', 'enabled', 'required', 'expiration', 'timeout', 'lifetime', 'age', 'width', 'height', 'at', 'on', 'by', 'builder', 'factory', 'helper', 'handler', 'parser', 'config', 'options', 'settings', 'source', 'certificate', 'cert', 'crt', 'ca', 'pem', 'der', 'arg', 'args', 'argument', 'arguments'];
// Taken whole in a lookahead (no backtracking into it), then checked once against the meta words.
const suffix = `(?=(?<name>(?:[_.\\-](?:[A-Za-z][a-z]*|[A-Z]+|\\d+)|[A-Z][a-z]+|[A-Z]+(?![a-z])|\\d+){0,3}))\\k<name>`;
const metaDeny = `(?<!(?:[_.\\- ]|[a-z0-9])(?:${meta.map(ci).join('|')}))`;
const sep = [
  // A type between name and value (TypeScript, Kotlin, Python annotations): NAME: string = 'value'.
  `["'\`]?[ \\t]*:[ \\t]*[A-Za-z_][\\w.]*(?:<[\\w, ]*>|\\[\\])?\\??[ \\t]*=(?![=~>])[ \\t]*`,
  `["'\`]?\\]?[ \\t]*(?:(?:\\|\\||&&|\\?\\?|[:?.+])?=(?![=~])>?|:(?![:/\\\\=])|::=)[ \\t]*`,
  `["'][ \\t]*>`,
  // Shell and build files that set with a space: fish set -gx, CMake set(, Dockerfile ENV/ARG, and
  // a name opening a line followed by one value ending it (config files like LicenseKey VALUE).
  `(?<=^[ \\t]*(?:(?:ENV|ARG|set[ \\t]+-[A-Za-z]+|setenv)[ \\t]+|set\\([ \\t]*)[\\w.-]{0,60})[ \\t]+`,
  `(?<=^[ \\t]*[\\w.-]{0,60})[ \\t]+(?=["']?[^\\s"']+["']?[ \\t]*$)`,
  // A quoted name, then its value as the next argument (setProperty("X_TOKEN", "…")): the whole
  // name is the string, so a path or prose ending in the word (`'/etc/passwd', 'CVE-…'`) is not one.
  `(?<=["'][\\w.-]{1,80})["'][ \\t]*,[ \\t]*(?=["'\`])`,
  `["'][ \\t]+value[ \\t]*=[ \\t]*`,
  // An XML element (<password>…), not a regex's named group ((?<secret>…).
  `(?<=(?<!\\(\\?)<[\\w.:-]{1,60})>`,
  `(?<=(?:^|\\s)--[\\w-]{0,40})[ \\t]+`,
].join('|');
const plain = `[^\\s"'\`,;<>(){}\\[\\]\\\\&]`;
// An & joins the value unless a query parameter follows (?token=…&page=2).
const valueChars = `(?:${plain}|&(?![\\w.-]+=))`;
// A default after a lookup (process.env.X || 'value') is the value.
const fallback = `(?:(?:process\\.env|os\\.environ|ENV)[\\w.\\[\\]'"]{0,80}[ \\t]*(?:\\|\\||\\?\\?|or)[ \\t]*)?`;
// The value is taken whole in a lookahead (never backtracked into), then must end where its characters do.
const value = `${fallback}["'\`]?(?=(?<secret>${plain}{8,320}(?:&(?![\\w.-]+=)${plain}*)*))\\k<secret>(?!${valueChars}|[(\\[])`;
// The alternation of literals up front: the regex engine derives its own first-character check from
// it (a lookahead class written before it made failing runs 15 % slower, 60 % for passwords).
// The separator is looked for before the meta words are ruled out: most tries (`.key)`, `token.map`)
// fail there, and the lookbehind over a hundred words is the dearest part of a failing try.
const rx = (words: string) => `(?:${words})${suffix}(?=${sep})${metaDeny}(?:${sep})${value}`;

/**
 * The regexes of the rules generic-api-secret (`token`) and generic-password-assignment
 * (`password`) in resources/rules/secrets.yaml, written out there (rules are data); a unit test
 * keeps the two equal. Print them with:
 *   a script that imports genericNameRegex and prints JSON.stringify(genericNameRegex(kind))
 */
export function genericNameRegex(kind: 'token' | 'password'): string {
  return kind === 'token' ? rx(tokenWords) : rx(passWords);
}
