import { canonicalJson } from './eventChain';
import { eventTypes } from './incidentState';
import { replayRotationEvent } from '../rotation/rotationReplay';
import { replayActionEvent } from '../actions/actionItems';

/** The kinds of current-state rows an incident's events describe besides the incident row. */
export const projectionKinds = ['checklist step', 'step note', 'scan', 'finding', 'evidence', 'custody entry', 'quarantined file', 'reminder', 'rotation item', 'rotation check', 'action item'] as const;
export type ProjectionKind = (typeof projectionKinds)[number];

/** Comparable fields of one row, by a key that names it for the responder. */
export type ProjectionRecords = Map<string, Record<string, unknown>>;
export type Projections = Record<ProjectionKind, ProjectionRecords>;

export interface ReplayEvent {
  type: string;
  at: string;
  actor: string;
  payload: Record<string, unknown>;
}

export function emptyProjections(): Projections {
  return Object.fromEntries(projectionKinds.map((kind) => [kind, new Map()])) as Projections;
}

export interface StepFields {
  phase: unknown;
  text: unknown;
  detail: unknown;
  command: unknown;
  action: unknown;
  critical: boolean;
  adhoc: boolean;
}

/** One checklist row as the table holds it; `rank` is its place in the checklist's order. */
export function stepRecord(step: StepFields, rank: number, status: string, reason: string, updatedAt: string | null, updatedBy: string | null): Record<string, unknown> {
  const { phase, text, detail, command, action, critical, adhoc } = step;
  return { rank, phase, text, detail, command, action: action ?? null, critical, adhoc, status, reason, updatedAt, updatedBy };
}

/** Numbered per parent (`<step> note 2`, `<evidence> entry 3`), the way the tables list them. */
export function nthKey(counts: Map<string, number>, parent: string, noun: string): string {
  const n = (counts.get(parent) ?? 0) + 1;
  counts.set(parent, n);
  return `${parent} ${noun} ${n}`;
}

/**
 * Replays an incident's events into the rows its checklist, scans, findings, evidence, custody,
 * quarantine, reminder, rotation and action item tables should hold. Each service writes such a row in the same
 * transaction as its event, with the event's time and actor, so any difference is an edit made
 * outside Firebreak (or a lost write). Unknown event types are skipped so newer kinds never
 * break an older replay.
 */
export function replayProjections(events: readonly ReplayEvent[]): Projections {
  const out = emptyProjections();
  const noteCounts = new Map<string, number>();
  const custodyCounts = new Map<string, number>();
  for (const { type, at, actor, payload: p } of events) {
    switch (type) {
      case eventTypes.checklistSnapshotted: {
        // The incident's copy of its playbook is replaced, notes and all.
        out['checklist step'].clear();
        out['step note'].clear();
        noteCounts.clear();
        const steps = Array.isArray(p.steps) ? (p.steps as Record<string, unknown>[]) : [];
        steps.forEach((step, rank) => out['checklist step'].set(String(step.id), stepRecord({ ...(step as unknown as StepFields), critical: Boolean(step.critical), adhoc: false }, rank, 'open', '', null, null)));
        break;
      }
      case eventTypes.stepAdded: {
        const step = p.step as Record<string, unknown>;
        const fields = { ...(step as unknown as StepFields), detail: '', action: null, critical: Boolean(step.critical), adhoc: true };
        out['checklist step'].set(String(step.id), stepRecord(fields, out['checklist step'].size, 'open', '', null, null));
        break;
      }
      case eventTypes.stepChanged: {
        const key = String(p.stepId);
        const current = out['checklist step'].get(key);
        // A change to a step the replay does not know stays visible: the row will not match.
        out['checklist step'].set(key, { ...(current ?? { rank: null }), status: p.to, reason: p.reason ?? '', updatedAt: at, updatedBy: actor });
        break;
      }
      case eventTypes.stepNoted:
        out['step note'].set(nthKey(noteCounts, String(p.stepId), 'note'), { at, actor, text: p.text });
        break;
      case eventTypes.scanCompleted:
        out.scan.set(String(p.scanId), {
          root: p.root,
          history: Boolean(p.history),
          findings: p.findings,
          rules: [...((p.rules as string[] | undefined) ?? [])].sort().join(', '),
          finishedAt: at,
          actor,
        });
        break;
      case eventTypes.findingMarked:
        out.finding.set(String(p.findingId), { status: p.status, statusNote: p.note ?? '', rule: p.rule, file: p.file, line: p.line, redacted: p.redacted, fingerprint: p.fingerprint });
        break;
      case eventTypes.evidenceCustody: {
        const evidenceId = String(p.evidenceId);
        if (!out.evidence.has(evidenceId)) out.evidence.set(evidenceId, { archive: p.archive });
        out['custody entry'].set(nthKey(custodyCounts, evidenceId, 'entry'), { action: p.action, detail: p.detail, at, actor });
        break;
      }
      case eventTypes.quarantined:
        out['quarantined file'].set(String(p.id), { originalPath: p.originalPath, sha256: p.sha256, size: p.size, quarantinedAt: at, quarantinedBy: actor, releasedAt: null, releasedBy: null });
        break;
      case eventTypes.released: {
        const current = out['quarantined file'].get(String(p.id)) ?? {};
        out['quarantined file'].set(String(p.id), { ...current, releasedAt: at, releasedBy: actor });
        break;
      }
      case eventTypes.escalationDue:
        out.reminder.set(String(p.key), { afterMinutes: p.afterMinutes, notify: p.notify, dueAt: p.dueAt, raisedAt: at, acknowledgedAt: null, acknowledgedBy: null });
        break;
      case eventTypes.escalationAcknowledged: {
        const current = out.reminder.get(String(p.key)) ?? {};
        out.reminder.set(String(p.key), { ...current, acknowledgedAt: at, acknowledgedBy: actor });
        break;
      }
      case eventTypes.commsSent: {
        // A message sent answers the pending "next update" reminder (services/comms/sent.ts).
        const pending = out.reminder.get('next-update');
        if (pending && pending.acknowledgedAt === null) out.reminder.set('next-update', { ...pending, acknowledgedAt: at, acknowledgedBy: actor });
        break;
      }
      default:
        if (!replayRotationEvent(out['rotation item'], out['rotation check'], type, at, actor, p)) replayActionEvent(out['action item'], type, at, actor, p);
        break;
    }
  }
  return out;
}

export interface RecordDifference {
  kind: ProjectionKind;
  key: string;
  message: string;
}

/** Key order never matters: the events hold canonical JSON, the tables what the service wrote. */
function same(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

function shown(value: unknown): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Every row the events describe that the tables lack, hold differently, or hold without an event. */
export function compareProjections(recorded: Projections, stored: Projections): RecordDifference[] {
  const differences: RecordDifference[] = [];
  for (const kind of projectionKinds) {
    const expected = recorded[kind];
    const actual = stored[kind];
    for (const [key, fields] of expected) {
      const row = actual.get(key);
      if (!row) {
        differences.push({ kind, key, message: `${kind} ${key} is on the timeline but missing from the database` });
        continue;
      }
      const differing = Object.keys(fields).filter((field) => !same(fields[field], row[field]));
      if (differing.length > 0) {
        const detail = differing.map((field) => `${field} is ${shown(row[field])} in the database, ${shown(fields[field])} on the timeline`).join('; ');
        differences.push({ kind, key, message: `${kind} ${key}: ${detail}` });
      }
    }
    for (const key of actual.keys()) {
      if (!expected.has(key)) differences.push({ kind, key, message: `${kind} ${key} is in the database but no event on the timeline records it` });
    }
  }
  return differences;
}
