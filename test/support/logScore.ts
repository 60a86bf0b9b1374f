import { attackCategories, type AttackCategory } from './logAttacks';

/** A line's expected label: an attack category, or benign. */
export interface LineLabel {
  key: string;
  label: AttackCategory | 'benign';
}

export interface Score {
  /** Attack lines flagged with their own category, over attack lines. */
  recall: number;
  /** Lines flagged with any attack category that are attacks, over lines flagged (a line counts once). */
  precision: number;
  perCategory: Record<AttackCategory, { lines: number; found: number; recall: number }>;
  flagged: number;
  /** Attack lines not flagged with their category (the other attack categories they got, if any). */
  missed: { key: string; label: AttackCategory; got: string[] }[];
  /** Benign lines flagged with an attack category. */
  falsePositives: { key: string; got: string[] }[];
}

const attack = new Set<string>(attackCategories);

/** Scores flagged lines (key → categories found on it) against the labels; non-attack categories are ignored. */
export function scoreLines(labels: readonly LineLabel[], found: ReadonlyMap<string, ReadonlySet<string>>): Score {
  const byKey = new Map(labels.map((l) => [l.key, l.label]));
  const perCategory = Object.fromEntries(attackCategories.map((c) => [c, { lines: 0, found: 0, recall: 0 }])) as Score['perCategory'];
  const missed: Score['missed'] = [];
  for (const { key, label } of labels) {
    if (label === 'benign') continue;
    const entry = perCategory[label];
    entry.lines += 1;
    const got = found.get(key);
    if (got?.has(label)) entry.found += 1;
    else missed.push({ key, label, got: [...(got ?? [])].filter((c) => attack.has(c)) });
  }
  let flagged = 0;
  let truePositives = 0;
  const falsePositives: Score['falsePositives'] = [];
  for (const [key, categories] of found) {
    const attackOnes = [...categories].filter((c) => attack.has(c));
    if (!attackOnes.length) continue;
    flagged += 1;
    const label = byKey.get(key);
    if (label && label !== 'benign') truePositives += 1;
    else falsePositives.push({ key, got: attackOnes });
  }
  for (const entry of Object.values(perCategory)) entry.recall = entry.lines ? entry.found / entry.lines : 0;
  const lines = Object.values(perCategory).reduce((sum, e) => sum + e.lines, 0);
  const hits = Object.values(perCategory).reduce((sum, e) => sum + e.found, 0);
  return { recall: lines ? hits / lines : 0, precision: flagged ? truePositives / flagged : 0, perCategory, flagged, missed, falsePositives };
}

export function formatScore(score: Score): string {
  const rows = attackCategories.map((c) => `  ${c.padEnd(18)} ${String(score.perCategory[c].found).padStart(4)}/${String(score.perCategory[c].lines).padEnd(4)} recall ${score.perCategory[c].recall.toFixed(3)}`);
  return [...rows, `  overall recall ${score.recall.toFixed(3)}, precision ${score.precision.toFixed(3)} (${score.flagged} lines flagged, ${score.falsePositives.length} benign)`].join('\n');
}
