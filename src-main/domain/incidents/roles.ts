import { incidentRoles, type IncidentRole, type IncidentRoles } from '../../contract';
import { eventTypes } from './incidentState';

interface RoleEvent {
  type: string;
  payload: Record<string, unknown>;
}

const isRole = (value: unknown): value is IncidentRole => typeof value === 'string' && (incidentRoles as readonly string[]).includes(value);

export function noRoles(): IncidentRoles {
  return { scribe: '', communications: '', operations: '' };
}

/**
 * Who holds each role, from the incident's events in projection order: the last write of a role
 * applies (the same on every laptop). Roles live in the events only, so a merge needs no projection.
 */
export function foldRoles(events: Iterable<RoleEvent>): IncidentRoles {
  const roles = noRoles();
  for (const event of events) {
    if (event.type === eventTypes.roleChanged && isRole(event.payload.role)) roles[event.payload.role] = String(event.payload.name ?? '');
  }
  return roles;
}

/** Who each step is assigned to, from its events in projection order; steps nobody holds are left out. */
export function foldAssignees(events: Iterable<RoleEvent>): Map<string, string> {
  const assignees = new Map<string, string>();
  for (const event of events) {
    if (event.type !== eventTypes.stepAssigned || typeof event.payload.stepId !== 'string') continue;
    const name = String(event.payload.assignee ?? '');
    if (name) assignees.set(event.payload.stepId, name);
    else assignees.delete(event.payload.stepId);
  }
  return assignees;
}
