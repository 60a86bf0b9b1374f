import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { automatonFromTables, automatonTables, buildKeywordAutomaton, type KeywordAutomaton } from '../../../src-main/domain/scans/keywordAutomaton';
import { keywordEntriesKey, tablesFromBytes, tablesToBytes } from '../../../src-main/domain/scans/keywordTables';
import { keywordEntriesOf } from '../../../src-main/domain/scans/secretRuleSet';
import { builtKeywordTables, keywordTablesFile } from '../../../src-main/jobs/secrets/keywordTablesFile';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';

const rules = loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));
const entries = keywordEntriesOf(rules);
// Real text dense with the rules' keywords, and every keyword once in mixed case.
const text = Buffer.concat([
  fs.readFileSync(path.join(repoRoot, 'src-main', 'domain', 'scans', 'secretMatch.ts')),
  fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml')),
  Buffer.from(entries.map((entry, i) => (i % 2 ? entry.keyword.toUpperCase() : entry.keyword)).join(' ')),
]);

/** Every hit as (end, keywords, values): what a scan reads from the automaton. */
function hitsOf(automaton: KeywordAutomaton): string[] {
  const hits = automaton.scan(text);
  return Array.from({ length: hits.length }, (_, i) => `${hits.ends[i]} ${automaton.keywordsAt(hits.codes[i]!).join(',')} ${automaton.valuesAt(hits.codes[i]!).join(',')}`);
}

describe('keyword tables made ahead', () => {
  it('give exactly the hits of an automaton built on the spot, after a trip through bytes', () => {
    const key = keywordEntriesKey(entries);
    const read = tablesFromBytes(tablesToBytes(automatonTables(entries), key), key);
    expect(read).not.toBeNull();
    const expected = hitsOf(buildKeywordAutomaton(entries));
    expect(expected.length).toBeGreaterThan(1_000);
    expect(hitsOf(automatonFromTables(read!))).toEqual(expected);
    expect(hitsOf(automatonFromTables(read!, { webAssembly: false }))).toEqual(expected);
  });

  it('read the same from bytes that do not start 4-byte aligned (copied out) as from a file read whole (used in place)', () => {
    const key = keywordEntriesKey(entries);
    const bytes = tablesToBytes(automatonTables(entries), key);
    const whole = new Uint8Array(new ArrayBuffer(bytes.length));
    whole.set(bytes);
    const inPlace = tablesFromBytes(Buffer.from(whole.buffer), key)!;
    expect(inPlace.table.buffer).toBe(whole.buffer);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    const copied = tablesFromBytes(shifted.subarray(1), key)!;
    expect(copied.table.buffer).not.toBe(shifted.buffer);
    expect(hitsOf(automatonFromTables(copied))).toEqual(hitsOf(automatonFromTables(inPlace)));
    expect(Array.from(copied.table)).toEqual(Array.from(inPlace.table));
  });

  it('are refused for other keywords, and when damaged', () => {
    const key = keywordEntriesKey(entries);
    const bytes = tablesToBytes(automatonTables(entries), key);
    const edited = entries.map((entry, i) => (i === 0 ? { ...entry, values: [...entry.values, 999] } : entry));
    expect(tablesFromBytes(bytes, keywordEntriesKey(edited))).toBeNull();
    expect(tablesFromBytes(bytes.subarray(0, bytes.length - 4), key)).toBeNull();
    expect(tablesFromBytes(Buffer.concat([Buffer.from('XX'), bytes.subarray(2)]), key)).toBeNull();
    expect(tablesFromBytes(Buffer.alloc(3), key)).toBeNull();
  });

  it('are in the build for the shipped rules, and only for them', () => {
    const file = keywordTablesFile(path.join(repoRoot, 'dist', 'main', 'cli'));
    expect(fs.existsSync(file), 'npm run build writes them').toBe(true);
    const built = builtKeywordTables(entries, file);
    expect(built).not.toBeNull();
    expect(hitsOf(automatonFromTables(built!))).toEqual(hitsOf(buildKeywordAutomaton(entries)));
    expect(builtKeywordTables(entries.slice(1), file)).toBeNull();
    expect(builtKeywordTables(entries, path.join(repoRoot, 'no-such-file.bin'))).toBeNull();
  });
});
