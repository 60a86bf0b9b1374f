import { AppError } from '../../contract/envelope';
import type { SeverityLevel, SeverityScheme } from '../../contract/settings';

/** Levels are listed most severe first; the index is the rank used for sorting. */
export function findLevel(scheme: SeverityScheme, levelId: string): { level: SeverityLevel; rank: number } {
  const wanted = levelId.trim().toUpperCase();
  const rank = scheme.levels.findIndex((level) => level.id.toUpperCase() === wanted);
  if (rank < 0) {
    const known = scheme.levels.map((level) => level.id).join(', ');
    throw new AppError('invalid-input', `unknown severity '${levelId}' in scheme ${scheme.name}: expected one of ${known}`, [
      { field: 'severity', message: `must be one of ${known}` },
    ]);
  }
  return { level: scheme.levels[rank]!, rank };
}

export function findScheme(schemes: readonly SeverityScheme[], schemeId: string): SeverityScheme {
  const scheme = schemes.find((candidate) => candidate.id === schemeId);
  if (!scheme) {
    const known = schemes.map((candidate) => candidate.id).join(', ');
    throw new AppError('invalid-input', `unknown severity scheme '${schemeId}': expected one of ${known}`, [
      { field: 'activeSchemeId', message: `must be one of ${known}` },
    ]);
  }
  return scheme;
}
