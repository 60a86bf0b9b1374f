import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import type { IncidentVariable, PlaybookVariable } from '../incidents/variables';
import type { PhaseGate } from '../investigation/gates';
import { text } from '../text';

/** The response phases, in order; every playbook step belongs to one. */
export const phases = ['Identify', 'Triage', 'Contain', 'Eradicate', 'Recover', 'Learn'] as const;
export type Phase = (typeof phases)[number];

export const stepActionTypes = ['acknowledge', 'scan', 'evidence', 'template', 'live-response'] as const;

/** The live response profile a `live-response` step opens when it names none. */
export const defaultLiveProfile = 'quick';

/**
 * What a step stands for: `acknowledge` is done by ticking the step (the incident is acknowledged);
 * the others open the part of the console that does the work (run a scan, collect evidence, send a
 * template, capture the system's state with a live response profile).
 */
export interface StepAction {
  type: (typeof stepActionTypes)[number];
  /** Which scan, collection, template or live response profile; empty for `acknowledge`. */
  target: string;
}

export interface PlaybookStep {
  id: string;
  phase: Phase;
  text: string;
  detail: string;
  /** May hold placeholders such as {INCIDENT_ID}; filled per incident. */
  command: string;
  action: StepAction | null;
  critical: boolean;
}

export interface Playbook {
  id: string;
  title: string;
  description: string;
  /** A severity the runbooks usually give this scenario, by rank (0 = most severe); a hint only. */
  severityRank: number | null;
  source: string;
  /** The values its commands need beyond what the incident fills ({INCIDENT_ID}, {DATE} …). */
  variables: PlaybookVariable[];
  /** `shipped` from resources/, `user` from the data dir's playbooks folder. */
  origin: 'shipped' | 'user';
  file: string;
  steps: PlaybookStep[];
}

export interface PlaybookSummary {
  id: string;
  title: string;
  scenario: string;
  description: string;
  origin: Playbook['origin'];
  phases: Phase[];
  steps: number;
  criticalSteps: number;
}

/** A playbook file that could not be loaded, said precisely enough to fix it. */
export interface PlaybookProblem {
  file: string;
  line: number | null;
  path: string;
  message: string;
}

export const stepStatuses = ['open', 'done', 'skipped', 'na'] as const;
export type StepStatus = (typeof stepStatuses)[number];

export interface ChecklistStep extends PlaybookStep {
  position: number;
  status: StepStatus;
  /** Why it was skipped or marked not applicable. */
  reason: string;
  adhoc: boolean;
  /** The command with the incident's values filled in, each shell-quoted; unknown placeholders stay as {NAME}. */
  filledCommand: string;
  unfilledPlaceholders: string[];
  /** The filled command in stretches, so a value can be shown as filled and an empty placeholder as one to fill. */
  commandParts: { text: string; placeholder: string | null; filled: boolean }[];
  notes: { at: string; actor: string; text: string }[];
  /** Who has taken the step on; empty when nobody has. */
  assignee: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface PhaseProgress {
  phase: Phase;
  total: number;
  done: number;
  skipped: number;
  na: number;
  open: number;
  criticalOpen: number;
}

export interface Checklist {
  incidentId: string;
  playbookId: string;
  playbookTitle: string;
  currentPhase: Phase;
  phases: PhaseProgress[];
  steps: ChecklistStep[];
  /** The placeholders its commands use that the responder fills, asked once for the whole incident. */
  variables: IncidentVariable[];
  /** Per phase, its required (critical) steps still open: moving past them asks for a reason. */
  gates: PhaseGate[];
}

const stepRef = { id: incidentId, stepId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a step id like revoke-credential' }) };

export const stepChangeInput = z.discriminatedUnion('change', [
  z.strictObject({ ...stepRef, change: z.literal('done') }),
  z.strictObject({ ...stepRef, change: z.literal('reopen') }),
  z.strictObject({ ...stepRef, change: z.literal('skip'), reason: text({ min: 1, max: 2_000 }) }),
  z.strictObject({ ...stepRef, change: z.literal('na'), reason: text({ max: 2_000 }).default('') }),
  z.strictObject({ ...stepRef, change: z.literal('note'), text: text({ min: 1, max: 20_000, multiline: true }) }),
]);

export const addStepInput = z.strictObject({
  id: incidentId,
  phase: z.enum(phases, { error: `must be one of ${phases.join(', ')}` }),
  text: text({ min: 1, max: 300 }),
  command: text({ max: 4_000 }).default(''),
  critical: z.boolean().default(false),
});

export const advancePhaseInput = z.strictObject({
  id: incidentId,
  /** Defaults to the phase after the current one. */
  to: z.enum(phases, { error: `must be one of ${phases.join(', ')}` }).optional(),
  /** Why move on with required (critical) steps of the phases left behind still open: asked for then, and recorded. */
  reason: text({ max: 1_000 }).optional(),
});

export const playbookRef = z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a playbook id like secret-leaked' }) });

export const setScenarioInput = z.strictObject({ id: incidentId, scenario: playbookRef.shape.id });
