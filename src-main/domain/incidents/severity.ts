import { z } from 'zod';

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

// Kept apart so the incident list's rows (and the server's first screen) find levels without loading zod.
export { findLevel, findScheme } from './severityLevels';
