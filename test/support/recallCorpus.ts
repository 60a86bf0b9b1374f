import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fillTemplate, seededRandom } from './secretCorpus';

/**
 * The independent recall corpus: credentials written from the providers' documentation of their
 * formats (positives) and benign look-alikes (negatives), kept apart from the rules' own corpus so
 * that it measures the rules rather than restating them. `⟦ ⟧` marks, once per positive, the span
 * a finding's fingerprint should cover.
 */
export interface RecallPositive {
  kind: string;
  source: string;
  file: string;
  text: string;
  secret: string;
}

export interface RecallNegative {
  kind: string;
  file: string;
  text: string;
}

export interface RecallCorpus {
  positives: RecallPositive[];
  negatives: RecallNegative[];
}

export interface RecallFinding {
  ruleId: string;
  secret: string;
}

const openMark = '⟦';
const closeMark = '⟧';
const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const knownClasses = new Set(['alnum', 'hex', 'HEX', 'upper', 'lower', 'alpha', 'digit', 'b32', 'b64', 'url', 'upnum', 'lownum', 'bech']);

/** Seed from the entry's place, so an entry reads the same whatever is added around it in other files. */
function seedFor(file: string, index: number): number {
  return [...`${file}#${index}`].reduce((sum, char) => (Math.imul(sum, 31) + char.charCodeAt(0)) >>> 0, 17);
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

function yamlFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) throw new Error(`the recall corpus folder ${folder} does not exist`);
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(folder, name));
}

function entriesOf(file: string): Array<Record<string, unknown>> {
  const parsed: unknown = parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file}: the file must be a YAML list of entries`);
  return parsed.map((entry, index) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${file}[${index}]: an entry must be a mapping`);
    return entry as Record<string, unknown>;
  });
}

function fill(template: string, where: string, seed: number): string {
  for (const [, name] of template.matchAll(/\{(\w+):\d+\}/g)) {
    if (!knownClasses.has(name!)) throw new Error(`${where}: unknown template class {${name}:n}`);
  }
  return fillTemplate(template, seededRandom(seed));
}

function checkCommon(entry: Record<string, unknown>, where: string, fields: string[]): { kind: string; text: string } {
  for (const key of Object.keys(entry)) if (!fields.includes(key)) throw new Error(`${where}: unexpected field "${key}"`);
  const { kind, text } = entry;
  if (typeof kind !== 'string' || !kebab.test(kind)) throw new Error(`${where}: kind must be a kebab-case name, got ${JSON.stringify(kind)}`);
  if (typeof text !== 'string' || text.trim() === '') throw new Error(`${where}: text must be a non-empty string`);
  if (text.includes('firebreak:allow')) throw new Error(`${where}: text must not carry an allow comment`);
  return { kind, text };
}

/** Reads `positives/*.yaml` and `negatives/*.yaml` under `folder`; a broken entry is an error naming its file and index. */
export function loadRecallCorpus(folder: string): RecallCorpus {
  const positives: RecallPositive[] = [];
  const negatives: RecallNegative[] = [];
  const seen = new Map<string, string>();
  const unique = (template: string, where: string) => {
    const before = seen.get(template);
    if (before) throw new Error(`${where}: the same text as ${before}`);
    seen.set(template, where);
  };
  for (const file of yamlFiles(path.join(folder, 'positives'))) {
    const name = path.relative(folder, file);
    entriesOf(file).forEach((entry, index) => {
      const where = `${name}[${index}]`;
      const { kind, text } = checkCommon(entry, where, ['kind', 'source', 'text']);
      if (typeof entry.source !== 'string' || entry.source.trim() === '') throw new Error(`${where}: source must name where the format is documented`);
      if (count(text, openMark) !== 1 || count(text, closeMark) !== 1 || text.indexOf(openMark) > text.indexOf(closeMark)) {
        throw new Error(`${where}: a positive must mark its credential exactly once with ${openMark} ${closeMark}`);
      }
      unique(text, where);
      const filled = fill(text, where, seedFor(name, index));
      const start = filled.indexOf(openMark);
      const end = filled.indexOf(closeMark);
      const secret = filled.slice(start + openMark.length, end);
      if (secret.trim() !== secret || secret === '') throw new Error(`${where}: the marked span must be the credential alone, without surrounding blanks`);
      positives.push({ kind, source: entry.source, file: name, text: filled.slice(0, start) + secret + filled.slice(end + closeMark.length), secret });
    });
  }
  for (const file of yamlFiles(path.join(folder, 'negatives'))) {
    const name = path.relative(folder, file);
    entriesOf(file).forEach((entry, index) => {
      const where = `${name}[${index}]`;
      const { kind, text } = checkCommon(entry, where, ['kind', 'text']);
      if (text.includes(openMark) || text.includes(closeMark)) throw new Error(`${where}: a negative has no credential to mark`);
      unique(text, where);
      negatives.push({ kind, file: name, text: fill(text, where, seedFor(name, index)) });
    });
  }
  return { positives, negatives };
}

export interface KindScore {
  positives: number;
  fingerprintFound: number;
  reported: number;
}

export interface NegativeScore {
  negatives: number;
  flagged: number;
}

export interface RecallMiss {
  entry: RecallPositive;
  found: RecallFinding[];
  reported: boolean;
}

export interface RecallScore {
  kinds: Record<string, KindScore>;
  negativeKinds: Record<string, NegativeScore>;
  totals: { positives: number; fingerprintFound: number; reported: number; negatives: number; flagged: number };
  recall: number;
  reportedRecall: number;
  falsePositiveRate: number;
  misses: RecallMiss[];
  flagged: Array<{ entry: RecallNegative; found: RecallFinding[] }>;
}

/** Runs `scan` over every entry: a positive counts as found when some finding's secret is exactly the marked span. */
export function scoreRecall(corpus: RecallCorpus, scan: (text: string) => RecallFinding[]): RecallScore {
  const kinds: Record<string, KindScore> = {};
  const negativeKinds: Record<string, NegativeScore> = {};
  const totals = { positives: 0, fingerprintFound: 0, reported: 0, negatives: 0, flagged: 0 };
  const misses: RecallMiss[] = [];
  const flagged: RecallScore['flagged'] = [];
  for (const entry of corpus.positives) {
    const found = scan(entry.text);
    const score = (kinds[entry.kind] ??= { positives: 0, fingerprintFound: 0, reported: 0 });
    const hit = found.some((finding) => finding.secret === entry.secret);
    score.positives += 1;
    totals.positives += 1;
    if (hit) score.fingerprintFound += 1;
    if (hit) totals.fingerprintFound += 1;
    if (found.length > 0) score.reported += 1;
    if (found.length > 0) totals.reported += 1;
    if (!hit) misses.push({ entry, found, reported: found.length > 0 });
  }
  for (const entry of corpus.negatives) {
    const found = scan(entry.text);
    const score = (negativeKinds[entry.kind] ??= { negatives: 0, flagged: 0 });
    score.negatives += 1;
    totals.negatives += 1;
    if (found.length > 0) {
      score.flagged += 1;
      totals.flagged += 1;
      flagged.push({ entry, found });
    }
  }
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return {
    kinds,
    negativeKinds,
    totals,
    recall: ratio(totals.fingerprintFound, totals.positives),
    reportedRecall: ratio(totals.reported, totals.positives),
    falsePositiveRate: ratio(totals.flagged, totals.negatives),
    misses,
    flagged,
  };
}
