import fs from 'node:fs';
import path from 'node:path';
import { characterEntities } from 'character-entities';
import { decodeHTML } from 'entities';
import { describe, expect, it, vi } from 'vitest';
import { compileLogRules, parseLogRules, type CompiledLogRules } from '../../../../src-main/domain/logs/logRules';
import { createTally } from '../../../../src-main/domain/logs/logTally';
import { AccessCounts, type FastPathCounts } from '../../../../src-main/jobs/logs/accessCounts';
import { AccessFastPath, type AccessLineReader } from '../../../../src-main/jobs/logs/accessFastPath';
import { AccessKernel } from '../../../../src-main/jobs/logs/accessKernel';
import { QuietField } from '../../../../src-main/jobs/logs/quietField';
import { kernelModule, kernels } from '../../../../scripts/wasm.mjs';
import { repoRoot } from '../../../support/consoleServer';
import { seededRandom } from '../../../support/secretCorpus';
import { tallyContents } from '../../domain/logs/tallyContents';

const parsed = parseLogRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'logs.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const rules = compileLogRules(parsed);
/**
 * The kernel's memory is laid out by the rules (a walk table for the path only when a rule looks
 * at paths; no verdicts asked for a field no rule reads): the shipped rules, two that leave
 * fields out, and one where an entity that spells a matched character shows.
 */
const ruleSets = {
  shipped: rules,
  'no path or user-agent rule': compileLogRules({ ...parsed, specs: parsed.specs.map((spec) => ({ ...spec, fields: spec.fields.filter((field) => field !== 'path' && field !== 'userAgent') })).filter((spec) => spec.pattern === undefined || spec.fields.length > 0) }),
  'status rules only': compileLogRules({ ...parsed, specs: parsed.specs.filter((spec) => spec.pattern === undefined) }),
  // A character an entity spells and no `;` keyword: whether each `&` starts a reference shows.
  'angle brackets and quotes only': compileLogRules({
    thresholds: parsed.thresholds,
    specs: [{ id: 'angle-or-quote', category: 'xss', severity: 'high', description: 'An angle bracket or a quote', fields: ['path', 'query', 'referrer', 'userAgent'], pattern: "[<>']", keywords: ['<', '>', "'"] }],
  }),
};

