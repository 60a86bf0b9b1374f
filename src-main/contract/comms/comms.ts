import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { text } from '../text';
import { reportKinds } from '../choices';
export { reportKinds };

/** A template id: the file name under resources/templates/ (or the data dir's templates/) without `.yaml`. */
export const templateId = z
  .string({ error: 'must be a template id' })
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a template id like status-update' });

export const templateAudiences = ['internal', 'external', 'public'] as const;
export type TemplateAudience = (typeof templateAudiences)[number];

export interface TemplateSummary {
  id: string;
  title: string;
  /** Who reads it: the team (`internal`), customers or users (`external`), everyone (`public`: status page, advisory). */
  audience: TemplateAudience;
  description: string;
  /** `user` when a file in the data dir's templates/ folder replaces or adds it. */
  source: 'shipped' | 'user';
  /** Minutes until the next update is due once this is sent, by severity rank (0 = most severe); null when it sets no reminder. */
  cadenceMinutes: number[] | null;
}

/** A template file that failed validation: the file, where, and why. Other templates still load. */
export interface TemplateProblem {
  file: string;
  line: number | null;
  message: string;
}

export const renderTemplateInput = z.strictObject({
  templateId,
  incidentId,
});

/** A template filled from the incident. Fields with no value stay in the text as a visible `[fill in: …]` marker. */
export interface RenderedTemplate {
  templateId: string;
  title: string;
  audience: TemplateAudience;
  /** A subject line for mail, when the template has one. */
  subject: string | null;
  body: string;
  /** The fields that had no value, by name, in the order they appear. */
  missing: string[];
  /** When the next update would be due if this were sent now; null when the template sets none. */
  nextUpdateAt: string | null;
}

export const markSentInput = z.strictObject({
  incidentId,
  templateId,
  /** The text as sent (after the responder's edits); kept on the timeline and in the report. */
  body: text({ min: 1, max: 50_000, multiline: true }),
  subject: text({ max: 300 }).optional(),
  /** Where it went: "#incident-42", "status page", "customers@…". */
  channel: text({ max: 200 }).optional(),
});

export interface SentCommunication {
  incidentId: string;
  templateId: string;
  title: string;
  sentAt: string;
  sentBy: string;
  channel: string;
  /** When the next update is due (the template's cadence for the incident's severity); null when none. */
  nextUpdateAt: string | null;
}

export type ReportKind = (typeof reportKinds)[number];

export const renderReportInput = z.strictObject({
  id: incidentId,
  kind: z.enum(reportKinds, { error: `must be one of ${reportKinds.join(', ')}` }).default('incident'),
});

export interface RenderedReport {
  incidentId: string;
  kind: ReportKind;
  /** Markdown with `#` headings; the same incident always gives the same bytes. */
  markdown: string;
  /** A suggested file name, e.g. `INC-20261123-141502-postmortem.md`. */
  fileName: string;
}

export const exportReportInput = z.strictObject({
  id: incidentId,
  kind: z.enum(reportKinds, { error: `must be one of ${reportKinds.join(', ')}` }).default('incident'),
  /** A file to write, or a folder to write `fileName` into; default: the data dir's `exports/` folder. */
  destination: z.string().min(1, { message: 'must not be empty' }).max(4096).optional(),
});

export interface ExportedReport {
  incidentId: string;
  kind: ReportKind;
  path: string;
  bytes: number;
  sha256: string;
}
