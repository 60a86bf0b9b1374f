import { z } from 'zod';
import { text } from '../text';
import { incidentId, type IncidentStatus } from '../incidents/incident';
import type { Phase } from '../playbooks/playbook';

/**
 * Tabletop drills: a scenario (data, resources/drills/ and the data dir's drills/) run against a drill
 * incident, a real incident record marked `kind: 'drill'` that no real-incident list, count, reminder or
 * notification ever includes. Drill time runs on a facilitator clock (start, pause, resume, speed up),
 * so every minute below is a drill minute from the clock's start, not wall time.
 */

export const drillIdPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const drillId = z.string().regex(drillIdPattern, { message: 'must be a drill id: lower-case letters, digits and dashes' });

/** When an inject arrives by itself: at a drill minute, when a phase is entered, or when a step is done. */
export type InjectTrigger = { minute: number } | { phase: Phase } | { step: string };

export interface DrillInject {
  id: string;
  title: string;
  /** What the participants learn, as they would hear it (Markdown-free plain text, may span lines). */
  body: string;
  trigger: InjectTrigger;
  /** For the facilitator only: what the inject tests, what a good answer looks like. */
  note: string;
}

/** What counts as an expected action being done, read from the drill incident's own timeline. */
export type ExpectedDone =
  | { acknowledge: true }
  /** A checklist step (of the scenario's playbook) ticked done. */
  | { step: string }
  /** The incident's current phase reaches this phase (or a later one). */
  | { phase: Phase }
  /** The incident's status reaches this status (or a later one). */
  | { status: IncidentStatus }
  /** A communication from this template marked sent. */
  | { comms: string };

export interface ExpectedAction {
  id: string;
  title: string;
  /** The objective it counts for (an id of the scenario's objectives). */
  objective: string;
  done: ExpectedDone;
  /** The drill minute it should be done by; 'sla': the response time of the drill incident's severity. */
  by: number | 'sla';
  /** Deducted from its objective's 100 when missed; half of it, rounded up, when done late. */
  points: number;
}

export interface DrillObjective {
  id: string;
  title: string;
}

export interface DrillQuestion {
  id: string;
  text: string;
}

export interface DrillScenario {
  id: string;
  title: string;
  summary: string;
  /** A level id of the active severity scheme's kind (P0–P3 in the shipped scenarios). */
  severity: string;
  /** The playbook the drill incident follows (a playbook id). */
  playbook: string;
  /** What the participants know at minute 0. */
  situation: string;
  objectives: DrillObjective[];
  injects: DrillInject[];
  expected: ExpectedAction[];
  /** Each critical checklist step skipped (or marked not applicable) costs `points` from `objective`. */
  criticalSteps: { objective: string; points: number };
  questions: DrillQuestion[];
  facilitatorNotes: string;
  origin: 'shipped' | 'data-dir';
}

/** A scenario file that could not be read: the file and the first problem, with where in the file. */
export interface DrillFileError {
  file: string;
  /** Like `injects[2].trigger.step`; empty for the whole file (unreadable, not YAML). */
  path: string;
  message: string;
}

export interface DrillSummary {
  id: string;
  title: string;
  summary: string;
  severity: string;
  playbook: string;
  objectives: DrillObjective[];
  injectCount: number;
  origin: 'shipped' | 'data-dir';
}

export interface DrillList {
  drills: DrillSummary[];
  /** Files that failed validation; the others are listed all the same. */
  errors: DrillFileError[];
}

export type DrillClockState = 'ready' | 'running' | 'paused' | 'finished';

export interface DrillClock {
  state: DrillClockState;
  /** Drill minutes per wall minute: 1 normally, more when the facilitator speeds up. */
  speed: number;
  /** Drill milliseconds elapsed as of `asOf`; while running, add (now − asOf) × speed. */
  elapsedMs: number;
  asOf: string;
}

export type InjectStatus = 'pending' | 'fired' | 'skipped';

export interface InjectState {
  id: string;
  title: string;
  trigger: InjectTrigger;
  status: InjectStatus;
  /** The drill minute it fired or was skipped at (one decimal); null while pending. */
  atMinute: number | null;
  /** Empty in the participant view for an inject that has not arrived (they never see those). */
  body: string;
  /** Facilitator view only; empty in the participant view. */
  note: string;
}

export type ActionOutcome = 'pending' | 'in-time' | 'late' | 'missed';

export interface ExpectedActionState {
  id: string;
  title: string;
  objective: string;
  /** The deadline in drill minutes ('sla' resolved). */
  byMinute: number;
  points: number;
  outcome: ActionOutcome;
  /** When it was done, in drill minutes; null while not done. */
  doneMinute: number | null;
}

export interface DrillAnswer {
  questionId: string;
  text: string;
  /** The team's answer, as last recorded; null while unanswered. */
  answer: string | null;
}

