import { z } from 'zod';
import { text } from '../text';
import type { NextEscalation } from '../escalations/escalation';
import type { Phase } from '../playbooks/playbook';
import type { IncidentRoles } from './roles';
import { incidentStatuses } from '../choices';
export { incidentStatuses };

export type IncidentStatus = (typeof incidentStatuses)[number];

export const incidentIdPattern = /^INC-\d{8}-\d{6}(-\d+)?$/;
export const incidentId = z.string().regex(incidentIdPattern, { message: 'must be an incident ID like INC-20261123-141502' });

const severityLevel = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { message: 'is required' })
  .max(32, { message: 'must be at most 32 characters' });

export const impactSchema = z.strictObject({
  confidentiality: z.boolean(),
  integrity: z.boolean(),
  availability: z.boolean(),
});
export type Impact = z.infer<typeof impactSchema>;

export const declareIncidentInput = z.strictObject({
  title: text({ min: 1, max: 200 }),
  severity: severityLevel,
  scenario: text({ max: 80 }).optional(),
  impact: impactSchema.optional(),
  commander: text({ max: 120 }).optional(),
  detectionSource: text({ max: 200 }).optional(),
  description: text({ max: 20_000, multiline: true }).optional(),
  /** The severity assistant's suggestion, when it was used: recorded, with whether it was overridden. */
  assessment: z
    .strictObject({
      // The assistant asks five questions: a bounded record of short names, not a free-form store in the chain.
      answers: z
        .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'must be a question name'), z.union([z.boolean(), text({ max: 20 })]))
        .refine((answers) => Object.keys(answers).length <= 20, 'holds at most 20 answers'),
      suggested: severityLevel,
      reasons: z.array(text({ max: 300 })).max(10),
    })
    .optional(),
});
export type DeclareIncidentInput = z.input<typeof declareIncidentInput>;

export const incidentRef = z.strictObject({ id: incidentId });

export const verifyIncidentInput = z.strictObject({
  id: incidentId,
  /** A seal hash printed in an exported report: the verifier checks that event is still held. */
  seal: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a seal hash: 64 hex characters' }).optional(),
});

export const setSeverityInput = z.strictObject({
  id: incidentId,
  severity: severityLevel,
  reason: text({ max: 2_000, multiline: true }).optional(),
});

export const setStatusInput = z.strictObject({
  id: incidentId,
  status: z.enum(incidentStatuses, { error: `must be one of ${incidentStatuses.join(', ')}` }),
  note: text({ max: 2_000, multiline: true }).optional(),
  /** Why a status set by mistake is moved back; required (non-empty) for a backward move, which the service checks against the current status. */
  reason: text({ min: 1, max: 2_000, multiline: true }).optional(),
});

export const setCommanderInput = z.strictObject({
  id: incidentId,
  commander: text({ min: 1, max: 120 }),
});

export const addNoteInput = z.strictObject({
  id: incidentId,
  text: text({ min: 1, max: 20_000, multiline: true }),
});

/** The response-time SLA as of the moment the incident was read. */
export interface SlaSnapshot {
  responseMinutes: number;
  dueAt: string;
  /** When the response happened (the acknowledgement); null while still waiting. */
  respondedAt: string | null;
  /** `never-acknowledged`: resolved or closed without anyone acknowledging it, so no response to measure. */
  state: 'running' | 'overdue' | 'met' | 'missed' | 'never-acknowledged';
}

/** A real incident, or a drill incident run from a tabletop scenario (never listed or counted with real ones). */
export type IncidentKind = 'real' | 'drill';

export interface Incident {
  id: string;
  /** Absent from older servers: real. */
  kind?: IncidentKind;
  title: string;
  scenario: string;
  schemeId: string;
  severity: string;
  severityLabel: string;
  /** 0 is the most severe level of the scheme. */
  severityRank: number;
  impact: Impact;
  commander: string;
  detectionSource: string;
  description: string;
  status: IncidentStatus;
  declaredAt: string;
  updatedAt: string;
  sla: SlaSnapshot;
  playbookId: string;
  currentPhase: Phase;
  acknowledgedAt: string | null;
  milestones: { containedAt: string | null; recoveredAt: string | null; resolvedAt: string | null };
  /** Checklist steps settled (done, skipped or not applicable) out of all. */
  progress: { settled: number; total: number };
  nextEscalation: NextEscalation | null;
}

