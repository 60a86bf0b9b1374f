import { AppError, incidentStatuses, phases, type DrillScenario, type DrillScore, type IncidentStatus, type Phase, type StepStatus } from '../../contract';
import { eventTypes } from '../incidents/incidentState';
import { drillMsAt, type ClockChange } from './drillClock';

/**
 * What a drill incident's own timeline says happened, folded once: the scenario snapshot, the clock,
 * the injects and answers, and the real incident work (acknowledge, phases, steps, status, comms)
 * that the score reads. Work counts as it stood at the finish: a step reopened was not done, and a
 * step done again was done when its last done stretch began. Nothing after the finish is scored.
 *
 * Times are read as a running maximum in timeline order: an event written while the wall clock
 * had stepped back (an NTP correction) is placed at the latest time already on the timeline, so
 * it never scores earlier than minutes already shown.
 */
export const drillEventTypes = { started: 'drill.started', clock: 'drill.clock', injected: 'drill.injected', answered: 'drill.answered', finished: 'drill.finished' } as const;

/** One event of the drill incident's timeline, in timeline order. */
export interface DrillEvent {
  type: string;
  at: string;
  actor: string;
  payload: Record<string, unknown>;
}

export interface DrillFacts {
  drillId: string;
  scenario: DrillScenario;
  startedAt: string;
  clock: ClockChange[];
  injects: Map<string, { status: 'fired' | 'skipped'; atMinute: number; by: 'clock' | 'trigger' | 'facilitator' }>;
  answers: Map<string, string>;
  finished: { at: string; score: DrillScore } | null;
  acknowledgedAt: string | null;
  /** The response SLA of the declared severity: fixed at the start, whatever the severity becomes later. */
  slaMinutes?: number;
  /** The latest time on the timeline: the drill's "now" never falls below it. */
  lastAt: string;
  /** Each phase reached: a jump (Identify → Contain) reaches the phases it passes over at the same time. */
  phaseEnteredAt: Partial<Record<Phase, string>>;
  /** Phases reached only by jumping over them (never entered by name); the report says so. */
  phasesPassedOver?: Phase[];
  /** The first advance to exactly each phase (Identify: the start): what an expected phase action needs. */
  phaseNamedAt: Partial<Record<Phase, string>>;
  /** Steps done at the end (or the finish): the start of their last uninterrupted done stretch. */
  stepsDoneAt: Map<string, string>;
  stepStatus: Map<string, StepStatus>;
  /** Every critical step of every checklist snapshot and every critical step added: a playbook switch erases none. */
  criticalSteps: { id: string; text: string }[];
  /** Each status the incident stands at or beyond: the start of the last stretch it has stayed there (Active: the start). */
  statusReachedAt: Partial<Record<IncidentStatus, string>>;
  commsSent: { templateId: string; at: string }[];
  participants: string[];
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const clockActions = new Set<ClockChange['action']>(['start', 'pause', 'resume', 'speed', 'finish']);
const injectBy = new Set(['clock', 'trigger', 'facilitator']);

function criticalOf(steps: unknown): { id: string; text: string }[] {
  if (!Array.isArray(steps)) return [];
  return steps
    .filter((step): step is Record<string, unknown> => typeof step === 'object' && step !== null && (step as Record<string, unknown>).critical === true)
    .map((step) => ({ id: str(step.id), text: str(step.text) }));
}

/**
 * A clock change as it lands on the timeline: never before the latest time already recorded, and
 * never below the drill time already reached then. A change written while the wall clock had
 * stepped back (an NTP correction) would otherwise run drill time backwards.
 */
function clockAfter(clock: readonly ClockChange[], at: string, action: ClockChange['action'], speed: number, elapsedMs: number): ClockChange {
  return { at, action, speed, elapsedMs: Math.max(elapsedMs, drillMsAt(clock, Date.parse(at))) };
}

/** The response SLA the drill was declared with, when the declared event says it. */
function declaredSla(events: readonly DrillEvent[]): number | undefined {
  const declared = events.find((event) => event.type === eventTypes.declared);
  const minutes = declared?.payload.responseMinutes;
  return typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0 ? minutes : undefined;
}

export function readDrillFacts(incidentId: string, events: readonly DrillEvent[]): DrillFacts {
  const started = events.find((event) => event.type === drillEventTypes.started);
  if (!started) throw new AppError('invalid-input', `${incidentId} is not a drill`);
  const facts: DrillFacts = {
    drillId: str(started.payload.drillId),
    scenario: started.payload.scenario as DrillScenario,
    startedAt: started.at,
    clock: [],
    injects: new Map(),
    answers: new Map(),
    finished: null,
    acknowledgedAt: null,
    slaMinutes: declaredSla(events),
    lastAt: started.at,
    phaseEnteredAt: { Identify: started.at },
    phasesPassedOver: [],
    phaseNamedAt: { Identify: started.at },
    stepsDoneAt: new Map(),
    stepStatus: new Map(),
    criticalSteps: [],
    statusReachedAt: { Active: started.at },
    commsSent: [],
    participants: [],
  };
  const critical = new Map<string, { id: string; text: string }>();
  const addCritical = (steps: unknown) => {
    for (const step of criticalOf(steps)) if (!critical.has(step.id)) critical.set(step.id, step);
  };
  let latestMs = -Infinity;
  for (const event of events) {
    const p = event.payload;
    const eventMs = Date.parse(event.at);
    if (eventMs > latestMs) {
      latestMs = eventMs;
      facts.lastAt = event.at;
    }
    // A running maximum: no event's drill minute falls below that of an event before it.
    const at = facts.lastAt;
    if (event.actor && !facts.participants.includes(event.actor)) facts.participants.push(event.actor);
    // After the finish the incident work no longer counts: the score was taken then.
    const scored = facts.finished === null;
    switch (event.type) {
      case drillEventTypes.clock: {
        const action = p.action as ClockChange['action'];
        if (clockActions.has(action)) facts.clock.push(clockAfter(facts.clock, at, action, num(p.speed) || 1, num(p.elapsedMs)));
        break;
      }
      case drillEventTypes.injected: {
        const id = str(p.injectId);
        // Once fired or skipped, an inject has had its moment: a second record does not move it.
        if (!facts.injects.has(id)) {
          const by = injectBy.has(str(p.by)) ? (p.by as 'clock' | 'trigger' | 'facilitator') : 'facilitator';
          facts.injects.set(id, { status: p.action === 'skipped' ? 'skipped' : 'fired', atMinute: num(p.minute), by });
        }
        break;
      }
      case drillEventTypes.answered:
        facts.answers.set(str(p.questionId), str(p.answer));
        break;
      case drillEventTypes.finished: {
        // The first finish is the finish: its score was taken then.
        if (facts.finished) break;
        const last = facts.clock[facts.clock.length - 1];
        if (last?.action !== 'finish') facts.clock.push(clockAfter(facts.clock, at, 'finish', last?.speed ?? 1, num(p.elapsedMs)));
        facts.finished = { at, score: p.score as DrillScore };
        break;
      }
      case eventTypes.acknowledged:
        if (scored) facts.acknowledgedAt ??= at;
        break;
      case eventTypes.phaseAdvanced: {
        if (!scored) break;
        const to = phases.indexOf(p.to as Phase);
        if (to >= 0) facts.phaseNamedAt[phases[to]!] ??= at;
        for (let index = 0; index <= to; index += 1) {
          const phase = phases[index]!;
          if (facts.phaseEnteredAt[phase]) continue;
          facts.phaseEnteredAt[phase] = at;
          if (index < to) facts.phasesPassedOver!.push(phase);
        }
        break;
      }
      case eventTypes.stepChanged: {
        if (!scored) break;
        const stepId = str(p.stepId);
        const to = p.to as StepStatus;
        facts.stepStatus.set(stepId, to);
        if (to !== 'done') facts.stepsDoneAt.delete(stepId);
        else if (!facts.stepsDoneAt.has(stepId)) facts.stepsDoneAt.set(stepId, at);
        break;
      }
      case eventTypes.checklistSnapshotted:
        if (scored) addCritical(p.steps);
        break;
      case eventTypes.stepAdded:
        if (scored) addCritical([p.step]);
        break;
      case eventTypes.statusChanged: {
        const to = incidentStatuses.indexOf(p.to as IncidentStatus);
        if (!scored || to < 0) break;
        // Reaching a status reaches every one before it; moving back (a reversal) unreaches the later ones.
        incidentStatuses.forEach((status, index) => {
          if (index <= to) facts.statusReachedAt[status] ??= at;
          else delete facts.statusReachedAt[status];
        });
        break;
      }
      case eventTypes.commsSent:
        if (scored) facts.commsSent.push({ templateId: str(p.templateId), at });
        break;
    }
  }
  facts.criticalSteps = [...critical.values()];
  return facts;
}
