import { AppError, phases, type Checklist, type ChecklistStep, type Incident, type ParsedInput, type PhaseProgress, type StepStatus } from '../../contract';
import { eventTypes, recoveredAfterPhase, type IncidentState } from '../../domain/incidents/incidentState';
import { fillPlaceholders } from '../../domain/playbooks/placeholders';
import { findStep, insertAdhocStep, insertStepNote, listStepNotes, listSteps, updateStepStatus, type StoredStep } from '../../store/checklistRepo';
import type { ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { toIncident } from '../incidents/incidentView';
import { assigneesOf, assignStep } from '../incidents/roles';
import { loadPlaybooks } from './playbooks';

/** Values for `{NAME}` placeholders in step commands. */
export function placeholderValues(state: IncidentState): Record<string, string> {
  return {
    INCIDENT_ID: state.id,
    SEVERITY: state.severity,
    DETECTED_AT: state.declaredAt,
    DECLARED_AT: state.declaredAt,
    DATE: state.declaredAt.slice(0, 10).replaceAll('-', ''),
    TITLE: state.title,
    COMMANDER: state.commander,
    SCENARIO: state.scenario,
  };
}

function toChecklistStep(step: StoredStep, values: Record<string, string>, notes: ChecklistStep['notes'], assignee: string): ChecklistStep {
  const filled = fillPlaceholders(step.command, values);
  return { ...step, filledCommand: filled.text, unfilledPlaceholders: filled.unfilled, notes, assignee };
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
  const values = placeholderValues(state);
  const notesByStep = new Map<string, ChecklistStep['notes']>();
  for (const note of listStepNotes(ctx.db, input.id)) {
    notesByStep.set(note.stepId, [...(notesByStep.get(note.stepId) ?? []), { at: note.at, actor: note.actor, text: note.text }]);
  }
  const assignees = assigneesOf(ctx, input.id);
  const steps = listSteps(ctx.db, input.id).map((step) => toChecklistStep(step, values, notesByStep.get(step.id) ?? [], assignees.get(step.id) ?? ''));
  const title = loadPlaybookTitle(ctx, state.id, state.playbookId);
  return { incidentId: state.id, playbookId: state.playbookId, playbookTitle: title, currentPhase: state.currentPhase, phases: phaseProgress(steps), steps };
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
  return toChecklistStep(step, placeholderValues(state), notes, assigneesOf(ctx, state.id).get(stepId) ?? '');
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
  return readStep(ctx, state, input.stepId);
}

export function addStep(ctx: ServiceContext, input: ParsedInput<'checklist.addStep'>): ChecklistStep {
  let stepId = '';
  const { state } = recordChange(ctx, input.id, (current) => {
    const existing = listSteps(ctx.db, input.id).filter((step) => step.adhoc).length;
    stepId = `adhoc-${existing + 1}`;
    const step = { id: stepId, phase: input.phase, text: input.text, detail: '', command: input.command, action: null, critical: input.critical };
    return { next: current, type: eventTypes.stepAdded, payload: { step }, write: () => insertAdhocStep(ctx.db, input.id, step) };
  });
  return readStep(ctx, state, stepId);
}

/** The responder moves the incident to the next phase (or a later one) when ready. */
export function advancePhase(ctx: ServiceContext, input: ParsedInput<'incident.advancePhase'>): Incident {
  const { state } = recordChange(ctx, input.id, (current, at) => {
    const from = phases.indexOf(current.currentPhase);
    const target = input.to ?? phases[from + 1];
    if (!target) throw new AppError('conflict', `${current.id} is already in the last phase (${current.currentPhase})`);
    if (phases.indexOf(target) <= from) throw new AppError('conflict', `phases only move forward: ${current.id} is in ${current.currentPhase}`);
    return {
      next: { ...current, currentPhase: target, recoveredAt: recoveredAfterPhase(current, target, at) },
      type: eventTypes.phaseAdvanced,
      payload: { from: current.currentPhase, to: target },
    };
  });
  return toIncident(ctx, state);
}
