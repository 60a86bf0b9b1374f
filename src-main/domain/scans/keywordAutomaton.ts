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

export function buildKeywordAutomaton(entries: readonly KeywordEntry[], options: KeywordAutomatonOptions = {}): KeywordAutomaton {
  // Bytes that occur in some keyword get a class of their own (upper and lower case share one);
  // every other byte is class 0. A small alphabet keeps the transition table in cache.
  const classOf = new Uint8Array(256);
  let classes = 1;
  const encoded = entries.map((entry) => Buffer.from(entry.keyword.toLowerCase(), 'latin1'));
  for (const bytes of encoded) for (const byte of bytes) if (!classOf[byte]) classOf[byte] = classes++;
  for (let upper = 65; upper <= 90; upper += 1) classOf[upper] = classOf[upper + 32]!;

  const trie: number[][] = [[]];
  const outputs: Set<number>[] = [new Set()];
  const endingHere: Set<number>[] = [new Set()];
  encoded.forEach((bytes, id) => {
    let state = 0;
    for (const byte of bytes) {
      const symbol = classOf[byte]!;
      if (!trie[state]![symbol]) {
        trie[state]![symbol] = trie.length;
        trie.push([]);
        outputs.push(new Set());
        endingHere.push(new Set());
      }
      state = trie[state]![symbol]!;
    }
    for (const value of entries[id]!.values) outputs[state]!.add(value);
    endingHere[state]!.add(id);
  });

  // Breadth-first: each state's failure link, and the full transition table (a DFA).
  const states = trie.length;
  const next = new Int32Array(states * classes);
  const failure = new Int32Array(states);
  const queue: number[] = [];
  for (let symbol = 0; symbol < classes; symbol += 1) {
    const target = trie[0]![symbol];
    if (target) {
      next[symbol] = target;
      queue.push(target);
    }
  }
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head]!;
    for (const value of outputs[failure[state]!]!) outputs[state]!.add(value);
    for (const id of endingHere[failure[state]!]!) endingHere[state]!.add(id);
    for (let symbol = 0; symbol < classes; symbol += 1) {
      const target = trie[state]![symbol];
      if (target) {
        failure[target] = next[failure[state]! * classes + symbol]!;
        next[state * classes + symbol] = target;
        queue.push(target);
      } else {
        next[state * classes + symbol] = next[failure[state]! * classes + symbol]!;
      }
    }
  }

  // States renumbered so that those where a keyword ends come last: the scan loop tells a hit by
  // comparing the row with a threshold, with no second table to read per byte.
  const order = [...Array(states).keys()].sort((a, b) => Number(outputs[a]!.size > 0) - Number(outputs[b]!.size > 0) || a - b);
  const renumbered = new Int32Array(states);
  order.forEach((state, position) => (renumbered[state] = position));
  // A row is addressed by its byte offset and a class by its byte offset in a row (class × 4), so a
  // step is one addition and one load, in JavaScript and in WebAssembly alike. Rows of states where
  // a keyword ends begin at a power of two: the OR of several walks' rows is past it only when one
  // of them is (the rows below are not contiguous with those above, the gap is never read).
  const rowBytes = classes * 4;
  const firstHit = order.findIndex((state) => outputs[state]!.size > 0);
  const quiet = firstHit < 0 ? states : firstHit;
  let threshold = 4;
  while (threshold < quiet * rowBytes) threshold *= 2;
  const rowOf = (position: number) => (position < quiet ? position * rowBytes : threshold + (position - quiet) * rowBytes);
  const positionOf = (code: number) => (code < threshold ? code / rowBytes : quiet + (code - threshold) / rowBytes);
  const valuesByPosition = order.map((state) => [...outputs[state]!].sort((a, b) => a - b));
  const keywordsByPosition = order.map((state) => [...endingHere[state]!].sort((a, b) => a - b));

  const scan = scanInLanes({
    tableWords: (threshold + (states - quiet) * rowBytes) / 4,
    // Written straight into the walk's memory: a megabyte for the shipped rules, not copied again.
    fillTable: (table) => {
      for (let state = 0; state < states; state += 1) {
        const row = rowOf(renumbered[state]!) / 4;
        for (let symbol = 0; symbol < classes; symbol += 1) table[row + symbol] = rowOf(renumbered[next[state * classes + symbol]!]!);
      }
    },
    classOffsets: Uint16Array.from(classOf, (symbol) => symbol * 4),
    startRow: rowOf(renumbered[0]!),
    threshold,
    // A walk's state after a byte depends on that byte and the (longest keyword - 1) before it.
    warmUp: Math.max(0, ...encoded.map((bytes) => bytes.length - 1)),
    webAssembly: options.webAssembly ?? true,
  });
  return {
    scan,
    valuesAt: (code) => valuesByPosition[positionOf(code)] ?? [],
    keywordsAt: (code) => keywordsByPosition[positionOf(code)] ?? [],
  };
}
