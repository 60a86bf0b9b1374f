import { createHash } from 'node:crypto';
import type { KeywordHits } from './keywordAutomaton';
import type { RuleSet } from './secretRuleSet';

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
 * Runs each rule where its keywords occur: on those lines, or on the whole text for rules whose
 * scope is the file. A line carrying `firebreak:allow` is skipped. `bytes`, when the caller has
 * them, must hold one byte per character of `text` (an ASCII file as read), so that keyword
 * offsets are text offsets.
 */
export function findSecrets(text: string, ruleSet: RuleSet, bytes?: Uint8Array): SecretMatch[] {
  // Latin-1 keeps one byte per UTF-16 unit; keywords are ASCII, so none is lost.
  const hits = ruleSet.keywords.scan(bytes ?? Buffer.from(text, 'latin1'));
  if (hits.length === 0) return [];
  const matches: SecretMatch[] = [];
  // A sparse array: forEach visits only the rules woken, in rule order.
  spansByRule(text, hits, ruleSet).forEach((spans, ruleIndex) => {
    const rule = ruleSet.rules[ruleIndex]!;
    for (let w = 0; w < spans.length; w += 2) {
      const offset = spans[w]!;
      const piece = offset === 0 && spans[w + 1] === text.length ? text : text.slice(offset, spans[w + 1]);
      rule.regex.lastIndex = 0;
      for (let match = rule.regex.exec(piece); match; match = rule.regex.exec(piece)) {
        if (match[0].length === 0) rule.regex.lastIndex += 1;
        const span = match.indices?.groups?.secret ?? match.indices![0]!;
        const index = offset + span[0];
        const end = offset + span[1];
        const secret = text.slice(index, end);
        if (!secret) continue;
        if (rule.entropy !== null && shannonEntropy(secret) < rule.entropy) continue;
        if (rule.allow.some((pattern) => pattern.test(secret)) || ruleSet.globalAllow.some((pattern) => pattern.test(secret))) continue;
        if (lineAround(text, index).includes(allowMarker)) continue;
        // Rules run in file order, most specific first: a later rule on the same text adds nothing.
        if (matches.some((found) => found.index < end && index < found.end)) continue;
        matches.push({ ruleId: rule.id, index, end, secret });
      }
    }
  });
  return matches.sort((a, b) => a.index - b.index);
}

/**
 * For each woken rule (in rule order), the spans of text its regex must see, as start/end pairs:
 * the lines holding its keywords, neighbouring lines merged into one span, or the whole text.
 */
function spansByRule(text: string, hits: KeywordHits, ruleSet: RuleSet): number[][] {
  const byRule: number[][] = new Array(ruleSet.rules.length);
  let lineStart = 0;
  let lineEnd = -1;
  for (let h = 0; h < hits.length; h += 1) {
    const at = hits.ends[h]!;
    if (at >= lineEnd) {
      lineStart = text.lastIndexOf('\n', at) + 1;
      const newline = text.indexOf('\n', at);
      lineEnd = newline === -1 ? text.length : newline;
    }
    for (const ruleIndex of ruleSet.keywords.valuesAt(hits.codes[h]!)) {
      const spans = byRule[ruleIndex];
      if (!spans) byRule[ruleIndex] = ruleSet.rules[ruleIndex]!.wholeFile ? [0, text.length] : [lineStart, lineEnd];
      else if (spans[spans.length - 1]! >= lineEnd) continue;
      else if (spans[spans.length - 1]! + 1 >= lineStart) spans[spans.length - 1] = lineEnd;
      else spans.push(lineStart, lineEnd);
    }
  }
  return byRule;
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
