import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { RuleSet } from './secretRuleSet';
import { fitsShape, isAssetHash, isPlaceholderValue, shannonEntropy, standsAsValue } from './secretShape';
import { releaseScratch, spansByRule, takeScratch, type SpanScratch } from './ruleSpans';
import { byteSource, stringSource, type Source } from './scanSource';
import { TakenSpans } from './takenSpans';

export { keywordReach, longLineChars } from './ruleSpans';

export { shannonEntropy };

/** A secret found in a text. `secret` never leaves the scanning thread: callers keep only redacted forms. */
export interface SecretMatch {
  ruleId: string;
  /** Index of the secret in the text. */
  index: number;
  end: number;
  /** Where the rule's whole match ends (the secret and any context after it). */
  matchEnd: number;
  secret: string;
}

/** First 16 hex characters of SHA-256 of the secret: stable across files, commits and runs. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** The first four characters, then an ellipsis: enough to recognise a key, never enough to use it. */
export function redact(secret: string): string {
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 3)))}…`;
}

/**
 * A sticky rule is tried at each of its keyword starts in a span when there are at most this many;
 * with more (a line naming the keyword again and again) one search from the first start is cheaper.
 */
const maxStickyTries = 4;

/** Whether the text's first or last line goes on beyond it (a long line read in pieces). */
export interface TextEdges {
  openStart: boolean;
  openEnd: boolean;
}

/**
 * Runs each rule where its keywords occur: on those lines (around the keywords, on a long line),
 * or on the whole text for rules whose scope is the file. A line carrying `firebreak:allow` is
 * skipped. A match touching an edge the text does not really have (`edges`, or a window's start)
 * is left to the piece that holds it whole.
 *
 * Given bytes (a file as read, UTF-8), the regex runs on their Latin-1 rendering where it is ASCII,
 * and on the UTF-8 decoding of any span that is not, so matches and secrets are those of the decoded
 * text; every offset returned is a byte offset.
 */
export function findSecrets(text: string | Uint8Array, ruleSet: RuleSet, edges: TextEdges = { openStart: false, openEnd: false }): SecretMatch[] {
  // Latin-1 keeps one byte per UTF-16 unit; keywords are ASCII, so none is lost.
  const hits = ruleSet.keywords.scan(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  if (hits.length === 0) return [];
  const source = typeof text === 'string' ? stringSource(text) : byteSource(text);
  const matches: SecretMatch[] = [];
  const taken = new TakenSpans();
  // Whether a line carries the allow marker is asked only of a match: most texts have none.
  const allowed = lazily(() => allowedLines(source));
  // A span edge is real at a line break (or a real edge of the text), artificial mid-line.
  const startIsOpen = (at: number) => (at === 0 ? edges.openStart : source.code(at - 1) !== 10);
  const scratch = takeScratch(ruleSet);
  try {
    runWokenRules(spansByRule(source, hits, ruleSet, scratch), scratch, { source, ruleSet, rule: ruleSet.rules[0]!, piece: '', offset: 0, decoded: false, openStart: false, openEnd: false, matches, taken, allowed }, edges, startIsOpen);
  } finally {
    releaseScratch(ruleSet, scratch);
  }
  return matches.sort((a, b) => a.index - b.index);
}

/** Runs each woken rule (in rule order) over its spans; `at` is one record for every span, updated in place (a closure per span costs more than its regex run). */
function runWokenRules(woken: readonly number[], scratch: SpanScratch, at: Place, edges: TextEdges, startIsOpen: (at: number) => boolean): void {
  const { source, ruleSet } = at;
  // Bytes that are all ASCII (most source) never need decoding: no span is checked.
  const { utf8 } = source;
  for (const ruleIndex of woken) {
    const spans = scratch.spans[ruleIndex]!;
    const rule = ruleSet.rules[ruleIndex]!;
    // A rule reading the whole text, which lacks a text every match holds: nothing to render or search.
    if (rule.required && !rule.required.every((text) => source.includes(text))) continue;
    // Where the rule's keywords begin, for a sticky rule: its matches can begin nowhere else.
    const starts = rule.sticky && !rule.literals ? ascending(scratch.starts[ruleIndex]!) : null;
    let nextStart = 0;
    for (let w = 0; w < spans.length; w += 2) {
      const offset = spans[w]!;
      const spanEnd = spans[w + 1]!;
      // Only a span holding other characters than ASCII is decoded, and only a woken one.
      const decoded = utf8 !== undefined && !isAscii(utf8.subarray(offset, spanEnd));
      const piece = decoded ? utf8.toString('utf8', offset, spanEnd) : source.slice(offset, spanEnd);
      const openStart = startIsOpen(offset);
      // Only the end of the text can be left to the next piece: a window's end inside the text is
      // as far as this rule looks, so a match cut there is still reported.
      const openEnd = spanEnd === source.length && edges.openEnd;
      at.rule = rule;
      at.piece = piece;
      at.offset = offset;
      at.decoded = decoded;
      at.openStart = openStart;
      at.openEnd = openEnd;
      if (rule.literals) {
        // Tried where one of its leading texts occurs: found with indexOf, far faster than a search.
        const sticky = rule.sticky!;
        let from = 0;
        for (const start of literalStarts(piece, rule.literals)) {
          if (start < from) continue;
          sticky.lastIndex = start;
          const match = sticky.exec(piece);
          if (match) from = Math.max(consider(match, at), start + 1);
        }
        continue;
      }
      let searchFrom = 0;
      let last = 0;
      if (starts && !decoded) {
        // Windows on a long line may overlap: each is tried from its own first start.
        while (nextStart > 0 && starts[nextStart - 1]! >= offset) nextStart -= 1;
        while (nextStart < starts.length && starts[nextStart]! < offset) nextStart += 1;
        last = nextStart;
        while (last < starts.length && starts[last]! < spanEnd) last += 1;
        searchFrom = nextStart < starts.length ? starts[nextStart]! - offset : piece.length;
      }
      // Keyword starts are byte offsets: a decoded span is searched instead, to the same matches.
      if (starts && !decoded && last - nextStart <= maxStickyTries) {
        // Tried at each keyword start in the piece, in order: the same leftmost matches a search finds.
        const sticky = rule.sticky!;
        let from = 0;
        for (; nextStart < starts.length && starts[nextStart]! < spanEnd; nextStart += 1) {
          const start = starts[nextStart]! - offset;
          if (start < from || (nextStart > 0 && starts[nextStart - 1] === starts[nextStart])) continue;
          sticky.lastIndex = start;
          const match = sticky.exec(piece);
          if (match) from = Math.max(consider(match, at), start + 1);
        }
        continue;
      }
      // No match of a sticky rule begins before its first keyword: the search starts there.
      rule.regex.lastIndex = searchFrom;
      for (let match = rule.regex.exec(piece); match; match = rule.regex.exec(piece)) {
        if (match[0].length === 0) rule.regex.lastIndex += 1;
        const next = consider(match, at);
        if (next !== match.indices![0]![1]) rule.regex.lastIndex = next;
      }
    }
  }
}

/** Where any of the texts occurs in the piece, ascending, without repeats. */
function literalStarts(piece: string, literals: readonly string[]): number[] {
  const starts: number[] = [];
  for (const literal of literals) for (let at = piece.indexOf(literal); at !== -1; at = piece.indexOf(literal, at + 1)) starts.push(at);
  if (literals.length === 1) return starts;
  return [...new Set(ascending(starts))];
}

/** The numbers sorted, in place; they come nearly sorted (hits are in order of their ends), often wholly. */
function ascending(numbers: number[]): number[] {
  for (let i = 1; i < numbers.length; i += 1) if (numbers[i - 1]! > numbers[i]!) return numbers.sort((a, b) => a - b);
  return numbers;
}

/** Where a rule's regex is running: the piece of text, and what a match found there goes to. */
interface Place {
  source: Source;
  ruleSet: RuleSet;
  rule: RuleSet['rules'][number];
  piece: string;
  offset: number;
  /** The piece is the UTF-8 decoding of the text's bytes from `offset`: its offsets are characters, not bytes. */
  decoded: boolean;
  openStart: boolean;
  openEnd: boolean;
  matches: SecretMatch[];
  taken: TakenSpans;
  allowed: () => ((index: number) => boolean) | null;
}

/** Takes a match of the rule in its piece (reports it when it passes); answers where to look next. */
function consider(match: RegExpExecArray, at: Place): number {
  const whole = match.indices![0]!;
  if ((at.openStart && whole[0] === 0) || (at.openEnd && whole[1] === at.piece.length)) return whole[1];
  const span = match.indices?.groups?.secret ?? whole;
  const index = at.offset + textOffset(at, span[0]);
  const end = at.offset + textOffset(at, span[1]);
  const secret = at.decoded ? at.piece.slice(span[0], span[1]) : at.source.slice(index, end);
  if (!secret) return whole[1];
  // A value turned down may hold the real match (key="ApiKey" value="…"): look again from it.
  if (!accepted(secret, at.rule, at.ruleSet) || isAssetHash(...around(at.source, index, end, 6, 8)) || (isGeneric(at.rule) && !standsAsValue(...around(at.source, index, end, 1, 2)))) return Math.max(whole[0] + 1, span[0]);
  // Rules run in file order, most specific first: a later rule on the same text adds nothing.
  if (!at.allowed()?.(index) && at.taken.take(index, end)) at.matches.push({ ruleId: at.rule.id, index, end, matchEnd: at.offset + textOffset(at, whole[1]), secret });
  return whole[1];
}

/** The value's place in the text with this much of what lies before and after it: all the shape checks look at. */
function around(source: Source, index: number, end: number, before: number, after: number): [string, number, number] {
  const from = Math.max(0, index - before);
  return [source.slice(from, Math.min(source.length, end + after)), index - from, end - from];
}

/** A character offset in the piece as an offset in the text from the piece's start (bytes, for a decoded piece). */
const textOffset = (at: Place, offset: number) => (at.decoded ? Buffer.byteLength(at.piece.slice(0, offset)) : offset);

/** Rules that know a value only by the name beside it, not by a format of its own. */
const isGeneric = (rule: RuleSet['rules'][number]) => rule.shape === 'token' || rule.shape === 'password';

/** Whether a matched value passes the rule's gates and is no placeholder. */
function accepted(secret: string, rule: RuleSet['rules'][number], ruleSet: RuleSet): boolean {
  if (rule.entropy !== null && shannonEntropy(secret) < rule.entropy) return false;
  if (rule.shape !== null && !fitsShape(secret, rule.shape)) return false;
  if (isPlaceholderValue(secret)) return false;
  return !rule.allow.some((pattern) => pattern.test(secret)) && !ruleSet.globalAllow.some((pattern) => pattern.test(secret));
}

function lazily<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * Whether the line holding an offset carries the allow marker, or null when no line does (the
 * usual case). Lines are found by binary search, not by cutting the line out per match: on a line
 * of megabytes with many matches that would cost the line's length each time.
 */
function allowedLines(source: Source): ((index: number) => boolean) | null {
  let at = source.markerAt(0);
  if (at === -1) return null;
  const breaks: number[] = [];
  for (let newline = source.lineEnd(0); newline < source.length; newline = source.lineEnd(newline + 1)) breaks.push(newline);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = breaks.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (breaks[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const marked = new Set<number>();
  for (; at !== -1; at = source.markerAt(at + 1)) marked.add(lineOf(at));
  return (index) => marked.has(lineOf(index));
}

/**
 * Each match with its 1-based line and column, from one walk over the text (matches come sorted by
 * index). `firstColumn` is the column of the text's first character (a long line read in pieces).
 * With `bytes` (the text is their Latin-1 rendering, as findSecrets takes it), columns count the
 * characters of the decoded line, as an editor shows them.
 */
export function* withPositions(text: string, matches: readonly SecretMatch[], firstLine = 1, firstColumn = 1, bytes?: Uint8Array): Generator<{ match: SecretMatch; line: number; column: number }> {
  let line = firstLine;
  let lineStart = 0;
  let nextBreak = text.indexOf('\n');
  for (const match of matches) {
    while (nextBreak !== -1 && nextBreak < match.index) {
      line += 1;
      lineStart = nextBreak + 1;
      nextBreak = text.indexOf('\n', lineStart);
    }
    // Columns on the first line count from firstColumn: it goes on with a line begun earlier.
    const before = bytes && !isAscii(bytes.subarray(lineStart, match.index)) ? Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, match.index - lineStart).toString('utf8').length : match.index - lineStart;
    yield { match, line, column: before + (line === firstLine ? firstColumn : 1) };
  }
}
