import { z } from 'zod';
import { text } from '../text';
import { incidentId } from './incident';

/**
 * The roles an incident staffs beside its commander (who has `incident.setCommander`), as
 * incident.io, PagerDuty and FireHydrant name them: who writes the record, who talks to the
 * outside, who runs the hands-on work.
 */
export const incidentRoles = ['scribe', 'communications', 'operations'] as const;
export type IncidentRole = (typeof incidentRoles)[number];

/** Who holds each role now; an empty string is a role nobody holds. */
export type IncidentRoles = Record<IncidentRole, string>;

export const roleLabels: Record<IncidentRole, string> = {
  scribe: 'Scribe',
  communications: 'Communications lead',
  operations: 'Operations lead',
};

export const setRoleInput = z.strictObject({
  id: incidentId,
  role: z.enum(incidentRoles, { error: `must be one of ${incidentRoles.join(', ')}` }),
  /** Empty leaves the role unheld. */
  name: text({ max: 120 }),
  reason: text({ max: 2_000 }).optional(),
});

const stepId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a step id like revoke-credential' });

export const assignStepInput = z.strictObject({
  id: incidentId,
  stepId,
  /** Empty takes the step back from whoever had it. */
  assignee: text({ max: 120 }),
});