const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
/** Ordinary lines and near misses of every field the fast path reads. */
const seeds = [
  `10.0.0.1 - - [23/Nov/2026:03:14:15 +0000] "GET /products/7 HTTP/1.1" 200 512 "https://shop.example/" "${browser}"`,
  `10.0.0.2 - frank [23/Nov/2026:03:14:16 +0000] "GET /search?q=red+shoes&page=2 HTTP/1.1" 200 - "-" "curl/8.5.0"`,
  `10.0.0.3 - - [23/Nov/2026:03:15:01 -0700] "POST /api/orders HTTP/2.0" 201 93`,
  `2001:db8::1 - - [23/Nov/2026:03:15:02 +0000] "GET / HTTP/1.1" 304 0 "-" "-"`,
  `010.0.0.1 - - [23/Nov/2026:03:15:03 +0000] "GET /a HTTP/1.1" 200 1 "-" "-"`,
  `255.255.255.255 - - [23/Nov/2026:03:15:04 +0000] "GET /b HTTP/1.1" 200 1 "-" "-"`,
  `10.0.0.4 - - [23/Nov/2026:03:15:05 +0000] "GET /missing/9?x=1 HTTP/1.1" 404 12 "-" "${browser}"`,
  `10.0.0.5 - - [23/Nov/2026:03:15:60 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`,
  `10.0.0.6 - - [23/Nov/2026:03:16:07 +0000] "GET /products?id=1%20UNION%20SELECT%201 HTTP/1.1" 200 12 "-" "${browser}"`,
  `10.0.0.7 - - [23/Nov/2026:03:16:08 +0000] "GET /search?q=a&param=1 HTTP/1.1" 200 12 "-" "${browser}"`,
  `10.0.0.8 - - [23/Nov/2026:03:16:09 +0000] "GET /products/gift-union-jack-mug-3 HTTP/1.1" 200 12 "-" "sqlmap/1.7"`,
  `10.0.0.9 - - [23/Nov/2026:03:16:10 +0000] "GET /a\\x22b HTTP/1.1" 200 12 "-" "-"`,
  `10.0.0.10 - - [23/Nov/2026:03:16:11 +0000] "PROPFIND /dav HTTP/1.1" 207 12 "-" "-"`,
  `10.0.0.11 - - [23/Nov/2026:03:16:12 +0000] "VERSION-CONTROL /dav" 200 12 "-" "-"`,
  `10.0.0.12 - - [23/Nov/2026:03:16:13 +0000] "-" 400 0 "-" "-"`,
  `10.0.0.13 - - [23/Nov/2026:03:16:14 +0000] "GET /x HTTP/1.1" 503 0 "-" "-"`,
  `10.0.0.14 - - [23/Nov/2026:03:16:15 +0000] "GET /q?a=1/**/b HTTP/1.1" 200 0 "https://r.example/?a=b" "Mozilla/5.0 ${'x'.repeat(600)}"`,
  `10.0.0.15 - - [24/Nov/2026:00:00:00 +0000] "GET /x HTTP/1.1" 200 0 "-" "-" "extra" 12`,
  // Each `&` and the name after it, entity or not (`&para`, `&not` and `&amp` decode without a `;`).
  `10.0.0.18 - - [24/Nov/2026:00:00:03 +0000] "GET /s?q=a&page=2&limit=20&sort=new HTTP/1.1" 200 1 "-" "-"`,
  `10.0.0.19 - - [24/Nov/2026:00:00:04 +0000] "GET /s?q=a&param=1&notice=2&amp=3 HTTP/1.1" 200 1 "-" "-"`,
  `10.0.0.20 - - [24/Nov/2026:00:00:05 +0000] "GET /s?x=&lt;b&gt;&#60;&#x3c&copy2&AMP&frac12;&Aacute HTTP/1.1" 200 1 "-" "-"`,
  `10.0.0.21 - - [24/Nov/2026:00:00:06 +0000] "GET /a&b/c&amp+d&&;&${'x'.repeat(33)};&${'y'.repeat(31)}; HTTP/1.1" 200 1 "-" "-"`,
  `10.0.0.22 - - [24/Nov/2026:00:00:07 +0000] "GET /s?a=1&b HTTP/1.1" 200 1 "-" "-"`,
  // One reference alone in a value: numeric, named with `;` only (`&hellip;`), legacy.
  ...['a&#60;x', 'a&#x3c;x', 'a&hellip;x', 'a&hellip=x', 'a&not=1', 'a&notit;x', 'a&amp=1', 'a&apos;x', 'a&apos=x', 'a&#39x', 'a&lt=x', 'a&LT;x', 'a&gtx', 'a&gtrless;x'].map((query, i) => `10.0.1.${i} - - [24/Nov/2026:00:00:08 +0000] "GET /s?q=${query} HTTP/1.1" 200 1 "-" "-"`),
  `10.0.0.23 - - [24/Nov/2026:00:00:09 +0000] "GET /a&hellip;b/&apos;/&#x27 HTTP/1.1" 200 1 "-" "-"`,
  // References the decoder (entities 7.0.1) reads past their name: `&vcy5~Ut` decodes to `<`, `&half=;` to `Ă`.
  ...['q=a&vcy5~Ut', 'q=&vcy5~Utscript', 'a=1&half=;b', 'q=a&vcy5~Pt'].map((query, i) => `10.0.2.${i} - - [24/Nov/2026:00:00:10 +0000] "GET /s?${query} HTTP/1.1" 200 1 "-" "-"`),
  `10.0.0.24 - - [24/Nov/2026:00:00:11 +0000] "GET /a&vcy5~Ut HTTP/1.1" 200 1 "-" "-"`,
  // Sizes of 15 digits and of 16 (too long to be one).
  `10.0.0.16 - - [24/Nov/2026:00:00:01 +0000] "GET /x HTTP/1.1" 200 123456789012345 "-" "-"`,
  `10.0.0.17 - - [24/Nov/2026:00:00:02 +0000] "GET /x HTTP/1.1" 200 1234567890123456 "-" "-"`,
];
/** Bytes that move a field's edge, or end one. */
const specials = [' ', '"', '[', ']', '\\', '\r', '\n', '?', '&', '%', '+', '/', '*', '-', ':', '.', '0', '9', 'H', 'x', '#', ';', '\t', 'A', 'z'];

