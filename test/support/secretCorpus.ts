import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const classes: Record<string, string> = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  b32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-',
  upnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  lownum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  bech: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
};

/** A small seeded generator (mulberry32): the corpus reads the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomFrom(alphabet: string, length: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** Fills `{class:n}` and `{uuid}`; `\n` in the corpus is a newline, `\\n` stays an escaped one. */
export function fillTemplate(template: string, random: () => number): string {
  const uuid = () => [8, 4, 4, 4, 12].map((n) => randomFrom(classes.hex!, n, random)).join('-');
  return template
    .replace(/\{(\w+):(\d+)\}/g, (_, name: string, n: string) => {
      const alphabet = classes[name];
      if (!alphabet) throw new Error(`unknown class {${name}} in the corpus`);
      return randomFrom(alphabet, Number(n), random);
    })
    .replace(/\{uuid\}/g, uuid)
    .replace(/\\\\n/g, '\uE000')
    .replace(/\\n/g, '\n')
    .replace(/\uE000/g, '\\n');
}

export interface CorpusCase {
  match: string[];
  miss: string[];
}

/**
 * The rules' own corpus: `corpus.yaml` and every `corpus/*.yaml` beside it (one file per group of
 * rules), merged; a rule described in two files is a mistake.
 */
export function loadCorpus(repoRoot: string): Record<string, CorpusCase> {
  const folder = path.join(repoRoot, 'test', 'fixtures', 'secrets');
  const extra = path.join(folder, 'corpus');
  const files = [path.join(folder, 'corpus.yaml'), ...(fs.existsSync(extra) ? fs.readdirSync(extra).filter((name) => name.endsWith('.yaml')).sort().map((name) => path.join(extra, name)) : [])];
  const merged: Record<string, CorpusCase> = {};
  for (const file of files) {
    for (const [id, cases] of Object.entries((parse(fs.readFileSync(file, 'utf8')) ?? {}) as Record<string, CorpusCase>)) {
      if (merged[id]) throw new Error(`${path.basename(file)}: rule ${id} is already described in another corpus file`);
      merged[id] = cases;
    }
  }
  return merged;
}
