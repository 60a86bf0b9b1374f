import { z } from 'zod';
import { AppError, type SeverityLevel, type SeverityScheme } from '../../contract';

const levelSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, { message: 'must be 1-32 letters, digits or dashes' }),
  label: z.string().min(1),
  // At most a year, as a runbook import reads: a deadline past any date would stop every SLA check of the incident.
  responseMinutes: z.number().int().positive().max(525_600, { message: 'must be at most 525600 (a year)' }),
  description: z.string().default(''),
});

export const schemeSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/, { message: 'must be 1-64 lowercase letters, digits or dashes' }),
    name: z.string().min(1),
    source: z.string().default(''),
    levels: z.array(levelSchema).min(1),
  })
  .refine((scheme) => new Set(scheme.levels.map((level) => level.id)).size === scheme.levels.length, {
    message: 'level ids must be unique within a scheme',
    path: ['levels'],
  });

export const severitySchemesFile = z
  .object({
    defaultSchemeId: z.string(),
    schemes: z.array(schemeSchema).min(1),
  })
  .refine((file) => file.schemes.some((scheme) => scheme.id === file.defaultSchemeId), {
    message: 'defaultSchemeId must name one of the schemes',
    path: ['defaultSchemeId'],
  });
export type SeveritySchemesFile = z.output<typeof severitySchemesFile>;

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