/** Lines from the seeds, one in three with a few bytes inserted, replaced or removed, and blank runs between. */
function block(seed: number, lines: number): Buffer {
  // Seeded: a failure names its seed.
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const out: string[] = [];
  for (let i = 0; i < lines; i += 1) {
    let line = pick(seeds);
    if (next() < 0.35) {
      for (let edit = 1 + Math.floor(next() * 3); edit > 0; edit -= 1) {
        const at = Math.floor(next() * (line.length + 1));
        const kind = next();
        if (kind < 0.4) line = line.slice(0, at) + pick(specials) + line.slice(at);
        else if (kind < 0.8) line = line.slice(0, at) + pick(specials) + line.slice(at + 1);
        else line = line.slice(0, at) + line.slice(at + 1 + Math.floor(next() * 8));
      }
    }
    out.push(line);
    if (next() < 0.03) out.push(...Array.from({ length: Math.floor(next() * 40) }, () => ''));
  }
  return Buffer.from(out.join('\n'), 'latin1');
}

/** Everything a reader does with the blocks: the lines it hands on, in order, and what it counted. */
function read(make: (compiled: CompiledLogRules, counter: AccessCounts) => AccessLineReader, blocks: Buffer[], window = { sinceMs: null as number | null, untilMs: null as number | null }, compiled = rules) {
  const tally = createTally();
  const counts: FastPathCounts = { lines: 0, outOfRange: 0, formats: {} };
  const counter = new AccessCounts(tally, counts, window);
  const reader = make(compiled, counter);
  const passed: (string | number)[] = [];
  for (const bytes of blocks) {
    reader.scanBlock(
      bytes,
      (line) => passed.push(`${counts.lines}:${line}`),
      (count) => passed.push(count),
    );
  }
  counter.flush();
  return { passed, counts, tally: tallyContents(tally) };
}

const kernel = (compiled: CompiledLogRules, counter: AccessCounts) => {
  const made = AccessKernel.create(compiled, counter);
  if (!made) throw new Error('this runtime has no WebAssembly');
  return made;
};
const javaScript = (compiled: CompiledLogRules, counter: AccessCounts) => new AccessFastPath(compiled, counter);

