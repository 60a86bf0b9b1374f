import { decodeHTML } from 'entities';
import { fieldIsQuiet } from '../../domain/logs/logMatch';
import type { CompiledLogRules, FieldSlot } from '../../domain/logs/logRuleSet';
import { automatonTables } from '../../domain/scans/keywordAutomaton';

const verdictSlots = 1_024;
/** Longer values are checked each time rather than copied into the table. */
const longestRemembered = 512;

/**
 * Whether no pattern rule can match one field's value, read from the bytes of a read (the access-log
 * fast path), with the answer fieldIsQuiet gives for the value as text:
 *   - a value that decoding would only lower-case and turn `+` into spaces (plain ASCII: no `%`,
 *     `\`, `/*`, control character, doubled space or `&` that starts an entity) in which no keyword
 *     of the rules looking at the field occurs is quiet,
 *     as the matcher itself scans such a value as it is and runs no pattern without a keyword. The
 *     walk over the keyword automaton's tables costs a table read per byte and makes no string;
 *   - any other value is asked of the matcher, whose answer is remembered by the value's bytes:
 *     user agents and referrers repeat all day, so they are looked up before they are walked.
 */
export class QuietField {
  // Remembered values' bytes, `longestRemembered` per slot (a slot's bytes start on a word).
  private readonly keyBytes = new Uint8Array(verdictSlots * longestRemembered);
  private readonly keyWords = new Int32Array(this.keyBytes.buffer);
  /** By slot: the remembered value's length, -1 for none. */
  private readonly lengths = new Int32Array(verdictSlots).fill(-1);
  private readonly quiet = new Uint8Array(verdictSlots);
  /** Per byte: 1 when it keeps a value from being plain (a space only when doubled). */
  private readonly notPlain = new Uint8Array(256);
  private readonly table: Int32Array;
  private readonly classOffsets: Uint16Array;
  private readonly startRow: number;
  private readonly threshold: number;
  /** Paths and queries mostly differ line to line: walked first, remembered only when the walk cannot tell. */
  private readonly walkFirst: boolean;
  private readonly plusIsSpace: boolean;

  constructor(
    private readonly slot: FieldSlot | undefined,
    private readonly rules: CompiledLogRules,
  ) {
    this.walkFirst = slot?.field === 'path' || slot?.field === 'query';
    // Only the keywords of the rules that look at this field: `login` wakes a message rule, not a path.
    const { table, classOffsets, startRow, threshold } = this.walkFirst ? automatonTables(slot!.keywords.map((keyword) => ({ keyword, values: [0] }))) : rules.keywordTables;
    this.table = table;
    this.classOffsets = classOffsets;
    this.startRow = startRow;
    this.threshold = threshold;
    for (let byte = 0; byte < 256; byte += 1) this.notPlain[byte] = byte <= 32 || byte > 126 || byte === 37 || byte === 38 || byte === 92 || (byte === 43 && slot?.plusIsSpace === true) ? 1 : 0;
    this.plusIsSpace = slot?.plusIsSpace === true;
  }

  /** The keyword walk plainWithoutKeyword takes (for a path or query), for the WebAssembly reader to take the same. */
  get walk(): { table: Int32Array; classOffsets: Uint16Array; startRow: number; threshold: number; notPlain: Uint8Array; plusIsSpace: boolean } | null {
    if (this.slot === undefined || !this.walkFirst) return null;
    const { table, classOffsets, startRow, threshold, notPlain, plusIsSpace } = this;
    return { table, classOffsets, startRow, threshold, notPlain, plusIsSpace };
  }

  /** Whether a field with this check has any rule looking at it (none: every value is quiet). */
  get watched(): boolean {
    return this.slot !== undefined;
  }

  /** The matcher's answer for a value, not remembered (the WebAssembly reader remembers its own). */
  judge(value: string): boolean {
    return fieldIsQuiet(value, this.slot!, this.rules);
  }

  /** `words` views the same bytes as `b` (little-endian words compare four bytes at once). */
  isQuiet(b: Buffer, words: DataView, s: number, e: number): boolean {
    if (this.slot === undefined || e === s) return true;
    if (this.walkFirst && this.plainWithoutKeyword(b, s, e)) return true;
    return this.remembered(b, words, s, e);
  }

  /**
   * Whether decoding would only lower-case the value, or turn its `+` into spaces where they are
   * spaces, and no keyword occurs in it then: one pass over its bytes. An `&` (every query's
   * separator) is allowed when the entity decoding leaves the value as it is (`&page=` stays,
   * `&param=` would decode to `¶m=`).
   */
  private plainWithoutKeyword(b: Buffer, s: number, e: number): boolean {
    const { table, classOffsets, notPlain, threshold, plusIsSpace } = this;
    let row = this.startRow;
    let previous = 0;
    let ampersand = false;
    for (let i = s; i < e; i += 1) {
      let c = b[i]!;
      if (c === 43 && plusIsSpace) c = 32;
      if (notPlain[c] === 1 && (c !== 32 || previous === 32)) {
        if (c !== 38) return false;
        ampersand = true;
      }
      if (c === 42 && previous === 47) return false;
      row = table[(row + classOffsets[c]!) >> 2]!;
      if (row >= threshold) return false;
      previous = c;
    }
    return !ampersand || this.entitiesStay(b, s, e);
  }

  /** Whether entity decoding leaves the value at [s, e) as it is (`&page=` stays, `&param=` would not). */
  entitiesStay(b: Buffer, s: number, e: number): boolean {
    const value = b.toString('latin1', s, e);
    const spaced = this.plusIsSpace ? value.replaceAll('+', ' ') : value;
    return decodeHTML(spaced) === spaced;
  }

  /** The matcher's answer for the value at [s, e), remembered by its bytes. */
  remembered(b: Buffer, words: DataView, s: number, e: number): boolean {
    const length = e - s;
    const hash = (Math.imul(length, 0x9e3779b1) ^ b[s]! ^ (b[e - 1]! << 8) ^ (b[s + (length >> 1)]! << 16) ^ (b[s + (length >> 2)]! << 24) ^ Math.imul(b[e - 1 - (length >> 2)]!, 0x85ebca6b)) & (verdictSlots - 1);
    if (this.lengths[hash] === length && this.sameBytes(b, words, s, length, hash * longestRemembered)) return this.quiet[hash] === 1;
    const quiet = fieldIsQuiet(b.toString('latin1', s, e), this.slot!, this.rules);
    if (length <= longestRemembered) {
      this.keyBytes.set(b.subarray(s, e), hash * longestRemembered);
      this.lengths[hash] = length;
      this.quiet[hash] = quiet ? 1 : 0;
    }
    return quiet;
  }

  /** Whether the remembered value at `at` is the `length` bytes at `s`: four at a time (a user agent is 100–200 bytes, on nearly every line). */
  private sameBytes(b: Buffer, words: DataView, s: number, length: number, at: number): boolean {
    const keyWords = this.keyWords;
    const wordAt = at >> 2;
    const whole = length >> 2;
    for (let w = 0; w < whole; w += 1) if (words.getInt32(s + w * 4, true) !== keyWords[wordAt + w]) return false;
    const keyBytes = this.keyBytes;
    for (let k = whole * 4; k < length; k += 1) if (b[s + k] !== keyBytes[at + k]) return false;
    return true;
  }
}
