/**
 * Phase gates: a playbook phase can declare required steps (`required: true` on a step). Moving
 * past the phase with one open asks for a reason (`incident.advancePhase`'s `reason`), recorded on
 * the timeline with the steps it left open.
 */
export interface PhaseGate {
  phase: string;
  /** Required steps of the phase still open: ids and texts. */
  open: { stepId: string; text: string }[];
}
