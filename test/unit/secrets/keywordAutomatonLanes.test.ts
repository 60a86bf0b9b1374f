import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKeywordAutomaton, type KeywordEntry } from '../../../src-main/domain/scans/keywordAutomaton';
import { parseRules } from '../../../src-main/domain/scans/secretRules';

interface Hit {
  end: number;
  keywords: readonly number[];
  values: readonly number[];
}

/** Null when the hits agree, else the first that differs: a deep comparison of 100,000 objects is slow to run and to read. */
function firstDifference(actual: Hit[], expected: Hit[]): { index: number; actual: string | undefined; expected: string | undefined } | null {
  const line = (hit: Hit | undefined) => hit && `${hit.end} keywords ${hit.keywords.join(',')} values ${hit.values.join(',')}`;
  for (let index = 0; index < Math.max(actual.length, expected.length); index += 1) {
    if (line(actual[index]) !== line(expected[index])) return { index, actual: line(actual[index]), expected: line(expected[index]) };
  }
  return null;
}

/** Every occurrence of every keyword, found one keyword at a time: ASCII letters in any case, other bytes as they are. */
function naiveHits(entries: readonly KeywordEntry[], bytes: Uint8Array): Hit[] {
  const text = Buffer.from(bytes.map((byte) => (byte >= 65 && byte <= 90 ? byte + 32 : byte))).toString('latin1');
  // By end, the keywords ending there: entries are searched in order, so each list comes sorted.
  const byEnd: number[][] = [];
  entries.forEach((entry, id) => {
    const keyword = Buffer.from(entry.keyword.toLowerCase(), 'latin1').toString('latin1');
    for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) (byEnd[at + keyword.length - 1] ??= []).push(id);
  });
  const hits: Hit[] = [];
  byEnd.forEach((keywords, end) => hits.push({ end, keywords, values: [...new Set(keywords.flatMap((id) => entries[id]!.values))].sort((a, b) => a - b) }));
  return hits;
}

function automatonHits(entries: readonly KeywordEntry[], bytes: Uint8Array, webAssembly: boolean): Hit[] {
  const automaton = buildKeywordAutomaton(entries, { webAssembly });
  const hits = automaton.scan(bytes);
  return Array.from({ length: hits.length }, (_, h) => ({
    end: hits.ends[h]!,
    keywords: automaton.keywordsAt(hits.codes[h]!),
    values: automaton.valuesAt(hits.codes[h]!),
  }));
}

