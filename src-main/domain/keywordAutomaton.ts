/**
 * Aho–Corasick over bytes, case-insensitive for ASCII: finds which of a few hundred keywords occur
 * in a text in one pass, one table lookup per byte. A JavaScript regex alternation of the same
 * keywords tries each alternative at every position and runs several times slower.
 */
export interface KeywordAutomaton {
  keywordCount: number;
  /** Marks in `found` (indexed by keyword) every keyword that occurs in `bytes`. */
  scan(bytes: Uint8Array, found: Uint8Array): void;
}

export function buildKeywordAutomaton(keywords: readonly string[]): KeywordAutomaton {
  // Bytes that occur in some keyword get a class of their own (upper and lower case share one);
  // every other byte is class 0. A small alphabet keeps the transition table in cache.
  const classOf = new Uint8Array(256);
  let classes = 1;
  const encoded = keywords.map((keyword) => Buffer.from(keyword.toLowerCase(), 'latin1'));
  for (const bytes of encoded) for (const byte of bytes) if (!classOf[byte]) classOf[byte] = classes++;
  for (let upper = 65; upper <= 90; upper += 1) classOf[upper] = classOf[upper + 32]!;

  const trie: number[][] = [[]];
  const outputs: number[][] = [[]];
  encoded.forEach((bytes, id) => {
    let state = 0;
    for (const byte of bytes) {
      const symbol = classOf[byte]!;
      if (!trie[state]![symbol]) {
        trie[state]![symbol] = trie.length;
        trie.push([]);
        outputs.push([]);
      }
      state = trie[state]![symbol]!;
    }
    outputs[state]!.push(id);
  });

  // Breadth-first: each state's failure link, and the full transition table (a DFA).
  const states = trie.length;
  const next = new Uint32Array(states * classes);
  const failure = new Uint32Array(states);
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
    outputs[state] = [...outputs[state]!, ...outputs[failure[state]!]!];
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
  // Rows addressed by their offset (state × classes), so the scan loop does no multiplication.
  const table = new Uint32Array(states * classes);
  for (let i = 0; i < table.length; i += 1) table[i] = next[i]! * classes;
  const emits = new Uint8Array(states * classes);
  outputs.forEach((list, state) => (emits[state * classes] = list.length > 0 ? 1 : 0));

  return {
    keywordCount: keywords.length,
    scan(bytes, found) {
      let row = 0;
      for (let i = 0; i < bytes.length; i += 1) {
        row = table[row + classOf[bytes[i]!]!]!;
        if (emits[row] === 1) for (const id of outputs[row / classes]!) found[id] = 1;
      }
    },
  };
}
