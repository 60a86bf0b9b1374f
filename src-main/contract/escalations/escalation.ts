import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { text } from '../text';

export interface Contact {
  id: string;
  name: string;
  role: string;
  email: string;
  phone: string;
  onCall: boolean;
  updatedAt: string;
}

export const saveContactInput = z.strictObject({
  /** Absent to create a contact; present to update that one. */
  id: z.uuid({ message: 'must be a contact id' }).optional(),
  name: text({ min: 1, max: 120 }),
  role: text({ min: 1, max: 60 }),
  email: z.union([z.literal(''), z.email({ message: 'must be an email address like ana@example.com' }).max(254)]).default(''),
  phone: text({ max: 40 }).default(''),
  onCall: z.boolean().default(false),
});

export const contactRef = z.strictObject({ id: z.uuid({ message: 'must be a contact id' }) });

export interface Recipient {
  name: string;
  role: string;
  email: string;
  phone: string;
}

/** One escalation step that came due for an incident. */
export interface Reminder {
  incidentId: string;
  incidentTitle: string;
  severity: string;
  /** The severity's place in its scheme, 0 the most severe: the console orders banners by it. */
  severityRank: number;
  key: string;
  afterMinutes: number;
  notify: string;
  /**
   * Contacts whose role matches the step (on-call contacts for "on-call"). While the reminder is
   * pending it is read from the contacts as they are now; once acknowledged, as they were when raised.
   */
  recipients: Recipient[];
  dueAt: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface NextEscalation {
  key: string;
  notify: string;
  dueAt: string;
}

export const reminderRef = z.strictObject({ id: incidentId, key: z.string().regex(/^r\d+-\d+m$/, { message: 'must be a reminder key like r1-60m' }) });

export const listRemindersInput = z.strictObject({
  scope: z.enum(['pending', 'all']).default('pending'),
  id: incidentId.optional(),
  /** The newest `limit` reminders are returned (oldest first); `total` counts them all. */
  limit: z.number().int().min(1).max(10_000).default(1_000),
  /**
   * `raised`: the newest `limit`, oldest first. `urgency`: the most urgent `limit`, most urgent first
   * (most severe incident, then longest overdue), as the console's banners show them.
   */
  order: z.enum(['raised', 'urgency']).default('raised'),
});

export const severityAnswersInput = z.strictObject({
  activeExploitation: z.boolean(),
  dataExposed: z.boolean(),
  secretsExposedPublicly: z.boolean(),
  productionAffected: z.boolean(),
  usersAffected: z.enum(['none', 'few', 'many', 'all']),
});

export type SeverityAnswers = z.infer<typeof severityAnswersInput>;

export interface SeverityAssessment {
  schemeId: string;
  severity: string;
  label: string;
  rank: number;
  impact: { confidentiality: boolean; integrity: boolean; availability: boolean };
  reasons: string[];
}