export type ScoreOutcome = 'in-time' | 'late' | 'missed' | 'skipped' | 'info';

/** One explained line of the score: what happened and what it cost. */
export interface ScoreLine {
  /** 'acknowledge' | 'action' | 'critical-step' | 'phase' | 'comms' */
  kind: 'acknowledge' | 'action' | 'critical-step' | 'phase' | 'comms';
  outcome: ScoreOutcome;
  /** A sentence a participant reads: "Acknowledged at minute 22, SLA 15 minutes: late, −10 of 20". */
  text: string;
  /** Points taken from the objective (0 for information lines). */
  deduction: number;
}

export interface ObjectiveScore {
  id: string;
  title: string;
  /** 100 minus the deductions, never below 0. */
  score: number;
  lines: ScoreLine[];
}

export interface DrillScore {
  /** The mean of the objectives' scores, rounded to a whole number. */
  overall: number;
  objectives: ObjectiveScore[];
  /** Lines that belong to no objective: time to acknowledge, time to each phase, communications sent. */
  info: ScoreLine[];
  acknowledgedMinute: number | null;
  slaMinutes: number;
  /** The drill minute each phase was first entered (Identify at 0). */
  phaseMinutes: Partial<Record<Phase, number>>;
  criticalStepsSkipped: string[];
  commsSent: { templateId: string; minute: number }[];
}

export type DrillView = 'facilitator' | 'participant';

export interface DrillRun {
  incidentId: string;
  drillId: string;
  title: string;
  summary: string;
  situation: string;
  severity: string;
  playbook: string;
  view: DrillView;
  clock: DrillClock;
  /** Facilitator: every inject in trigger order. Participant: only those that arrived, in arrival order. */
  injects: InjectState[];
  /** Facilitator: the next pending inject (the earliest minute trigger, else the first event trigger); null otherwise. */
  nextInject: InjectState | null;
  objectives: DrillObjective[];
  /** Facilitator only (empty for participants): the expected actions and how they stand. */
  expected: ExpectedActionState[];
  questions: DrillAnswer[];
  /** Facilitator only; empty for participants. */
  facilitatorNotes: string;
  /** The score so far (facilitator) or null (participant, until the drill is finished). */
  score: DrillScore | null;
  finished: { at: string; score: DrillScore } | null;
}

export interface DrillStarted {
  /** The drill incident's id (an incident id). */
  id: string;
  run: DrillRun;
}

export interface DrillHistoryEntry {
  incidentId: string;
  drillId: string;
  title: string;
  startedAt: string;
  finishedAt: string;
  overall: number;
  objectives: { id: string; title: string; score: number }[];
}

export interface DrillHistory {
  /** Finished drills, oldest first. */
  runs: DrillHistoryEntry[];
}

export interface DrillReport {
  incidentId: string;
  markdown: string;
  /** Set when the report was written to a file (`output`). */
  path?: string;
}

export const listDrillsInput = z.strictObject({});

export const startDrillInput = z.strictObject({
  drillId,
  /** Who runs the drill (the drill incident's commander); the responder's name otherwise. */
  commander: text({ max: 120 }).optional(),
});

export const drillRef = z.strictObject({ id: incidentId });

export const getDrillInput = z.strictObject({
  id: incidentId,
  view: z.enum(['facilitator', 'participant']).default('participant'),
});

export const drillClockInput = z
  .strictObject({
    id: incidentId,
    action: z.enum(['start', 'pause', 'resume', 'speed'], { error: 'must be one of start, pause, resume, speed' }),
    /** For `speed`: drill minutes per wall minute, 1 to 60. */
    speed: z.number({ error: 'must be a number from 1 to 60' }).min(1, { message: 'must be at least 1' }).max(60, { message: 'must be at most 60' }).optional(),
  })
  .refine((input) => input.action !== 'speed' || input.speed !== undefined, { message: 'give the speed (1 to 60) to speed up', path: ['speed'] });

export const drillInjectInput = z.strictObject({
  id: incidentId,
  injectId: z.string().regex(drillIdPattern, { message: 'must be an inject id of the drill' }),
  action: z.enum(['fire', 'skip'], { error: 'must be fire or skip' }),
});

export const drillAnswerInput = z.strictObject({
  id: incidentId,
  questionId: z.string().regex(drillIdPattern, { message: 'must be a question id of the drill' }),
  answer: text({ min: 1, max: 5_000, multiline: true }),
});

export const drillReportInput = z.strictObject({
  id: incidentId,
  /** Write the report to this file (atomically) as well as returning it. */
  output: text({ min: 1, max: 4_096 }).optional(),
});

export const drillHistoryInput = z.strictObject({
  drillId: drillId.optional(),
});