describe('the access-log fast path in WebAssembly', () => {
  it('is what its text compiles to (npm run wasm writes it)', async () => {
    for (const spec of kernels) expect(fs.readFileSync(path.join(repoRoot, spec.module), 'utf8')).toBe(await kernelModule(spec));
  });

  it('counts the same lines as ordinary as the JavaScript reader, and hands on the others in order, whatever fields the rules read', () => {
    for (const [name, compiled] of Object.entries(ruleSets)) {
      for (let seed = 1; seed <= 30; seed += 1) {
        // A small block after a large one: the kernel's memory past the small one still holds the large one's bytes.
        const blocks = [block(seed, 300), block(seed + 1000, 1), Buffer.alloc(0), block(seed + 2000, 50)];
        const expected = read(javaScript, blocks, undefined, compiled);
        expect(read(kernel, blocks, undefined, compiled), `${name}, seed ${seed}`).toEqual(expected);
        // Most lines are ordinary, and some go the full way: the comparison covers both.
        expect(expected.counts.lines).toBeGreaterThan(100);
        expect(expected.passed.some((item) => typeof item === 'string')).toBe(true);
      }
    }
    // Two readers, four rule sets, 120 blocks: about 2.5 s alone, more in a cold, busy run.
  }, 30_000);

  it("settles an & by its token alone only because the installed decoder reads no further than a name and the byte after it", () => {
    // The kernel's cut ($tokenFree): the `&`, the letters and digits after it, and the byte after
    // those; `&#` and names over 32 characters go whole to JavaScript. entities 7.0.1 read on past
    // some names (`t&KHcy+;` decoded whole, not by token): this fails on such a decoder.
    const tokens = (value: string): string[] | null => {
      const cut: string[] = [];
      for (let at = 0; at < value.length; at += 1) {
        if (value[at] !== '&') continue;
        let i = at + 1;
        if (value[i] === '#') return null;
        while (i < value.length && /[A-Za-z0-9]/.test(value[i]!)) if ((i += 1) - at > 33) return null;
        cut.push(value.slice(at, Math.min(i + 1, value.length)));
      }
      return cut;
    };
    const names = Object.keys(characterEntities);
    const bytes = [...'&#;=+~].-_/<>:!0159xXaQUtyW '];
    const next = seededRandom(20_261_203);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const unchanged = (text: string) => decodeHTML(text) === text;
    let checked = 0;
    for (let n = 0; n < 1_000_000; n += 1) {
      let value = '';
      for (let k = 1 + Math.floor(next() * 4); k > 0; k -= 1) value += next() < 0.5 ? `&${pick(names)}` : pick(bytes) + (next() < 0.5 ? pick(bytes) : '');
      const cut = tokens(value);
      if (cut === null) continue;
      checked += 1;
      // As a path, and as a query (`+` read as a space).
      for (const spaced of [(text: string) => text, (text: string) => text.replaceAll('+', ' ')]) {
        if (unchanged(spaced(value)) !== cut.every((token) => unchanged(spaced(token)))) expect.fail(`${JSON.stringify(value)} decodes otherwise whole than by its & tokens`);
      }
    }
    expect(checked).toBeGreaterThan(900_000);
    // A million values: about 2 s alone, several times that beside other test files on two cores.
  }, 30_000);

  it("asks for a shop's referrers and user agents once each, though some differ only in bytes an earlier hash left out", () => {
    // /home and /sale once shared a slot, and so did every desktop Chrome version (they differ mid-string only).
    const referrers = ['home', 'sale', 'men', 'women', 'kids', 'new', 'accessories'].map((page) => `https://shop.example.com/${page}`);
    const chrome = Array.from({ length: 22 }, (_, i) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${110 + i}.0.0.0 Safari/537.36`);
    const agents = [browser, 'curl/8.5.0', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)', 'Googlebot/2.1', ...chrome];
    const lines = Array.from({ length: 6_000 }, (_, i) => `10.2.${(i >> 8) & 255}.${i & 255} - - [23/Nov/2026:04:${String(Math.floor(i / 100) % 60).padStart(2, '0')}:00 +0000] "GET /p HTTP/1.1" 200 1 "${referrers[i % referrers.length]}" "${agents[i % agents.length]}"`);
    const judge = vi.spyOn(QuietField.prototype, 'judge');
    try {
      const { counts } = read(kernel, [Buffer.from(lines.join('\n'), 'latin1')]);
      expect(counts.lines).toBe(6_000);
      expect(judge.mock.calls.map(([value]) => value).sort()).toEqual([...referrers, ...agents].sort());
    } finally {
      judge.mockRestore();
    }
  });

  it('tells a remembered referrer from one of its length that differs in any one byte', () => {
    const lines: string[] = [];
    for (let length = 1; length <= 80; length += 1) {
      for (let at = 0; at < length; at += 1) {
        const plain = 'r'.repeat(length);
        lines.push(plain, plain.slice(0, at) + '<' + plain.slice(at + 1));
      }
    }
    const blocks = [Buffer.from(lines.map((referrer, i) => `10.3.0.${i & 255} - - [23/Nov/2026:05:00:00 +0000] "GET /p HTTP/1.1" 200 1 "${referrer}" "-"`).join('\n'), 'latin1')];
    const compiled = ruleSets['angle brackets and quotes only'];
    const expected = read(javaScript, blocks, undefined, compiled);
    expect(expected.passed.filter((item) => typeof item === 'string')).toHaveLength(lines.length / 2);
    expect(read(kernel, blocks, undefined, compiled)).toEqual(expected);
  });

  it('counts more addresses than its table holds as the JavaScript reader does, spread over minutes and blocks', () => {
    // 150,000 addresses against the table's 65,536 (1,024 in each of 64 partitions): the rest are
    // handed back to be counted in JavaScript, each request once.
    const lines = Array.from({ length: 200_000 }, (_, i) => {
      const address = (i * 7_919) % 150_000;
      return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255} - - [23/Nov/2026:06:${String(Math.floor(i / 4_000) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /p HTTP/1.1" ${i % 97 === 0 ? 404 : 200} 1 "-" "-"`;
    });
    const blocks = [0, 70_000, 140_000, 200_000].slice(1).map((end, index, ends) => Buffer.from(lines.slice(index === 0 ? 0 : ends[index - 1], end).join('\n'), 'latin1'));
    const expected = read(javaScript, blocks);
    expect(expected.tally.ips.size).toBe(150_000);
    // Counted in the kernel, not line by line in JavaScript: only each minute's first line, the 404s and
    // the first call's lines (no format met yet) are handed over.
    const count = vi.spyOn(AccessCounts.prototype, 'count');
    try {
      const counted = read((compiled, counter) => AccessKernel.create(compiled, counter, 12_345)!, blocks);
      // The totals first: a difference in 150,000 addresses is too long to read.
      expect(counted.tally.ips.size).toBe(150_000);
      expect([...counted.tally.ips.values()].reduce((sum, total) => sum + total.requests, 0)).toBe(200_000);
      expect(counted).toEqual(expected);
      expect(count.mock.calls.length).toBeLessThan(200_000 / 20);
    } finally {
      count.mockRestore();
    }
    // Two readers over 200,000 lines: about 1 s alone, several times that beside other test files.
  }, 30_000);

  it('leaves the count alone when it cannot start, so the JavaScript reader counts instead', () => {
    const instance = vi.spyOn(WebAssembly, 'Instance').mockImplementation(() => {
      throw new RangeError('WebAssembly.Instance(): Out of memory');
    });
    try {
      const counter = new AccessCounts(createTally(), { lines: 0, outOfRange: 0, formats: {} }, { sinceMs: null, untilMs: null });
      expect(AccessKernel.create(rules, counter)).toBeNull();
      expect(() => counter.flush()).not.toThrow();
    } finally {
      instance.mockRestore();
    }
  });

  it('counts within a time window as the JavaScript reader does', () => {
    const window = { sinceMs: Date.parse('2026-11-23T03:15:00Z'), untilMs: Date.parse('2026-11-23T03:16:10Z') };
    const blocks = [block(7, 2_000)];
    const expected = read(javaScript, blocks, window);
    expect(expected.counts.outOfRange).toBeGreaterThan(0);
    expect(read(kernel, blocks, window)).toEqual(expected);
  });

  it('reads a block of more lines than one call holds, and one larger than its memory, with its minutes carried across', () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `10.1.${(i >> 8) & 255}.${i & 255} - - [23/Nov/2026:0${Math.floor(i / 6000)}:${String(Math.floor(i / 100) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /p/${i} HTTP/1.1" ${i % 37 === 0 ? 404 : 200} ${i} "-" "${browser}"`);
    const blocks = [Buffer.from(lines.join('\n'), 'latin1')];
    expect(blocks[0]!.length).toBeGreaterThan(4 * 1024 * 1024);
    const expected = read(javaScript, blocks);
    expect(expected.counts.lines).toBe(30_000);
    expect(read(kernel, blocks)).toEqual(expected);
  });
});
