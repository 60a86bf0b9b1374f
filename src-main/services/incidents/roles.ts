import { AppError, roleLabels, type ChecklistStep, type IncidentRoles, type ParsedInput } from '../../contract';
import { eventTypes } from '../../domain/incidents/incidentState';
import { foldAssignees, foldRoles } from '../../domain/incidents/roles';
import { listEventsOfTypes } from '../../store/eventLog';
import { findStep } from '../../store/checklistRepo';
import { incidentConflicts } from '../../store/dagStore';
import type { ServiceContext } from '../context';
import { recordChange } from './incidentChange';

export function rolesOf(ctx: ServiceContext, incidentId: string): IncidentRoles {
  return foldRoles(listEventsOfTypes(ctx.db, incidentId, [eventTypes.roleChanged]));
}

export function assigneesOf(ctx: ServiceContext, incidentId: string): Map<string, string> {
  return foldAssignees(listEventsOfTypes(ctx.db, incidentId, [eventTypes.stepAssigned]));
}

/** Writing a value two laptops set apart settles their conflict, even when it is the one that applies now. */
function settles(ctx: ServiceContext, incidentId: string, field: 'role' | 'assignee', key: string, value: string): boolean {
  return incidentConflicts(ctx.db, incidentId).some((conflict) => conflict.field === field && conflict.key === key && conflict.writes.some((write) => write.value === value));
}

/** A role changes hands (or is left unheld) on the timeline; a closed incident keeps the roles it ended with. */
export function setRole(ctx: ServiceContext, input: ParsedInput<'incident.setRole'>): IncidentRoles {
  recordChange(ctx, input.id, (current) => {
    if (current.status === 'Closed') throw new AppError('conflict', `${current.id} is closed: its roles stay as they ended`);
    const from = rolesOf(ctx, current.id)[input.role];
    const label = roleLabels[input.role];
    if (from === input.name && !settles(ctx, current.id, 'role', input.role, input.name)) {
      throw new AppError('conflict', input.name ? `${input.name} is already ${label} of ${current.id}` : `nobody is ${label} of ${current.id}`);
    }
    return { next: current, type: eventTypes.roleChanged, payload: { role: input.role, from, name: input.name, reason: input.reason ?? '' } };
  });
  return rolesOf(ctx, input.id);
}

/** A step gets an owner (or loses one); on the timeline, shown on the step. */
export function assignStep(ctx: ServiceContext, input: ParsedInput<'checklist.assign'>, read: (stepId: string) => ChecklistStep): ChecklistStep {
  recordChange(ctx, input.id, (current) => {
    const step = findStep(ctx.db, input.id, input.stepId);
    if (!step) throw new AppError('not-found', `no step '${input.stepId}' in the checklist of ${input.id}`);
    const from = assigneesOf(ctx, current.id).get(step.id) ?? '';
    if (from === input.assignee && !settles(ctx, current.id, 'assignee', step.id, input.assignee)) {
      throw new AppError('conflict', input.assignee ? `step '${step.text}' is already assigned to ${input.assignee}` : `step '${step.text}' is not assigned to anyone`);
    }
    return { next: current, type: eventTypes.stepAssigned, payload: { stepId: step.id, step: step.text, from, assignee: input.assignee } };
  });
  return read(input.stepId);
}
