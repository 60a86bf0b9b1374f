import type { IncidentRole } from '../src-main/contract';

// The contract's roles in its order; the renderer may import contract types only.
export const roleOrder: readonly IncidentRole[] = ['scribe', 'communications', 'operations'];

export const roleLabels: Record<IncidentRole, string> = {
  scribe: 'Scribe',
  communications: 'Communications lead',
  operations: 'Operations lead',
};

/** What each role does, for the bar's tooltips and the palette: a responder new to the roles knows whom to ask. */
export const roleDuties: Record<IncidentRole, string> = {
  scribe: 'keeps the timeline: notes what is seen, decided and done',
  communications: 'sends the status updates and answers stakeholders',
  operations: 'runs the hands-on work: commands, changes, rollbacks',
};
