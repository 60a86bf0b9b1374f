import { createHash } from 'node:crypto';
import type { RuleSet } from './secretRules';

/** A secret found in a text. `secret` never leaves the scanning thread: callers keep only redacted forms. */
export interface SecretMatch {
  ruleId: string;
  /** Index of the secret in the text. */
  index: number;
  end: number;
  secret: string;
}

/** Shannon entropy in bits per character. */
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

/** First 16 hex characters of SHA-256 of the secret: stable across files, commits and runs. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** The first four characters, then an ellipsis: enough to recognise a key, never enough to use it. */
export function redact(secret: string): string {
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 3)))}…`;
}

const allowMarker = 'firebreak:allow';

/**
 * Runs the rules whose keywords occur in the text; a line carrying `firebreak:allow` is skipped.
 * `bytes` are the text's bytes when the caller has them (keywords are ASCII: Latin-1 works as well).
 */
export function findSecrets(text: string, ruleSet: RuleSet, bytes: Uint8Array = Buffer.from(text, 'latin1')): SecretMatch[] {
  const found = new Uint8Array(ruleSet.keywords.keywordCount);
  ruleSet.keywords.scan(bytes, found);
  const wanted = new Set<number>();
  found.forEach((hit, keyword) => {
    if (hit) for (const index of ruleSet.rulesByKeyword[keyword]!) wanted.add(index);
  });
  if (wanted.size === 0) return [];
  const matches: SecretMatch[] = [];
  for (const ruleIndex of [...wanted].sort((a, b) => a - b)) {
    const rule = ruleSet.rules[ruleIndex]!;
    rule.regex.lastIndex = 0;
    for (let match = rule.regex.exec(text); match; match = rule.regex.exec(text)) {
      if (match[0].length === 0) rule.regex.lastIndex += 1;
      const span = match.indices?.groups?.secret ?? match.indices![0]!;
      const secret = text.slice(span[0], span[1]);
      if (!secret) continue;
      if (rule.entropy !== null && shannonEntropy(secret) < rule.entropy) continue;
      if (rule.allow.some((pattern) => pattern.test(secret)) || ruleSet.globalAllow.some((pattern) => pattern.test(secret))) continue;
      if (lineAround(text, span[0]).includes(allowMarker)) continue;
      // Rules run in file order, most specific first: a later rule on the same text adds nothing.
      if (matches.some((found) => found.index < span[1] && span[0] < found.end)) continue;
      matches.push({ ruleId: rule.id, index: span[0], end: span[1], secret });
    }
  }
  return matches.sort((a, b) => a.index - b.index);
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? text.length : end);
}

/** Each match with its 1-based line and column, from one walk over the text (matches come sorted by index). */
export function* withPositions(text: string, matches: readonly SecretMatch[], firstLine = 1): Generator<{ match: SecretMatch; line: number; column: number }> {
  let line = firstLine;
  let lineStart = 0;
  let nextBreak = text.indexOf('\n');
  for (const match of matches) {
    while (nextBreak !== -1 && nextBreak < match.index) {
      line += 1;
      lineStart = nextBreak + 1;
      nextBreak = text.indexOf('\n', lineStart);
    }
    yield { match, line, column: match.index - lineStart + 1 };
  }
}
