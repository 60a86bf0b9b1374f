import type { Checklist, Incident, IncidentStatus, Phase } from '../../../src-main/contract';

// The contract's phase order; the renderer may import its types only.
const phaseOrder: readonly Phase[] = ['Identify', 'Triage', 'Contain', 'Eradicate', 'Recover', 'Learn'];

/** The last phase whose work a status claims is done: containment is the Contain phase, and so on. */
const phaseOfStatus: Record<Exclude<IncidentStatus, 'Active'>, Phase> = { Contained: 'Contain', Resolved: 'Recover', Closed: 'Learn' };

export interface OpenItems {
  /** Critical steps still open in the phases the new status claims (and the current one). */
  criticalSteps: { id: string; text: string; phase: Phase }[];
  acknowledged: boolean;
  /** A close needs a closing summary: what happened and how it ended. */
  summaryNeeded: boolean;
}

/** What is still open before an incident is marked Contained, Resolved or Closed: said in the confirmation. */
export function openItemsBefore(incident: Incident, checklist: Checklist | undefined, to: Exclude<IncidentStatus, 'Active'>): OpenItems {
  const last = Math.max(phaseOrder.indexOf(phaseOfStatus[to]), phaseOrder.indexOf(incident.currentPhase));
  const criticalSteps = (checklist?.steps ?? [])
    .filter((step) => step.critical && step.status === 'open' && phaseOrder.indexOf(step.phase) <= last)
    .map(({ id, text, phase }) => ({ id, text, phase }));
  return { criticalSteps, acknowledged: incident.acknowledgedAt !== null, summaryNeeded: to === 'Closed' };
}
