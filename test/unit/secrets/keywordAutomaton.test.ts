import { describe, expect, it } from 'vitest';
import { buildKeywordAutomaton, type KeywordHits } from '../../../src-main/domain/scans/keywordAutomaton';

const automaton = buildKeywordAutomaton([
  { keyword: 'key', values: [3, 1] },
  { keyword: 'api_key', values: [2, 1] },
  { keyword: 'key-', values: [5] },
  { keyword: 'token', values: [4] },
]);

function hitsIn(text: string): { end: number; values: readonly number[] }[] {
  const hits: KeywordHits = automaton.scan(Buffer.from(text, 'latin1'));
  return Array.from({ length: hits.length }, (_, h) => ({ end: hits.ends[h]!, values: automaton.valuesAt(hits.codes[h]!) }));
}

describe('the keyword automaton', () => {
  it('reports where each keyword ends, in any case, with the values of every keyword ending there', () => {
    expect(hitsIn('API_KEY=1 Key-x TOKEN')).toEqual([
      // `api_key` and `key` end on the same byte: one hit, their values merged without repeats.
      { end: 6, values: [1, 2, 3] },
      { end: 12, values: [1, 3] },
      { end: 13, values: [5] },
      { end: 20, values: [4] },
    ]);
  });

  it('reports nothing for text without keywords, and keeps every hit of a text holding thousands', () => {
    expect(hitsIn('no words of interest here\n'.repeat(100))).toEqual([]);
    const many = hitsIn('token '.repeat(5_000));
    expect(many).toHaveLength(5_000);
    expect(many.at(-1)).toEqual({ end: 6 * 5_000 - 2, values: [4] });
  });
});
