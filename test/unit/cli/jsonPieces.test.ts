import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../../src-main/cli/jsonPieces';

const joined = (value: unknown, pieceChars?: number) => [...jsonPieces(value, pieceChars)].join('');

describe('JSON output in pieces', () => {
  it('writes exactly what JSON.stringify writes, whatever the values', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const value = {
      ok: true,
      value: {
        // What has no JSON form: null in a list, left out of an object.
        list: [1, undefined, () => 1, Symbol('s'), { at: new Date(0), gone: undefined, nested: [[1, [2, { deep: 'é' }]]] }],
        skipped: undefined,
        text: 'quote " backslash \\ line\u2028separator \u0000 nul, bidi \u202e, emoji 🔥, lone \ud800',
        map: new Map([[1, 2]]),
        point: new Point(1, 2),
        numbers: [NaN, Infinity, -0, 1e21, 0.1],
        empty: { list: [], object: {} },
        bare: Object.assign(Object.create(null) as object, { kept: 1 }),
        withToJson: { toJSON: () => 'replaced' },
      },
    };
    for (const pieceChars of [1, 7, 256 * 1024]) expect(joined(value, pieceChars)).toBe(JSON.stringify(value));
  });

  it('calls a toJSON as JSON.stringify does: with its key, once, on lists too, and drops what it turns into nothing', () => {
    const values = [
      { value: { gone: { toJSON: () => undefined }, kept: 1 } },
      { value: { list: [{ toJSON: () => undefined }, { toJSON: (key: string) => `element ${key}` }] } },
      { value: { when: { toJSON: (key: string) => `key=${key}` } } },
      { value: { list: Object.assign([1, 2], { toJSON: () => 'a list of its own' }) } },
      Object.assign([1, 2], { toJSON: () => 'the whole answer' }),
    ];
    for (const value of values) expect(joined(value, 3)).toBe(JSON.stringify(value));
  });

  it('hands a long list over in pieces of about the size asked, never as one string', () => {
    const findings = Array.from({ length: 20_000 }, (_, index) => ({ rule: 'sqli-union', line: index + 1, excerpt: `GET /item?id=${index} UNION SELECT password FROM users` }));
    const envelope = { ok: true, value: { findings, stats: { lines: 20_000 } } };
    const pieces = [...jsonPieces(envelope, 64 * 1024)];
    expect(pieces.join('')).toBe(JSON.stringify(envelope));
    expect(pieces.length).toBeGreaterThan(10);
    const longestFinding = Math.max(...findings.map((finding) => JSON.stringify(finding).length));
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(64 * 1024 + longestFinding + 2);
  });
});
