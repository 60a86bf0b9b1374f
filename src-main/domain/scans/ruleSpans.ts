import type { KeywordHits } from './keywordAutomaton';
import type { Source } from './scanSource';
import type { RuleSet } from './secretRuleSet';

// Where each rule woken by a text's keywords must run: the secret matcher's plan for one text.

/**
 * On a line longer than this, a line-scoped rule runs on a window around each keyword instead of
 * the whole line: a minified bundle or a base64 blob of megabytes costs as much as the same bytes
 * with line breaks.
 */
export const longLineChars = 64 * 1024;
/**
 * How far a match may reach from its keyword on a long line and still be found whole (secrets are
 * a few hundred characters). A longer one is reported cut at the window's end.
 */
export const keywordReach = 8 * 1024;
// Overlapping windows of one rule merge up to this size, so no single regex run sees more.
const maxWindowChars = 64 * 1024;

/**
 * Per rule index, the spans and keyword starts of one text's woken rules. Made once per rule set
 * and emptied after each text: a line wakes two or three of the hundreds of rules, and two arrays as
 * long as the rules, made for every text, cost more than the search on a short one (a log line).
 */
export interface SpanScratch {
  spans: (number[] | undefined)[];
  starts: (number[] | undefined)[];
  woken: number[];
  started: number[];
}

const idleScratch = new WeakMap<RuleSet, SpanScratch>();

/** The rule set's scratch, or a new one while it is in use (a call inside another). */
export function takeScratch(ruleSet: RuleSet): SpanScratch {
  const idle = idleScratch.get(ruleSet);
  if (idle) {
    idleScratch.delete(ruleSet);
    return idle;
  }
  return { spans: new Array<number[] | undefined>(ruleSet.rules.length), starts: new Array<number[] | undefined>(ruleSet.rules.length), woken: [], started: [] };
}

export function releaseScratch(ruleSet: RuleSet, scratch: SpanScratch): void {
  for (const ruleIndex of scratch.woken) scratch.spans[ruleIndex] = undefined;
  for (const ruleIndex of scratch.started) scratch.starts[ruleIndex] = undefined;
  scratch.woken.length = 0;
  scratch.started.length = 0;
  idleScratch.set(ruleSet, scratch);
}

/**
 * For each woken rule, the spans of text its regex must see, as start/end pairs: the lines holding
 * its keywords (windows around them on a long line), neighbours merged into one span, or the whole
 * text. Returns the woken rules' indices in rule order.
 */
export function spansByRule(source: Source, hits: KeywordHits, ruleSet: RuleSet, scratch: SpanScratch): number[] {
  const { spans: byRule, starts, woken, started } = scratch;
  const { keywords, keywordLengths, stickyRulesByKeyword } = ruleSet;
  let lineStart = 0;
  let lineEnd = -1;
  let long = false;
  for (let h = 0; h < hits.length; h += 1) {
    const at = hits.ends[h]!;
    if (at >= lineEnd) {
      lineStart = source.lineStart(at);
      lineEnd = source.lineEnd(at);
      long = lineEnd - lineStart > longLineChars;
    }
    // One character more than the reach: a match starting right at the reach then has a real
    // character before it (for \b and lookbehinds), and only one starting beyond it touches the cut.
    const start = long ? Math.max(lineStart, at - keywordReach - 1) : lineStart;
    const end = long ? Math.min(lineEnd, at + keywordReach) : lineEnd;
    for (const keyword of keywords.keywordsAt(hits.codes[h]!)) {
      for (const ruleIndex of stickyRulesByKeyword[keyword]!) {
        const found = starts[ruleIndex];
        if (found) found.push(at + 1 - keywordLengths[keyword]!);
        else {
          starts[ruleIndex] = [at + 1 - keywordLengths[keyword]!];
          started.push(ruleIndex);
        }
      }
    }
    for (const ruleIndex of keywords.valuesAt(hits.codes[h]!)) {
      const spans = byRule[ruleIndex];
      if (!spans) {
        byRule[ruleIndex] = ruleSet.rules[ruleIndex]!.wholeFile ? [0, source.length] : [start, end];
        woken.push(ruleIndex);
      } else if (spans[spans.length - 1]! >= end) continue;
      else if (spans[spans.length - 1]! + 1 >= start && (!long || end - spans[spans.length - 2]! <= maxWindowChars)) spans[spans.length - 1] = end;
      else spans.push(start, end);
    }
  }
  // In place: the scratch is emptied by index, in any order.
  return woken.sort((a, b) => a - b);
}
