import { z } from 'zod';
import { phases } from '../playbooks/playbook';
import { text } from '../text';

const filePath = z.string({ error: 'must be a file path' }).min(1, { message: 'must not be empty' }).max(4096, { message: 'must be at most 4096 characters' });

export const previewRunbookInput = z.strictObject({
  /** A Markdown runbook (`.md`). */
  file: filePath,
});

/** A severity level found in the runbook's severity table or headed severity sections. */
export const importedSeverity = z.strictObject({
  /** As the runbook writes it: `P0`, `SEV-1`, `Critical`. */
  level: text({ min: 1, max: 32 }),
  /** The words beside it: `Critical`, `Active exploitation`. */
  label: text({ max: 120 }),
  /** `< 15 min` → 15, `Immediate` → 0, `24 hours` → 1440, `Act This Week` → 10080; null when the runbook gives none. */
  responseMinutes: z.number().int().min(0).max(525_600).nullable(),
  /** The response time as written, for the preview. */
  responseText: text({ max: 120 }),
});

export const importedStep = z.strictObject({
  text: text({ min: 1, max: 500 }),
  /** Nested items and the paragraph under the step. */
  detail: text({ max: 4_000, multiline: true }),
  /** The fenced command block that belongs to the step, if any. */
  command: text({ max: 8_000, multiline: true }).nullable(),
});

export const importedSection = z.strictObject({
  /** The heading as written (the responder may rename it in the preview). */
  heading: text({ min: 1, max: 200 }),
  /** Firebreak's phase for it; null for a heading that maps to none (kept, named, until the responder picks one or drops it). */
  phase: z.enum(phases).nullable(),
  /** Where the heading is in the source (1-based line), for the side-by-side preview. */
  line: z.number().int().min(0),
  steps: z.array(importedStep).max(500),
});

export const importedPlaybook = z.strictObject({
  /** Proposed file id (`secret-leaked`); lowercase letters, digits and dashes. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be an id like secret-leaked' }),
  title: text({ min: 1, max: 200 }),
  line: z.number().int().min(0),
  sections: z.array(importedSection).max(100),
});

export const importedTemplate = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be an id like status-update' }),
  title: text({ min: 1, max: 200 }),
  line: z.number().int().min(0),
  /** Mustache body, with the runbook's placeholders rewritten as fields. */
  body: text({ min: 1, max: 100_000, multiline: true }),
  /** Each placeholder of the source and the incident field it maps to (null: kept as a fill-in field). */
  fields: z.array(z.strictObject({ placeholder: text({ min: 1, max: 200 }), field: z.string().max(64).nullable() })).max(200),
});

export const runbookWarning = z.strictObject({ line: z.number().int().min(0).nullable(), message: text({ max: 1_000 }) });

/** What the importer found in a runbook; the preview edits it and `playbook.importSave` writes it. */
export const runbookImport = z.strictObject({
  /** The source file's name (for the preview and the saved files' `source`). */
  source: text({ min: 1, max: 500 }),
  severities: z.array(importedSeverity).max(20),
  playbooks: z.array(importedPlaybook).max(100),
  templates: z.array(importedTemplate).max(100),
  /** Escalation rows found (`after`, `notify`), and contacts rows (name, role, email, phone), as text. */
  escalation: z.array(z.strictObject({ afterMinutes: z.number().int().min(0).max(525_600), notify: text({ min: 1, max: 300 }) })).max(50),
  contacts: z.array(z.strictObject({ name: text({ min: 1, max: 120 }), role: text({ max: 120 }), email: text({ max: 200 }), phone: text({ max: 60 }) })).max(200),
  warnings: z.array(runbookWarning).max(500),
});
export type RunbookImport = z.infer<typeof runbookImport>;
export type ImportedPlaybook = z.infer<typeof importedPlaybook>;
export type ImportedSection = z.infer<typeof importedSection>;
export type ImportedStep = z.infer<typeof importedStep>;
export type ImportedTemplate = z.infer<typeof importedTemplate>;
export type ImportedSeverity = z.infer<typeof importedSeverity>;

export const saveRunbookInput = z.strictObject({
  /** The preview as the responder left it (renamed, merged or dropped sections). */
  runbook: runbookImport,
  /** Replace files of the same ids in the data dir; without it, an existing id is a conflict. */
  replace: z.boolean().default(false),
});

export interface SavedRunbook {
  /** Files written in the data dir (playbooks/, templates/). */
  files: string[];
  playbooks: string[];
  templates: string[];
  /** The severity scheme's id when one was saved, else null (with the reason in `warnings`). */
  scheme: string | null;
  warnings: string[];
}
