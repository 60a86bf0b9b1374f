import { AppError, incidentStatuses, type IncidentStatus } from '../../contract';

/** Incidents only move forward; a step may be skipped (an incident can be resolved without a separate containment). */
export function assertTransition(from: IncidentStatus, to: IncidentStatus): void {
  const fromIndex = incidentStatuses.indexOf(from);
  const toIndex = incidentStatuses.indexOf(to);
  if (toIndex === fromIndex) throw new AppError('conflict', `the incident is already ${to}`);
  if (toIndex < fromIndex) {
    throw new AppError('conflict', `cannot move an incident from ${from} back to ${to}: status only moves forward (Active → Contained → Resolved → Closed)`);
  }
}

export function isOpenStatus(status: IncidentStatus): boolean {
  return status === 'Active' || status === 'Contained';
}
