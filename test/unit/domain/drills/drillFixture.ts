import type { DrillScenario, DrillScore, Phase, StepStatus } from '../../../../src-main/contract';
import { clockChange, type ClockChange } from '../../../../src-main/domain/drills/drillClock';
import { readDrillFacts, type DrillEvent, type DrillFacts } from '../../../../src-main/domain/drills/drillFacts';
import { scoreDrill } from '../../../../src-main/domain/drills/drillScore';

/** A drill's timeline written by hand: every time is a wall minute after t0, and the clock moves only when told. */

export const incidentId = 'INC-20261123-0001';
export const t0 = Date.parse('2026-11-23T14:00:00.000Z');
export const wallMs = (minutes: number): number => t0 + minutes * 60_000;
export const wall = (minutes: number): string => new Date(wallMs(minutes)).toISOString();
export const sla = 15;

export function drillScenario(): DrillScenario {
  return {
    id: 'leaked-key-drill',
    title: 'Leaked key on a public repository',
    summary: 'A cloud key was pushed to a public repository.',
    severity: 'P1',
    playbook: 'secret-leaked',
    situation: 'A scanner reports an AWS key in a public commit.\nIt was pushed 20 minutes ago.',
    objectives: [
      { id: 'respond', title: 'Respond fast' },
      { id: 'contain', title: 'Contain the leak' },
      { id: 'communicate', title: 'Keep people informed' },
    ],
    injects: [
      { id: 'new-ip', title: 'The attacker IP changed', body: 'Calls now come from 203.0.113.9.', trigger: { minute: 10 }, note: 'Do they block by key, not IP?' },
      { id: 'legal-asks', title: 'Legal asks about customer data', body: 'Did customer data leave?', trigger: { phase: 'Contain' }, note: 'Good: check the access logs.' },
      { id: 'ci-token', title: 'The CI token was used abroad', body: 'A login from a new country.', trigger: { step: 'revoke-key' }, note: 'A second secret.' },
      { id: 'press', title: 'A journalist calls', body: 'They have the commit.', trigger: { minute: 45 }, note: 'Only the comms lead speaks.' },
    ],
    expected: [
      { id: 'ack', title: 'Acknowledge the alert', objective: 'respond', done: { acknowledge: true }, by: 'sla', points: 20 },
      { id: 'revoke', title: 'Revoke the key', objective: 'contain', done: { step: 'revoke-key' }, by: 30, points: 30 },
      { id: 'contain', title: 'Enter Contain', objective: 'contain', done: { phase: 'Contain' }, by: 40, points: 10 },
      { id: 'contained', title: 'Mark the incident contained', objective: 'contain', done: { status: 'Contained' }, by: 60, points: 10 },
      { id: 'notify', title: 'Notify internally', objective: 'communicate', done: { comms: 'internal-notification' }, by: 25, points: 20 },
    ],
    criticalSteps: { objective: 'contain', points: 15 },
    questions: [
      { id: 'q-rotate', text: 'Who can rotate the key at night?' },
      { id: 'q-pipe', text: 'Which | table | breaks?' },
    ],
    facilitatorNotes: 'Watch who owns the key.',
    origin: 'shipped',
  };
}

const playbookSteps = [
  { id: 'acknowledge', phase: 'Identify', text: 'Acknowledge the alert', critical: false },
  { id: 'revoke-key', phase: 'Contain', text: 'Revoke the leaked key', critical: true },
  { id: 'rotate-key', phase: 'Contain', text: 'Rotate dependent keys', critical: true },
  { id: 'scan-history', phase: 'Eradicate', text: 'Scan the git history', critical: false },
];

export class DrillLog {
  readonly events: DrillEvent[] = [];

  constructor(readonly scenario: DrillScenario = drillScenario()) {}

  add(type: string, minute: number, payload: Record<string, unknown>, actor = 'ana'): this {
    this.events.push({ type, at: wall(minute), actor, payload });
    return this;
  }

  /** Declares the drill incident: the declared event, the checklist snapshot, drill.started. */
  declare(minute = 0): this {
    this.add('incident.declared', minute, { title: this.scenario.title, severity: 'P1', responseMinutes: sla, kind: 'drill' }, 'fac');
    this.add('checklist.snapshotted', minute, { playbookId: 'secret-leaked', reason: 'declared', steps: playbookSteps }, 'fac');
    return this.add('drill.started', minute, { drillId: this.scenario.id, scenario: this.scenario }, 'fac');
  }

  changes(): ClockChange[] {
    return readDrillFacts(incidentId, this.events).clock;
  }

  clock(action: ClockChange['action'], minute: number, speed?: number): this {
    const change = clockChange(this.changes(), { action, speed }, wallMs(minute));
    return this.add('drill.clock', minute, { action: change.action, speed: change.speed, elapsedMs: change.elapsedMs }, 'fac');
  }

  ack(minute: number, actor = 'ana'): this {
    return this.add('incident.acknowledged', minute, {}, actor);
  }

  phase(minute: number, from: Phase, to: Phase): this {
    return this.add('incident.phaseAdvanced', minute, { from, to });
  }

  step(minute: number, stepId: string, to: StepStatus, from: StepStatus = 'open', actor = 'ana'): this {
    return this.add('checklist.stepChanged', minute, { stepId, step: stepId, from, to, reason: to === 'skipped' || to === 'na' ? 'no time' : '' }, actor);
  }

  status(minute: number, to: string): this {
    return this.add('incident.statusChanged', minute, { from: 'Active', to });
  }

  comms(minute: number, templateId: string, actor = 'bo'): this {
    return this.add('comms.sent', minute, { templateId, title: templateId, body: '…' }, actor);
  }

  inject(minute: number, injectId: string, action: 'fired' | 'skipped', drillMinute: number, by: 'clock' | 'trigger' | 'facilitator' = 'clock'): this {
    const inject = this.scenario.injects.find((candidate) => candidate.id === injectId)!;
    return this.add('drill.injected', minute, { injectId, action, title: inject.title, body: action === 'fired' ? inject.body : '', minute: drillMinute, by }, 'fac');
  }

  answer(minute: number, questionId: string, answer: string): this {
    const question = this.scenario.questions.find((candidate) => candidate.id === questionId)!;
    return this.add('drill.answered', minute, { questionId, question: question.text, answer });
  }

  /** As the service finishes a drill: the final clock reading and the score as of that moment. */
  finish(minute: number): this {
    const change = clockChange(this.changes(), { action: 'finish' }, wallMs(minute));
    const facts = this.facts();
    // Scored as finished: an action whose deadline is still ahead is missed, not pending.
    const final: DrillFacts = { ...facts, clock: [...facts.clock, change], finished: { at: change.at, score: null as unknown as DrillScore } };
    const score = scoreDrill(final, sla, wallMs(minute));
    return this.add('drill.finished', minute, { elapsedMs: change.elapsedMs, score: { ...score } }, 'fac');
  }

  facts(): DrillFacts {
    return readDrillFacts(incidentId, this.events);
  }
}
