import type { LogCategory, LogSeverity } from '../../contract/logs/logs';
import { decodeForMatching } from './logDecode';
import type { LogRecord } from './logRecord';
import { severityRank, statusHolds, type CompiledLogRules, type FieldSlot } from './logRuleSet';

export interface LogHit {
  rule: string;
  category: LogCategory;
  severity: LogSeverity;
  description: string;
}

const none: readonly number[] = [];

/** The rules a record matches (decoding each looked-at field once), at most one hit per category, most severe first. */
export function matchRecord(record: LogRecord, rules: CompiledLogRules): LogHit[] {
  let best: Map<LogCategory, number> | null = null;
  for (const index of rules.statusOnly) best = consider(best, index, record.status, rules);
  // A line no format fitted has no fields to tell apart: every rule reads all of it.
  for (const slot of record.format === 'text' ? [rules.textLine] : rules.fields) {
    const raw = record[slot.field];
    if (raw === null || raw === '') continue;
    for (const index of fieldMatches(raw, slot, rules)) best = consider(best, index, record.status, rules);
  }
  // An application that logs the request it received (`GET /x?id=… 200`) in its message: the
  // target is matched as a request's path and query, so path and SQL rules reach it without
  // reading every message as a URL (prose is full of SQL words and relative paths).
  const target = record.path === null && record.message !== null && record.format !== 'text' ? requestTarget(record.message) : null;
  if (target !== null) {
    for (const slot of rules.fields) {
      const raw = slot.field === 'path' ? target.path : slot.field === 'query' ? target.query : null;
      if (raw === null || raw === '') continue;
      for (const index of fieldMatches(raw, slot, rules)) best = consider(best, index, record.status, rules);
    }
  }
  if (best === null) return [];
  return [...best.values()]
    .sort((a, b) => severityRank[rules.rules[a]!.severity] - severityRank[rules.rules[b]!.severity] || a - b)
    .map((index) => {
      const { id, category, severity, description } = rules.rules[index]!;
      return { rule: id, category, severity, description };
    });
}

/**
 * Where in a line (as shown, redacted) a rule's match lies, as near as can be told: where its pattern
 * matches the line as written, else a little before where the match ends in the first field it
 * matched once decoded (the shortest start of the field that decodes to a match); -1 when neither is
 * found (a status rule, a field the redaction rewrote).
 */
export function hitPosition(line: string, record: LogRecord, ruleIndex: number, rules: CompiledLogRules): number {
  const rule = rules.rules[ruleIndex]!;
  if (rule.regex === null) return -1;
  const direct = line.toLowerCase().search(rule.regex);
  if (direct >= 0 || record.format === 'text') return direct;
  for (const slot of rules.fields) {
    const raw = record[slot.field];
    if (!(rule.fieldMask & slot.bit) || raw === null || raw === '' || !fieldMatches(raw, slot, rules).includes(ruleIndex)) continue;
    const at = line.indexOf(raw);
    if (at >= 0) return raw.length > searchedFieldChars ? at : at + Math.max(0, shortestMatchingStart(raw, slot, rule) - matchLead);
  }
  return -1;
}

// How far before a match's end a decoded match is placed: most of a match is seen before its end.
const matchLead = 40;
// A longer field is shown from its start: each step of the search decodes a start of it again, and a
// hostile log could make every line such a field.
const searchedFieldChars = 8 * 1024;

/** The length of the shortest start of a field's value whose decoding the rule's pattern matches (the whole value if none). */
function shortestMatchingStart(raw: string, slot: FieldSlot, rule: CompiledLogRules['rules'][number]): number {
  const matches = (length: number) => {
    const text = decodeForMatching(raw.slice(0, length), { plusIsSpace: slot.plusIsSpace });
    return rule.regex!.test(rule.shellWords ? shellWords(text) : text);
  };
  let low = 1;
  let high = raw.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (matches(middle)) high = middle;
    else low = middle + 1;
  }
  return high;
}