/** A small deterministic generator: a failing case can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// Keywords that are prefixes and suffixes of one another, in mixed case, with bytes past 0x7f, and
// one long keyword so that a walk begun mid-text needs a long run-up.
const tangled: KeywordEntry[] = [
  { keyword: 'a', values: [0] },
  { keyword: 'ab', values: [1, 0] },
  { keyword: 'Abc', values: [2] },
  { keyword: 'bc', values: [3] },
  { keyword: 'c', values: [4, 9] },
  { keyword: 'cab', values: [5] },
  { keyword: 'b\u00e9', values: [6] },
  { keyword: '\u00ff\u0080', values: [7] },
  { keyword: 'abcabcabcabcabcabcabcabc_key', values: [8] },
  { keyword: 'c_key', values: [9] },
];
const longest = tangled[8]!.keyword;

function randomText(length: number, next: () => number): Uint8Array {
  const alphabet = Buffer.from('aAbBcC_kKeEyY \n\u00e9\u00c9\u00ff\u0080', 'latin1');
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = next() < 0.9 ? alphabet[Math.floor(next() * alphabet.length)]! : Math.floor(next() * 256);
  // The long keyword across the places where a text is cut into quarters and blocks, and at both ends.
  const cuts = [0, length >> 2, length >> 1, (3 * length) >> 2, length - longest.length, 256 * 1024, 272 * 1024];
  for (const cut of cuts) {
    const at = Math.min(length - longest.length, Math.max(0, cut - Math.floor(next() * longest.length)));
    if (at >= 0) bytes.set(Buffer.from(next() < 0.5 ? longest.toUpperCase() : longest, 'latin1'), at);
  }
  return bytes;
}

describe('the keyword automaton against a search for each keyword in turn', () => {
  it('finds the same hits in random texts of every size, in WebAssembly and in JavaScript', () => {
    const next = random(24);
    for (const length of [0, 1, 2, 27, 28, 255, 256, 257, 600, 1_000, 4_099, 70_001, 262_144, 300_001]) {
      const bytes = randomText(length, next);
      const expected = naiveHits(tangled, bytes);
      // Dense hits: every cut of the text falls among them.
      if (length > 1_000) expect(expected.length).toBeGreaterThan(length / 10);
      expect(firstDifference(automatonHits(tangled, bytes, true), expected), `length ${length}`).toBeNull();
      expect(firstDifference(automatonHits(tangled, bytes, false), expected), `length ${length}`).toBeNull();
    }
  }, 30_000);

  it('finds the same hits as the shipped rules in real source and in the rules file itself', () => {
    const root = path.join(__dirname, '../../..');
    const rules = parseRules(fs.readFileSync(path.join(root, 'resources/rules/secrets.yaml'), 'utf8'));
    if (!rules.ok) throw new Error(rules.message);
    const byKeyword = new Map<string, number[]>();
    rules.specs.forEach((spec, index) => spec.keywords.forEach((keyword) => byKeyword.set(keyword, [...(byKeyword.get(keyword) ?? []), index])));
    const entries = [...byKeyword].map(([keyword, values]) => ({ keyword, values }));
    const sources = ['resources/rules/secrets.yaml', 'src-main/domain/scans/secretMatch.ts', 'src-main/domain/scans/keywordAnchor.ts', 'README.md'];
    const text = Buffer.concat(sources.map((source) => fs.readFileSync(path.join(root, source))));
    const expected = naiveHits(entries, text);
    expect(expected.length).toBeGreaterThan(1_000);
    expect(firstDifference(automatonHits(entries, text, true), expected)).toBeNull();
    expect(firstDifference(automatonHits(entries, text, false), expected)).toBeNull();
  }, 30_000);

  it('finds the same hits with keywords of more distinct bytes than WebAssembly walks take (then JavaScript walks)', () => {
    const next = random(64);
    const entries = Array.from({ length: 300 }, (_, id) => ({
      keyword: Array.from({ length: 2 + (id % 4) }, () => String.fromCharCode(0x21 + Math.floor(next() * 0xde))).join(''),
      values: [id % 7],
    }));
    const alphabet = [...new Set(entries.flatMap((entry) => [...entry.keyword.toLowerCase()]))];
    expect(alphabet.length).toBeGreaterThan(64);
    const bytes = Buffer.from(Array.from({ length: 50_000 }, () => (next() < 0.3 ? entries[Math.floor(next() * entries.length)]!.keyword : alphabet[Math.floor(next() * alphabet.length)]!)).join(''), 'latin1');
    const expected = naiveHits(entries, bytes);
    expect(expected.length).toBeGreaterThan(10_000);
    expect(firstDifference(automatonHits(entries, bytes, true), expected)).toBeNull();
    expect(firstDifference(automatonHits(entries, bytes, false), expected)).toBeNull();
  }, 30_000);

  it('finds nothing with no keywords, in WebAssembly and in JavaScript', () => {
    const bytes = randomText(70_001, random(3));
    expect(automatonHits([], bytes, true)).toEqual([]);
    expect(automatonHits([], bytes, false)).toEqual([]);
  });

  it('scans again and again with one automaton, each scan reporting only its own text', () => {
    const automaton = buildKeywordAutomaton(tangled);
    const next = random(7);
    for (const length of [300_001, 5, 70_001, 0, 3_000]) {
      const bytes = randomText(length, next);
      const hits = automaton.scan(bytes);
      const ends = Array.from(hits.ends.subarray(0, hits.length)).join(' ');
      expect(ends === naiveHits(tangled, bytes).map((hit) => hit.end).join(' '), `length ${length}`).toBe(true);
    }
  }, 30_000);
});
