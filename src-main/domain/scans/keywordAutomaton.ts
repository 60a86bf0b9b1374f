/**
 * Aho–Corasick over bytes, case-insensitive for ASCII: finds where a few hundred keywords occur in
 * a text in one pass, one table lookup per byte. A JavaScript regex alternation of the same
 * keywords tries each alternative at every position and runs several times slower.
 */
import { scanInLanes } from './keywordLanes';

export interface KeywordEntry {
  keyword: string;
  /** What an occurrence of the keyword stands for (for the secret scanner: rule indices). */
  values: readonly number[];
}

/** Where keywords ended, in text order. Valid until the next `scan` of the same automaton. */
export interface KeywordHits {
  length: number;
  /** Index of each occurrence's last byte. */
  ends: Int32Array;
  /** Each occurrence's match code: `valuesAt(code)` are the values of every keyword ending there. */
  codes: Int32Array;
}

export interface KeywordAutomaton {
  scan(bytes: Uint8Array): KeywordHits;
  /** The values of the keywords behind a hit's code, without repeats, in ascending order. */
  valuesAt(code: number): readonly number[];
  /** The keywords ending at a hit, as indices into the entries the automaton was built from. */
  keywordsAt(code: number): readonly number[];
}

export interface KeywordAutomatonOptions {
  /** Walk in WebAssembly when the runtime has it (the default); false keeps to the JavaScript walk. */
  webAssembly?: boolean;
}

/**
 * The automaton as plain data: what building it computes (a few tens of milliseconds on a cold
 * thread for the shipped rules), made once by the build for those rules (keywordTablesFile.ts).
 */
export interface AutomatonTables {
  /** The lanes' transition table (keywordLanes.ts): at a state's row plus a class's offset, the next state's row. */
  table: Int32Array;
  /** Each byte's class as a byte offset within a row. */
  classOffsets: Uint16Array;
  startRow: number;
  threshold: number;
  warmUp: number;
  rowBytes: number;
  /** States where no keyword with values ends; the hit states follow them. */
  quiet: number;
  /** By hit state (position - quiet): the keywords ending there, and their values, ascending. */
  hitKeywords: number[][];
  hitValues: number[][];
}

export function buildKeywordAutomaton(entries: readonly KeywordEntry[], options: KeywordAutomatonOptions = {}): KeywordAutomaton {
  return automatonFromTables(automatonTables(entries), options);
}

