import { redactionMarker } from './redaction';

/**
 * Values whose name says they are secret: `DB_PASSWORD=…` in an environment dump, `apiKey: …` in
 * configuration, `--token=…` on a command line, a Kubernetes env entry (`- name: X_SECRET` then
 * `value: …`). There the name is often the only sign: the secret rules judge a value by its shape
 * and miss a password that looks like a word. For captured system state only (live response):
 * in a note, "password: reset it" is not a secret.
 */
export const namedSecretRule = 'named-secret';

// Judged word by word (DB_PASSWORD, authToken, x-api-key): PASSENV or a KEYBOARD is no secret.
const secretWords = new Set(['password', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'secrets', 'token', 'apikey', 'credential', 'credentials', 'webhook', 'cookie']);
const secretPairs = new Set(['api key', 'access key', 'private key', 'signing key', 'secret key', 'client secret']);
// Names of places and settings about a secret, not the secret itself; and the shell's working directory.
const placeOrSetting = new Set(['file', 'path', 'dir', 'sock', 'socket', 'url', 'uri', 'endpoint', 'host', 'length', 'len', 'min', 'max', 'type', 'policy', 'expiry', 'expires', 'ttl', 'name', 'id', 'env', 'count', 'enabled', 'required']);
const notSecrets = new Set(['pwd', 'oldpwd']);

// Values that are not secrets whatever the name: references, placeholders, switches and numbers.
const harmlessValue = /^(?:\$\{?\w+\}?|<[^>]*>|\*+|x{3,}|true|false|yes|no|on|off|null|none|nil|-?\d+(?:\.\d+)?|\[redacted .*)$/i;

const assignment = /^([ \t]*(?:export[ \t]+)?)([A-Za-z_][\w.-]*)([ \t]*=[ \t]*)(.+)$/gm;
const mapping = /^([ \t]*(?:-[ \t]+)?["']?)([A-Za-z_][\w.-]*)(["']?[ \t]*:[ \t]+)([^\s|>&*{[#].*)$/gm;
const envEntry = /^([ \t]*-[ \t]+name:[ \t]*["']?)([\w.-]+)(["']?[ \t]*\r?\n[ \t]*value:[ \t]+)(.+)$/gm;
const flag = /(\s--?)([A-Za-z][\w-]*)(=|[ \t]+)([^\s-][^\s]*)/g;

export function isSecretName(name: string): boolean {
  if (notSecrets.has(name.toLowerCase())) return false;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || placeOrSetting.has(words.at(-1)!)) return false;
  return words.some((word, index) => secretWords.has(word) || secretPairs.has(`${word} ${words[index + 1]}`));
}

/** The value without the quotes around it, and where it starts within `raw`. */
function unquoted(raw: string): { value: string; offset: number } {
  const trimmed = raw.replace(/\s+$/, '');
  const quoted = /^(["'])(.*)\1$/.exec(trimmed);
  return quoted ? { value: quoted[2]!, offset: 1 } : { value: trimmed, offset: 0 };
}

export interface NamedSecretRedaction {
  text: string;
  /** The names whose values were taken out, in text order. */
  names: string[];
}

export function redactNamedSecrets(text: string): NamedSecretRedaction {
  const names: string[] = [];
  const replace = (pattern: RegExp, input: string) =>
    input.replace(pattern, (whole, before: string, name: string, between: string, raw: string) => {
      if (!isSecretName(name)) return whole;
      const { value, offset } = unquoted(raw);
      if (value.length < 4 || harmlessValue.test(value) || value.includes('[redacted ')) return whole;
      names.push(name);
      const start = offset;
      return `${before}${name}${between}${raw.slice(0, start)}${redactionMarker(value, namedSecretRule)}${raw.slice(start + value.length)}`;
    });
  // Kubernetes env entries first: their value line names no secret itself.
  let out = replace(envEntry, text);
  out = replace(assignment, out);
  out = replace(mapping, out);
  out = replace(flag, out);
  return { text: out, names };
}
