import { z } from 'zod';
import { text } from '../text';
import { incidentId } from './incident';

/** A value a playbook's commands need, declared by the playbook (`variables:`). */
export interface PlaybookVariable {
  /** As written in commands: `SHORT_NAME` for `{SHORT_NAME}`. */
  name: string;
  label: string;
  /** What a value looks like, shown in the empty field. */
  example: string;
  /** A regular expression the whole value must match, or null for any single line. */
  pattern: string | null;
}

/** One placeholder of an incident's commands, with the value stored on the incident if any. */
export interface IncidentVariable extends PlaybookVariable {
  value: string | null;
  /** How many checklist steps' commands use it. */
  usedBy: number;
}

export interface IncidentVariables {
  incidentId: string;
  variables: IncidentVariable[];
}

// Right-to-left overrides and isolates make a command read differently from what runs.
const directionControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const variableValue = text({ max: 200 }).refine((value) => !directionControls.test(value), { message: 'must not contain direction control characters (they make a command read differently from what runs)' });

export const setVariablesInput = z.strictObject({
  id: incidentId,
  /** NAME → value; an empty value clears it. Values are checked for secrets and refused, never redacted. */
  values: z
    .record(z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, { message: 'must be a placeholder name like SHORT_NAME' }), variableValue)
    .refine((values) => Object.keys(values).length > 0, { message: 'must name at least one variable' })
    .refine((values) => Object.keys(values).length <= 50, { message: 'must name at most 50 variables' }),
});
