import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { text } from '../text';

export const actionStatuses = ['open', 'done'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** `A1`, `A2`… per incident. */
export const actionItemId = z.string({ error: 'must be an action item id' }).regex(/^A\d{1,6}$/, { message: 'must be an action item id like A3' });
/** A calendar date: action items are due on a day, not at an instant. */
export const dueDate = z.string({ error: 'must be a date' }).regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-12-24' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { message: 'is not a real calendar date' });

export const addActionInput = z.strictObject({
  incidentId,
  title: text({ min: 1, max: 300 }),
  owner: text({ max: 120 }).optional(),
  due: dueDate.optional(),
});

export const updateActionInput = z.strictObject({
  incidentId,
  itemId: actionItemId,
  title: text({ min: 1, max: 300 }).optional(),
  /** An empty string clears the owner. */
  owner: text({ max: 120 }).optional(),
  /** null clears the due date. */
  due: dueDate.nullable().optional(),
  status: z.enum(actionStatuses, { error: `must be one of ${actionStatuses.join(', ')}` }).optional(),
});

export const listActionsInput = z.strictObject({
  /** One incident's items (a drill's too); without it, every real incident's: a drill's follow-ups are practice. */
  incidentId: incidentId.optional(),
  status: z.enum(['open', 'all'], { error: 'must be open or all' }).default('open'),
});

/** A follow-up from the incident: prevention work, a fix to make, a runbook to change. */
export interface ActionItem {
  incidentId: string;
  /** The incident's title, for lists across incidents. */
  incidentTitle: string;
  id: string;
  title: string;
  owner: string;
  /** YYYY-MM-DD, or null. */
  due: string | null;
  status: ActionStatus;
  /** Open and due before today (in UTC). */
  overdue: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  doneAt: string | null;
  doneBy: string | null;
}
