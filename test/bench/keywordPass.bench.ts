/**
 * The secret scanner's keyword pass alone (src-main/domain/scans/keywordAutomaton.ts), on the real
 * package sources secretsReal.bench.ts scans (BENCH_KEYWORD_DIRS, comma-separated, to use other
 * folders): the shipped rules' keywords, walked in WebAssembly in four lanes and in JavaScript one
 * byte after another (the reference), alternating in one process, best of BENCH_KEYWORD_RUNS (7).
 * Both must report the same hits. Also the cost of building the automaton, best of as many runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildKeywordAutomaton, type KeywordAutomaton } from '../../src-main/domain/scans/keywordAutomaton';
import { parseRules } from '../../src-main/domain/scans/secretRules';
import { repoRoot } from '../support/consoleServer';
import { writeReport } from './report';

const runs = Number(process.env.BENCH_KEYWORD_RUNS ?? 7);
const folders = process.env.BENCH_KEYWORD_DIRS?.split(',') ?? ['typescript/lib', 'react-dom', 'vite', 'eslint', 'zod', 'better-sqlite3/deps/sqlite3'].map((folder) => path.join(repoRoot, 'node_modules', folder));

const files: Buffer[] = [];
const read = (folder: string) => {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) read(file);
    else if (entry.isFile()) files.push(fs.readFileSync(file));
  }
};
for (const folder of folders) read(folder);
const megabytes = files.reduce((sum, file) => sum + file.length, 0) / 1e6;

// The entries the scanner builds (secretRuleSet.ts): each keyword once, with the rules it wakes.
const rules = parseRules(fs.readFileSync(path.join(repoRoot, 'resources/rules/secrets.yaml'), 'utf8'));
if (!rules.ok) throw new Error(rules.message);
const byKeyword = new Map<string, number[]>();
rules.specs.forEach((spec, index) => spec.keywords.forEach((keyword) => byKeyword.set(keyword, [...(byKeyword.get(keyword) ?? []), index])));
const entries = [...byKeyword].map(([keyword, values]) => ({ keyword, values }));

const ways = { lanes: true, javascript: false };
const automata = Object.fromEntries(Object.entries(ways).map(([way, webAssembly]) => [way, buildKeywordAutomaton(entries, { webAssembly })])) as Record<keyof typeof ways, KeywordAutomaton>;

/** Every hit as end, keywords and values: what the scanner reads of it. */
function hitList(automaton: KeywordAutomaton): string[] {
  const list: string[] = [];
  files.forEach((file, index) => {
    const hits = automaton.scan(file);
    for (let h = 0; h < hits.length; h += 1) list.push(`${index}:${hits.ends[h]}:${automaton.keywordsAt(hits.codes[h]!).join(',')}:${automaton.valuesAt(hits.codes[h]!).join(',')}`);
  });
  return list;
}
const reference = hitList(automata.javascript);
const lanesHits = hitList(automata.lanes);
const sameHits = lanesHits.length === reference.length && lanesHits.every((hit, index) => hit === reference[index]);
if (!sameHits) throw new Error(`the four-lane walk found ${lanesHits.length} hits, the reference ${reference.length}, not the same`);

const bestMs: Record<string, number> = { lanes: Infinity, javascript: Infinity, build: Infinity, buildJavascript: Infinity };
for (let run = 0; run < runs; run += 1) {
  for (const way of Object.keys(ways) as (keyof typeof ways)[]) {
    const started = performance.now();
    for (const file of files) automata[way].scan(file);
    bestMs[way] = Math.min(bestMs[way]!, performance.now() - started);
  }
  for (const [key, webAssembly] of [['build', true], ['buildJavascript', false]] as const) {
    const started = performance.now();
    buildKeywordAutomaton(entries, { webAssembly });
    bestMs[key] = Math.min(bestMs[key]!, performance.now() - started);
  }
}

const rate = (ms: number) => Math.round(megabytes / (ms / 1000));
writeReport('keywordPass', {
  megabytes: Number(megabytes.toFixed(1)),
  files: files.length,
  keywords: entries.length,
  hits: reference.length,
  sameHits,
  runs,
  lanesMBps: rate(bestMs.lanes!),
  javascriptMBps: rate(bestMs.javascript!),
  speedup: Number((bestMs.javascript! / bestMs.lanes!).toFixed(2)),
  buildMs: Number(bestMs.build!.toFixed(1)),
  buildJavascriptMs: Number(bestMs.buildJavascript!.toFixed(1)),
});
