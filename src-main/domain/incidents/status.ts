import { AppError, incidentStatuses, type IncidentStatus } from '../../contract';

/**
 * Incidents move forward (a status may be skipped: an incident can be resolved without a separate
 * containment). A status set by mistake may be moved back, but only with a reason, so the
 * timeline says why the record changed its mind.
 */
export function assertTransition(from: IncidentStatus, to: IncidentStatus, reason = ''): 'forward' | 'back' {
  const fromIndex = incidentStatuses.indexOf(from);
  const toIndex = incidentStatuses.indexOf(to);
  if (toIndex === fromIndex) throw new AppError('conflict', `the incident is already ${to}`);
  if (toIndex > fromIndex) return 'forward';
  if (!reason.trim()) {
    throw new AppError('invalid-input', `moving an incident from ${from} back to ${to} needs a reason (say why ${from} was set by mistake)`);
  }
  return 'back';
}

export function isOpenStatus(status: IncidentStatus): boolean {
  return status === 'Active' || status === 'Contained';
}