export interface TimelineEntry {
  seq: number;
  /**
   * Where the entry sits in the timeline: entries sort in timeline order by comparing positions as
   * text (code unit by code unit). An entry `incident.timeline`'s `after` brings may belong before
   * entries already shown (written on another laptop, merged since): place it by this. Opaque
   * otherwise; optional for older servers.
   */
  position?: string;
  type: string;
  at: string;
  actor: string;
  deviceId: string;
  /** One line a responder can read, e.g. "Severity P2 → P1: customer data involved". */
  summary: string;
  payload: Record<string, unknown>;
}

export interface IncidentDetail {
  incident: Incident;
  /** Oldest first: the whole timeline, or its newest `timelineLimit` entries when that was asked. */
  timeline: TimelineEntry[];
  /** Entries in the whole timeline. */
  timelineTotal: number;
  /** Pass as `before` to `incident.timeline` for the entries older than `timeline`; null when it holds them all. */
  timelineCursor: string | null;
  /** Pass as `after` to `incident.timeline` for the entries stored after this answer was read (optional for older servers). */
  timelineNewerCursor?: string;
  /** Who holds the roles beside the commander, as the timeline's role changes say. */
  roles: IncidentRoles;
  /** Single-valued fields two responders set concurrently, unsettled: the incident page shows them until someone decides. */
  conflicts: FieldConflict[];
}

/** One write of a conflicting field, as the event that made it records it. */
export interface ConflictingWrite {
  value: string;
  hash: string;
  actor: string;
  at: string;
}

/**
 * Concurrent writes of one value (neither event knew the other). The later in projection order
 * wins, deterministically on every replica; a responder settles it with a new write, whose event
 * has both as ancestors.
 */
export interface FieldConflict {
  field: 'severity' | 'status' | 'commander' | 'role' | 'assignee';
  /** Which role or which step, for a role or an assignee; empty for the incident's own fields. */
  key: string;
  winner: ConflictingWrite;
  /** Every concurrent write, the winner included, in projection order. */
  writes: ConflictingWrite[];
}

export const addMemberInput = z.strictObject({
  id: incidentId,
  /** A device key as `incident member add` and the vault status print it: raw Ed25519, base64url. */
  actorKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a device key: 43 characters of base64url, as `firebreak vault status` prints it' }),
  name: text({ min: 1, max: 120 }),
});

export interface MemberAdded {
  incidentId: string;
  actorKey: string;
  name: string;
}

export interface ChainBreak {
  seq: number;
  type: string;
  /** The offending event's hash, when one event is to blame. */
  hash?: string;
  /** `orphaned-events`: the incident row is gone while its events (or other rows) remain. */
  reason:
    | 'hash-mismatch'
    | 'prev-hash-mismatch'
    | 'sequence-gap'
    | 'unreadable-payload'
    | 'state-mismatch'
    | 'orphaned-events'
    | 'bad-signature'
    | 'not-a-member'
    | 'wrong-incident'
    | 'root'
    | 'cycle'
    | 'lamport'
    | 'actor-chain'
    | 'equivocation'
    | 'id-reused'
    | 'truncated';
  message: string;
}

export type Verdict = 'ok' | 'incomplete' | 'tampered';

/** One stored row that its events do not account for: missing, different, or with no event at all. */
export interface StateMismatch {
  /** `incident`, `checklist step`, `step note`, `scan`, `finding`, `evidence`, `custody entry`, `quarantined file` or `reminder`. */
  record: string;
  /** Which row: a step id, `<step> note 2`, a scan, finding, evidence or quarantine id, `<evidence> entry 3`, a reminder key. */
  key: string;
  message: string;
}

export interface VerifyResult {
  id: string;
  /** `incomplete`: ancestors named by held events have not arrived yet (listed in `missing`); normal while syncing. */
  verdict: Verdict;
  intact: boolean;
  /** Hashes named as parents or previous events that this replica does not hold. */
  missing: string[];
  /** The incident's current heads, sorted. */
  heads: string[];
  /** This laptop's events written while the vault was locked, not signed yet. */
  unsigned: number;
  /** Advisory findings: wall clocks behind their parents' beyond the allowed skew. */
  warnings: string[];
  events: number;
  headHash: string;
  firstBreak: ChainBreak | null;
  /** True when the incident row is gone but events or other rows still name it. */
  orphaned: boolean;
  /** Every row that disagrees with the replayed events (empty when the chain itself is broken: it cannot be replayed). */
  mismatches: StateMismatch[];
}
