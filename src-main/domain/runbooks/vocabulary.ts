import type { Phase } from '../../contract';

// Words a runbook uses for each phase; the earliest match in a heading wins ("Assessment and Containment" → Triage).
const phaseWords: [RegExp, Phase][] = [
  [/post[- ]?incident|post[- ]?mortem|lessons|retrospective|follow[- ]?up|prevent/i, 'Learn'],
  [/recover/i, 'Recover'],
  [/eradicat|remediat|resolution|resolve/i, 'Eradicate'],
  [/contain|immediate actions|response actions|immediate containment/i, 'Contain'],
  [/triage|assess|investigat|evidence/i, 'Triage'],
  [/identif|detect|initial response|immediate/i, 'Identify'],
];

/** "Phase 2: Triage", "1.2 Initial Assessment", "Step 3 - Containment" → the words alone. */
export function stripNumbering(heading: string): string {
  return heading.replace(/^\s*(?:(?:phase|step|stage)\s*\d+\s*[:.)-]?|\d+(?:\.\d+)*[.)]?)\s*/i, '').trim();
}

export function phaseOf(heading: string): Phase | null {
  const words = stripNumbering(heading);
  let best: { at: number; phase: Phase } | null = null;
  for (const [pattern, phase] of phaseWords) {
    const match = pattern.exec(words);
    if (match && (!best || match.index < best.at)) best = { at: match.index, phase };
  }
  return best?.phase ?? null;
}

const units: [RegExp, number][] = [
  [/^(?:m|min|mins|minute|minutes)$/i, 1],
  [/^(?:h|hr|hrs|hour|hours)$/i, 60],
  [/^(?:d|day|days)$/i, 1_440],
  [/^(?:w|wk|wks|week|weeks)$/i, 10_080],
  [/^(?:month|months)$/i, 43_200],
];

/** `< 15 min` → 15, `Immediate` → 0, `24 hours` → 1440, `Act This Week` → 10080; null when no time is named. */
export function responseMinutes(text: string): number | null {
  if (/immediate|at once|\basap\b|right away/i.test(text)) return 0;
  const amount = /(\d+(?:\.\d+)?)\s*([a-z]+)/i.exec(text);
  if (amount) {
    const unit = units.find(([pattern]) => pattern.test(amount[2]!));
    if (unit) return Math.min(525_600, Math.round(Number(amount[1]) * unit[1]));
  }
  if (/\btoday\b|same day/i.test(text)) return 1_440;
  if (/this week|\bweek\b/i.test(text)) return 10_080;
  if (/this month|\bmonth\b/i.test(text)) return 43_200;
  return null;
}

/** A severity level as runbooks write it: P0–P4, SEV-1..5, S1, Critical/High/Medium/Low. */
export const levelPattern = /\b(P[0-4]|SEV[- ]?[1-5]|S[1-5]|Critical|High|Medium|Moderate|Low|Informational)\b/i;
