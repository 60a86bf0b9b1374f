import { AppError, phases, type Checklist, type ChecklistStep, type Incident, type ParsedInput, type PhaseGate, type PhaseProgress, type StepStatus } from '../../contract';
import { eventTypes, recoveredAfterPhase, type IncidentState } from '../../domain/incidents/incidentState';
import { fillCommand, unsafePlaceholders } from '../../domain/playbooks/placeholders';
import { findStep, insertAdhocStep, insertStepNote, listStepNotes, listSteps, updateStepStatus, type StoredStep } from '../../store/checklistRepo';
import type { ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { toIncident } from '../incidents/incidentView';
import { acknowledgeState } from '../incidents/incidents';
import { isOpenStatus } from '../../domain/incidents/status';
import { assigneesOf, assignStep } from '../incidents/roles';
import { loadPlaybooks } from './playbooks';
import { commandValues, incidentVariables, storedVariables } from './commandVariables';

function toChecklistStep(step: StoredStep, values: Record<string, string>, notes: ChecklistStep['notes'], assignee: string): ChecklistStep {
  const filled = fillCommand(step.command, values);
  return { ...step, filledCommand: filled.text, unfilledPlaceholders: filled.unfilled, commandParts: filled.parts, notes, assignee };
}

export function phaseProgress(steps: readonly { phase: string; status: StepStatus; critical: boolean }[]): PhaseProgress[] {
  return phases.map((phase) => {
    const inPhase = steps.filter((step) => step.phase === phase);
    const count = (status: StepStatus) => inPhase.filter((step) => step.status === status).length;
    return {
      phase,
      total: inPhase.length,
      done: count('done'),
      skipped: count('skipped'),
      na: count('na'),
      open: count('open'),
      criticalOpen: inPhase.filter((step) => step.critical && step.status === 'open').length,
    };
  });
}

export function getChecklist(ctx: ServiceContext, input: ParsedInput<'checklist.get'>): Checklist {
  const state = requireIncident(ctx, input.id);
  const stored = storedVariables(ctx, state.id);
  const values = commandValues(state, stored);
  const notesByStep = new Map<string, ChecklistStep['notes']>();
  for (const note of listStepNotes(ctx.db, input.id)) {
    notesByStep.set(note.stepId, [...(notesByStep.get(note.stepId) ?? []), { at: note.at, actor: note.actor, text: note.text }]);
  }
  const assignees = assigneesOf(ctx, input.id);
  const steps = listSteps(ctx.db, input.id).map((step) => toChecklistStep(step, values, notesByStep.get(step.id) ?? [], assignees.get(step.id) ?? ''));
  const title = loadPlaybookTitle(ctx, state.id, state.playbookId);
  return { incidentId: state.id, playbookId: state.playbookId, playbookTitle: title, currentPhase: state.currentPhase, phases: phaseProgress(steps), steps, variables: incidentVariables(ctx, state.id, stored), gates: phaseGates(steps) };
}

/** The title as snapshotted with the checklist (the playbook file may have changed since). */
function loadPlaybookTitle(ctx: ServiceContext, incidentId: string, playbookId: string): string {
  // The latest in projection order, the same on every laptop (seq is this laptop's arrival order).
  const stored = ctx.db
    .prepare<[string, string], { title: string | null }>(
      "SELECT json_extract(payload, '$.playbookTitle') AS title FROM events WHERE incident_id = ? AND type = ? ORDER BY lamport DESC, hash DESC LIMIT 1",
    )
    .get(incidentId, eventTypes.checklistSnapshotted);
  return stored?.title ?? loadPlaybooks(ctx).playbooks.find((playbook) => playbook.id === playbookId)?.title ?? playbookId;
}

/** One step as the UI shows it, without rebuilding the whole checklist. */
function readStep(ctx: ServiceContext, state: IncidentState, stepId: string): ChecklistStep {
  const step = findStep(ctx.db, state.id, stepId)!;
  const notes = listStepNotes(ctx.db, state.id, stepId).map(({ at, actor, text }) => ({ at, actor, text }));
  return toChecklistStep(step, commandValues(state, storedVariables(ctx, state.id)), notes, assigneesOf(ctx, state.id).get(stepId) ?? '');
}

export function assignChecklistStep(ctx: ServiceContext, input: ParsedInput<'checklist.assign'>): ChecklistStep {
  return assignStep(ctx, input, (stepId) => readStep(ctx, requireIncident(ctx, input.id), stepId));
}

const changeTo: Record<'done' | 'reopen' | 'skip' | 'na', StepStatus> = { done: 'done', reopen: 'open', skip: 'skipped', na: 'na' };

/** Tick, reopen, skip (with a reason), mark not applicable, or annotate one step; each is a timeline event. */
export function changeStep(ctx: ServiceContext, input: ParsedInput<'checklist.change'>): ChecklistStep {
  const { state } = recordChange(ctx, input.id, (current, at, actor) => {
    const step = findStep(ctx.db, input.id, input.stepId);
    if (!step) throw new AppError('not-found', `no step '${input.stepId}' in the checklist of ${input.id}`);
    if (input.change === 'note') {
      return {
        next: current,
        type: eventTypes.stepNoted,
        payload: { stepId: step.id, step: step.text, text: input.text },
        write: () => insertStepNote(ctx.db, input.id, step.id, at, actor, input.text),
      };
    }
    const to = changeTo[input.change];
    if (step.status === to) throw new AppError('conflict', `step '${step.text}' is already ${to === 'na' ? 'not applicable' : to}`);
    const reason = input.change === 'skip' || input.change === 'na' ? input.reason : '';
    return {
      next: current,
      type: eventTypes.stepChanged,
      payload: { stepId: step.id, step: step.text, from: step.status, to, reason },
      write: () => updateStepStatus(ctx.db, input.id, step.id, to, reason, at, actor),
    };
  });
  // A step that stands for acknowledging does it: ticking "Acknowledge the alert" stops the response SLA.
  if (input.change === 'done' && findStep(ctx.db, input.id, input.stepId)?.action?.type === 'acknowledge' && !state.acknowledgedAt && isOpenStatus(state.status)) {
    return readStep(ctx, acknowledgeState(ctx, input.id), input.stepId);
  }
  return readStep(ctx, state, input.stepId);
}

export function addStep(ctx: ServiceContext, input: ParsedInput<'checklist.addStep'>): ChecklistStep {
  // As in a playbook file: a value could not be quoted there, so the placeholder would never fill.
  const unsafe = unsafePlaceholders(input.command)[0];
  if (unsafe) throw new AppError('invalid-input', `the command has {${unsafe.name}} ${unsafe.context}: write it bare, the console quotes each value so it stays one argument`, [{ field: 'command', message: `{${unsafe.name}} ${unsafe.context}` }]);
  let stepId = '';
  const { state } = recordChange(ctx, input.id, (current) => {
    const existing = listSteps(ctx.db, input.id).filter((step) => step.adhoc).length;
    stepId = `adhoc-${existing + 1}`;
    const step = { id: stepId, phase: input.phase, text: input.text, detail: '', command: input.command, action: null, critical: input.critical };
    return { next: current, type: eventTypes.stepAdded, payload: { step }, write: () => insertAdhocStep(ctx.db, input.id, step) };
  });
  return readStep(ctx, state, stepId);
}

/** Each phase's required steps still open: a playbook's critical steps and ad-hoc ones added as critical. */
export function phaseGates(steps: readonly Pick<StoredStep, 'id' | 'phase' | 'text' | 'status' | 'critical'>[]): PhaseGate[] {
  return phases.map((phase) => ({ phase, open: steps.filter((step) => step.phase === phase && step.critical && step.status === 'open').map((step) => ({ stepId: step.id, text: step.text })) }));
}

const stepsWord = (count: number) => `${count} required step${count === 1 ? '' : 's'}`;

/**
 * The responder moves the incident to the next phase (or a later one) when ready. Moving past a
 * phase (the current one and any skipped) with required steps open asks for a reason, recorded
 * with the steps left open, so the record says the gate was passed knowingly.
 */
export function advancePhase(ctx: ServiceContext, input: ParsedInput<'incident.advancePhase'>): Incident {
  const { state } = recordChange(ctx, input.id, (current, at) => {
    const from = phases.indexOf(current.currentPhase);
    const target = input.to ?? phases[from + 1];
    if (!target) throw new AppError('conflict', `${current.id} is already in the last phase (${current.currentPhase})`);
    if (phases.indexOf(target) <= from) throw new AppError('conflict', `phases only move forward: ${current.id} is in ${current.currentPhase}`);
    const passed = new Set<string>(phases.slice(from, phases.indexOf(target)));
    const gates = phaseGates(listSteps(ctx.db, input.id)).filter((gate) => passed.has(gate.phase) && gate.open.length > 0);
    const reason = input.reason ?? '';
    if (gates.length > 0 && reason === '') {
      const open = gates.map((gate) => `${gate.phase} has ${stepsWord(gate.open.length)} open: ${gate.open.map((step) => step.text).join('; ')}`).join('. ');
      throw new AppError('conflict', `${open}. Give a reason to move on anyway`, [{ field: 'reason', message: 'is required to move past required steps still open' }]);
    }
    const openRequired = gates.flatMap((gate) => gate.open.map((step) => ({ stepId: step.stepId, text: step.text, phase: gate.phase })));
    return {
      next: { ...current, currentPhase: target, recoveredAt: recoveredAfterPhase(current, target, at) },
      type: eventTypes.phaseAdvanced,
      payload: { from: current.currentPhase, to: target, ...(reason ? { reason } : {}), ...(openRequired.length ? { openRequired } : {}) },
    };
  });
  return toIncident(ctx, state);
}
