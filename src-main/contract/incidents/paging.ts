import { z } from 'zod';
import { text } from '../text';
import { incidentId, incidentStatuses, type Incident, type TimelineEntry } from './incident';

// Cursors are opaque to callers; the service reads them back, so only their outer shape is checked here.
export const pageCursor = z
  .string({ error: 'must be a cursor string from a previous page' })
  .max(1_000, { message: 'is not a cursor from a previous page' })
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'is not a cursor from a previous page' });

export const pageLimit = z.number({ error: 'must be a whole number from 1 to 1000' }).int({ message: 'must be a whole number from 1 to 1000' }).min(1, { message: 'must be at least 1' }).max(1_000, { message: 'must be at most 1000' });

// Compared with stored declaration times, which are UTC ISO-8601 with milliseconds: normalised to that form.
const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO date-time like 2026-11-23T14:15:02Z' })
  .transform((value) => new Date(value).toISOString());

export const listIncidentsInput = z.strictObject({
  scope: z.enum(['open', 'all']).default('open'),
  /** Real incidents, or drill incidents: never both in one list or total. */
  kind: z.enum(['real', 'drill'], { error: 'must be real or drill' }).default('real'),
  /** Rows per page; without it, every matching row in one answer (as before paging existed). */
  limit: pageLimit.optional(),
  /** Exactly the `nextCursor` of the previous page. */
  cursor: pageCursor.optional(),
  /** Case-insensitive substring of the id or the title. */
  text: text({ max: 200 }).optional(),
  /** Only these statuses (within the scope); an empty list matches nothing, like `severity`'s. */
  status: z.array(z.enum(incidentStatuses, { error: `must be one of ${incidentStatuses.join(', ')}` })).max(incidentStatuses.length).optional(),
  /** Severity level ids of any scheme (`P1`, `SEV-2`), matched without regard to case. */
  severity: z
    .array(z.string().trim().min(1, { message: 'must not be empty' }).max(32, { message: 'must be at most 32 characters' }).regex(/^[A-Za-z0-9-]+$/, { message: 'must be a severity level id like P1' }))
    .max(64)
    .optional(),
  /** Declared at or after this instant. */
  declaredFrom: instant.optional(),
  /** Declared before this instant. */
  declaredTo: instant.optional(),
});

/** One page of the incident list, most urgent first. */
export interface IncidentPage {
  incidents: Incident[];
  /** Every incident matching scope and filters, whatever the cursor and limit. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export const getIncidentInput = z.strictObject({
  id: incidentId,
  /** Only the newest N timeline entries (still oldest first); `timelineCursor` then pages back through `incident.timeline`. */
  timelineLimit: pageLimit.optional(),
});

export const timelineInput = z
  .strictObject({
    id: incidentId,
    limit: pageLimit.default(200),
    /** Entries older than this cursor: the newest `limit` of them. */
    before: pageCursor.optional(),
    /** Entries this laptop stored after this cursor (a `newerCursor` or `timelineNewerCursor`): the first `limit` it stored, in timeline order. */
    after: pageCursor.optional(),
  })
  .refine((input) => input.before === undefined || input.after === undefined, { message: 'give `before` or `after`, not both', path: ['after'] });

export interface TimelinePage {
  /** Oldest first. */
  entries: TimelineEntry[];
  /** Every entry of the incident's timeline. */
  total: number;
  /** Pass as `before` for the entries older than these; null when there are none. */
  olderCursor: string | null;
  /**
   * Pass as `after` to get what is added later: names the newest entry returned by the order this
   * laptop stored them (for the newest page, every entry stored so far; echoes `after`, or is the
   * start, when nothing is returned). An entry merged later from another laptop comes after it
   * even when it belongs earlier in the timeline: place entries by `position`.
   */
  newerCursor: string;
}
