import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { text } from '../text';
import { occurredAt } from './timeline';

/**
 * Deadlines a law or contract sets from a moment (awareness of a personal-data breach…), kept
 * beside the response SLA. Presets name the common ones; any other is given in hours.
 */
export const regulatoryPresets = {
  'gdpr-authority': { label: 'GDPR Art. 33: notify the supervisory authority', hours: 72 },
  'hipaa-individuals': { label: 'HIPAA: notify affected individuals', hours: 60 * 24 },
  'nis2-early-warning': { label: 'NIS2: early warning to the CSIRT', hours: 24 },
  'sec-8k': { label: 'SEC 8-K Item 1.05: disclose after materiality', hours: 4 * 24 },
} as const satisfies Record<string, { label: string; hours: number }>;
export type RegulatoryPreset = keyof typeof regulatoryPresets;

/** `gdpr-authority`, `contract-60d`: a clock's name on its incident. */
export const clockName = z.string({ error: 'must be a clock name' }).regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'must be a short name of lower-case letters, digits and dashes, like gdpr-authority' });

export const startClockInput = z.strictObject({
  incidentId,
  /** A preset's name, or a new name with `label` and `hours`. */
  name: clockName,
  label: text({ max: 200 }).optional(),
  hours: z.number({ error: 'must be a number of hours' }).min(1 / 60, { message: 'must be at least a minute (0.017 hours)' }).max(24 * 3_650, { message: 'must be at most ten years' }).optional(),
  /** The moment the clock starts (awareness), with its offset; default now. */
  startedAt: occurredAt.optional(),
  note: text({ max: 1_000 }).default(''),
});

export const stopClockInput = z.strictObject({
  incidentId,
  name: clockName,
  /** What met it, e.g. "notified the ICO, reference 123". */
  note: text({ min: 1, max: 1_000 }),
});

export const listClocksInput = z.strictObject({ incidentId });

export const clockStates = ['running', 'overdue', 'met', 'met-late'] as const;
export type ClockState = (typeof clockStates)[number];

export interface RegulatoryClock {
  name: string;
  label: string;
  hours: number;
  startedAt: string;
  dueAt: string;
  state: ClockState;
  /** When it was met, or null. */
  stoppedAt: string | null;
  note: string;
  startedBy: string;
}

export interface RegulatoryClocks {
  clocks: RegulatoryClock[];
  presets: { name: string; label: string; hours: number }[];
}