export function automatonTables(entries: readonly KeywordEntry[]): AutomatonTables {
  // Bytes that occur in some keyword get a class of their own (upper and lower case share one);
  // every other byte is class 0. A small alphabet keeps the transition table in cache.
  const classOf = new Uint8Array(256);
  let classes = 1;
  const encoded = entries.map((entry) => Buffer.from(entry.keyword.toLowerCase(), 'latin1'));
  for (const bytes of encoded) for (const byte of bytes) if (!classOf[byte]) classOf[byte] = classes++;
  for (let upper = 65; upper <= 90; upper += 1) classOf[upper] = classOf[upper + 32]!;

  // The trie in a flat table (0: no child; the root is never a child), then completed into a DFA.
  // Typed arrays and plain loops throughout: this runs once per thread, cold, before any scan.
  const maxStates = 1 + encoded.reduce((sum, bytes) => sum + bytes.length, 0);
  const next = new Int32Array(maxStates * classes);
  const endsHere: number[][] = [];
  let states = 1;
  encoded.forEach((bytes, id) => {
    let state = 0;
    for (const byte of bytes) {
      const cell = state * classes + classOf[byte]!;
      if (!next[cell]) next[cell] = states++;
      state = next[cell]!;
    }
    (endsHere[state] ??= []).push(id);
  });

  // Breadth-first: each state's failure link, the keywords ending at it (its own and its failure's),
  // and the full transition table.
  const failure = new Int32Array(states);
  const keywordsOf: (number[] | undefined)[] = new Array(states);
  const queue = new Int32Array(states);
  let tail = 0;
  for (let symbol = 0; symbol < classes; symbol += 1) if (next[symbol]) queue[tail++] = next[symbol]!;
  for (let head = 0; head < tail; head += 1) {
    const state = queue[head]!;
    const inherited = keywordsOf[failure[state]!];
    const own = endsHere[state];
    keywordsOf[state] = own && inherited ? [...own, ...inherited] : (own ?? inherited);
    const row = state * classes;
    const failureRow = failure[state]! * classes;
    for (let symbol = 0; symbol < classes; symbol += 1) {
      const target = next[row + symbol]!;
      if (target) {
        failure[target] = next[failureRow + symbol]!;
        queue[tail++] = target;
      } else {
        next[row + symbol] = next[failureRow + symbol]!;
      }
    }
  }

  // States renumbered so that those where a keyword ends come last: the scan loop tells a hit by
  // comparing the row with a threshold, with no second table to read per byte.
  // A hit is where a keyword with values ends (a keyword standing for nothing is no hit).
  const isHit = (state: number) => keywordsOf[state]?.some((id) => entries[id]!.values.length > 0) ?? false;
  const order: number[] = [];
  for (let state = 0; state < states; state += 1) if (!isHit(state)) order.push(state);
  const quiet = order.length;
  for (let state = 0; state < states; state += 1) if (isHit(state)) order.push(state);
  // A row is addressed by its byte offset and a class by its byte offset in a row (class × 4), so a
  // step is one addition and one load, in JavaScript and in WebAssembly alike. Rows of states where
  // a keyword ends begin at a power of two: the OR of several walks' rows is past it only when one
  // of them is (the rows below are not contiguous with those above, the gap is never read).
  const rowBytes = classes * 4;
  let threshold = 4;
  while (threshold < quiet * rowBytes) threshold *= 2;
  const rowOfState = new Int32Array(states);
  order.forEach((state, position) => (rowOfState[state] = position < quiet ? position * rowBytes : threshold + (position - quiet) * rowBytes));
  // Only hit states are ever a hit's code: the others have nothing to list.
  const hitKeywords = order.slice(quiet).map((state) => [...new Set(keywordsOf[state])].sort((a, b) => a - b));
  const hitValues = hitKeywords.map((ids) => [...new Set(ids.flatMap((id) => entries[id]!.values))].sort((a, b) => a - b));
  const table = new Int32Array((threshold + (states - quiet) * rowBytes) / 4);
  for (let state = 0; state < states; state += 1) {
    const row = rowOfState[state]! / 4;
    const from = state * classes;
    for (let symbol = 0; symbol < classes; symbol += 1) table[row + symbol] = rowOfState[next[from + symbol]!]!;
  }
  return {
    table,
    classOffsets: Uint16Array.from(classOf, (symbol) => symbol * 4),
    startRow: rowOfState[0]!,
    threshold,
    // A walk's state after a byte depends on that byte and the (longest keyword - 1) before it.
    warmUp: Math.max(0, ...encoded.map((bytes) => bytes.length - 1)),
    rowBytes,
    quiet,
    hitKeywords,
    hitValues,
  };
}

/** The automaton from its tables, walking in WebAssembly where the runtime has it. */
export function automatonFromTables(tables: AutomatonTables, options: KeywordAutomatonOptions = {}): KeywordAutomaton {
  const { threshold, rowBytes, hitKeywords, hitValues } = tables;
  const none: readonly number[] = [];
  // A hit's code is its state's row: past the threshold for every state where a keyword ends.
  const hitOf = (code: number) => (code < threshold ? -1 : (code - threshold) / rowBytes);
  const scan = scanInLanes({
    tableWords: tables.table.length,
    fillTable: (table) => table.set(tables.table),
    classOffsets: tables.classOffsets,
    startRow: tables.startRow,
    threshold,
    warmUp: tables.warmUp,
    webAssembly: options.webAssembly ?? true,
  });
  return {
    scan,
    valuesAt: (code) => hitValues[hitOf(code)] ?? none,
    keywordsAt: (code) => hitKeywords[hitOf(code)] ?? none,
  };
}

