import type { AdvisorySeverity } from '../../../contract';
import { cvss3BaseScore } from './cvss';

/** GitHub's words in `database_specific.severity` (MODERATE is its medium). */
const githubWords: Record<string, AdvisorySeverity> = { CRITICAL: 'critical', HIGH: 'high', MODERATE: 'medium', MEDIUM: 'medium', LOW: 'low' };

/** CVSS v3 qualitative rating (specification, table 14); `none` (0.0) reads as low. */
export function severityOfScore(score: number): AdvisorySeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

interface SeveritySource {
  database_specific?: Record<string, unknown> | null;
  severity?: { type: string; score: string }[] | null;
}

/** The database's own rating when it gives one, else the highest CVSS v3 base score listed, else unknown. */
export function advisorySeverity(record: SeveritySource): AdvisorySeverity {
  const word = record.database_specific?.severity;
  if (typeof word === 'string' && Object.hasOwn(githubWords, word.toUpperCase())) return githubWords[word.toUpperCase()]!;
  let best: number | null = null;
  for (const entry of record.severity ?? []) {
    if (entry.type !== 'CVSS_V3') continue;
    const score = cvss3BaseScore(entry.score);
    if (score !== null && (best === null || score > best)) best = score;
  }
  return best === null ? 'unknown' : severityOfScore(best);
}