const requestLine = /\b(?:GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS) (\/[^\s"]*)/;

/** The request target a message quotes (`GET /download?file=… 200 from …`), split at its `?`; null when it quotes none. */
function requestTarget(message: string): { path: string; query: string | null } | null {
  if (message.indexOf(' /') < 0) return null;
  const found = requestLine.exec(message);
  if (found === null) return null;
  const target = found[1]!;
  const question = target.indexOf('?');
  return question < 0 ? { path: target, query: null } : { path: target.slice(0, question), query: target.slice(question + 1) };
}

/** Keeps a matched rule when its status condition holds and it is the most severe of its category so far. */
function consider(best: Map<LogCategory, number> | null, index: number, status: number | null, rules: CompiledLogRules): Map<LogCategory, number> | null {
  const rule = rules.rules[index]!;
  if (!statusHolds(rule, status)) return best;
  const chosen = best ?? new Map<LogCategory, number>();
  const held = chosen.get(rule.category);
  if (held === undefined || severityRank[rule.severity] < severityRank[rules.rules[held]!.severity]) chosen.set(rule.category, index);
  return chosen;
}

/**
 * Whether no pattern rule matches this value of a field, whatever the status (the same decoding and
 * matching as matchRecord): a record whose fields are all quiet and whose status wakes no status
 * rule has no hits.
 */
export function fieldIsQuiet(raw: string, slot: FieldSlot, rules: CompiledLogRules): boolean {
  return raw === '' || fieldMatches(raw, slot, rules).length === 0;
}

/** Distinct values remembered per field before starting afresh, and the longest remembered: bounded memory, whatever the log. */
const fieldMemory = 2_048;
const longestRemembered = 256;

/** The pattern rules a field's value matches; short plain values of the fields that repeat are remembered. */
function fieldMatches(raw: string, slot: FieldSlot, rules: CompiledLogRules): readonly number[] {
  const known = slot.seen?.get(raw);
  if (known !== undefined) return known;
  const plain = asciiNeedingNoDecoding(raw, slot.plusIsSpace);
  const matched = patternsMatching(raw, plain, slot, rules);
  if (slot.seen && plain && raw.length <= longestRemembered) {
    if (slot.seen.size >= fieldMemory) slot.seen.clear();
    // A fresh copy as the key: the value may be a slice of a large chunk of the file, which a
    // remembered slice would keep alive.
    slot.seen.set(String.fromCharCode.apply(null, scratch.subarray(0, raw.length) as unknown as number[]), matched);
  }
  return matched;
}

// The automaton reads bytes; a field is copied into one buffer that grows as needed.
const encoder = new TextEncoder();
let scratch = new Uint8Array(4_096);

/** The pattern rules (indices) looking at this field whose keywords and pattern match its decoded value, whatever the status. */
function patternsMatching(raw: string, plain: boolean, { bit, plusIsSpace }: FieldSlot, rules: CompiledLogRules): readonly number[] {
  // Most values need no decoding but lower case, which the automaton ignores: scan them as they
  // are (already in `scratch`), and lower-case only when a keyword occurs.
  let text: string | null = plain ? null : decodeForMatching(raw, { plusIsSpace });
  let length = raw.length;
  if (text !== null) {
    if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
    length = encoder.encodeInto(text, scratch).written;
  }
  const found = rules.keywords.scan(scratch.subarray(0, length));
  if (found.length === 0) return none;
  text ??= raw.toLowerCase();
  let shellText: string | null = null;
  let tried: Set<number> | null = null;
  let matched: number[] | null = null;
  for (let k = 0; k < found.length; k += 1) {
    for (const index of rules.keywords.valuesAt(found.codes[k]!)) {
      // Each rule's pattern runs at most once per field, however many of its keywords occur.
      if (!(rules.rules[index]!.fieldMask & bit) || tried?.has(index)) continue;
      (tried ??= new Set()).add(index);
      const rule = rules.rules[index]!;
      if (rule.regex!.test(rule.shellWords ? (shellText ??= shellWords(text)) : text)) (matched ??= []).push(index);
    }
  }
  return matched ?? none;
}

// A quote pair or a backslash (already '/') inside a word: the shell drops them, so `w'h'o'am'i` runs whoami.
const wordSplitter = /(?<=\w)(?:['"]{1,2}|\/)(?=\w)/g;

function shellWords(text: string): string {
  return text.indexOf("'") >= 0 || text.indexOf('"') >= 0 || text.indexOf('/') >= 0 ? text.replace(wordSplitter, '') : text;
}

/**
 * Whether decoding would only lower-case this value (no %, +, entity, comment, backslash, control
 * character, doubled space or non-ASCII), copying it into `scratch` on the way.
 */
function asciiNeedingNoDecoding(raw: string, plusIsSpace: boolean): boolean {
  if (scratch.length < raw.length) scratch = new Uint8Array(raw.length * 2);
  let previous = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const code = raw.charCodeAt(i);
    if (code < 33 || code > 126) {
      if (code !== 32 || previous === 32) return false;
    } else if (code === 37 || code === 38 || code === 92 || (code === 43 && plusIsSpace) || (code === 42 && previous === 47)) return false;
    scratch[i] = code;
    previous = code;
  }
  return true;
}
