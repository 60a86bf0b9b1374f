import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { pageLimit } from '../incidents/paging';
import { formatInOffset, parseOccurredTime } from '../../domain/investigation/timeline/occurredTime';
import { text } from '../text';
import { techniqueIds, indicatorTags, indicatorId } from './indicators';
import { assetId } from './assets';

/**
 * When something happened, as the responder gives it: an ISO 8601 date-time with its offset
 * (`2026-11-30T09:15:00+02:00`, `…Z`). Stored in UTC; the offset as given is kept beside it.
 */
export const occurredAt = z
  .string({ error: 'must be an ISO date-time with its offset, like 2026-11-30T09:15:00+02:00 or 2026-11-30T07:15:00Z' })
  // One rule with the timeline files: what a CSV or JSON import reads, `--at` reads, with the same precise reasons.
  .transform((value, context) => {
    const parsed = parseOccurredTime(value);
    if (parsed.ok) return formatInOffset(parsed.utc, parsed.offset);
    context.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  });

/** What an entry, indicator, asset or finding is linked to: the investigation's cross-references. */
export const timelineLinksInput = z.strictObject({
  indicators: z.array(indicatorId).max(50).default([]),
  assets: z.array(assetId).max(50).default([]),
  techniques: techniqueIds.default([]),
  tags: indicatorTags.default([]),
});

export const addTimelineEntryInput = z.strictObject({
  incidentId,
  text: text({ min: 1, max: 4_000, multiline: true }),
  /** When it happened; the entry is recorded now. Omitted: it happened now. */
  at: occurredAt.optional(),
  /** A short kind for filtering, e.g. `initial-access`, `detection`, `exfiltration`. */
  category: text({ max: 60 }).default(''),
  links: timelineLinksInput.default({ indicators: [], assets: [], techniques: [], tags: [] }),
});

/** Links added to (or taken off) an entry already on the timeline, named by its hash or a prefix of it. */
export const tagTimelineEntryInput = z.strictObject({
  incidentId,
  hash: z
    .string({ error: 'must be an entry hash' })
    .trim()
    .regex(/^[0-9a-fA-F]{4,64}$/, { message: 'must be the hash of a timeline entry, or its first 4 or more hex characters as timeline list shows them' })
    .transform((value) => value.toLowerCase()),
  add: timelineLinksInput.default({ indicators: [], assets: [], techniques: [], tags: [] }),
  remove: timelineLinksInput.default({ indicators: [], assets: [], techniques: [], tags: [] }),
});

export const timelineSorts = ['occurred', 'recorded'] as const;
export type TimelineSort = (typeof timelineSorts)[number];

export const listInvestigationTimelineInput = z.strictObject({
  incidentId,
  sort: z.enum(timelineSorts, { error: `must be one of ${timelineSorts.join(', ')}` }).default('occurred'),
  indicator: indicatorId.optional(),
  asset: assetId.optional(),
  technique: z.string().regex(/^T\d{4}(\.\d{3})?$/i, { message: 'must be an ATT&CK technique id like T1059' }).transform((value) => value.toUpperCase()).optional(),
  tag: text({ min: 1, max: 60 }).optional(),
  actor: text({ min: 1, max: 120 }).optional(),
  /** Event types, e.g. `timeline.entry`, `indicator.added`, `incident.noteAdded`. */
  types: z.array(z.string().regex(/^[a-z][A-Za-z.-]{1,60}$/, { message: 'must be an event type like timeline.entry' })).max(50).optional(),
  limit: pageLimit.default(1_000),
});

export const exportTimelineInput = z.strictObject({
  incidentId,
  format: z.enum(['csv', 'json'], { error: 'must be csv or json' }),
  /** Written there (atomically) when given; else the text comes back. */
  output: text({ min: 1, max: 4_096 }).optional(),
});

export const importTimelineInput = z.strictObject({
  incidentId,
  /** A CSV file in the export's column set (see docs/timeline-csv.md). */
  path: text({ min: 1, max: 4_096 }),
});

export interface TimelineLinks {
  /** Indicator ids (I3) of the incident. */
  indicators: string[];
  /** Asset ids (S2). */
  assets: string[];
  techniques: string[];
  tags: string[];
}

/** A timeline entry with both clocks and its links. */
export interface InvestigationEntry {
  hash: string;
  type: string;
  summary: string;
  /** When it happened, UTC ISO-8601. For an entry recorded as it happened, its recorded time. */
  occurredAt: string;
  /** The offset it was given in (`+02:00`, `Z`), or null when it was recorded as it happened. */
  occurredOffset: string | null;
  /** When it was recorded on the timeline, UTC. */
  recordedAt: string;
  /** Added after the fact (occurredAt given, earlier than recordedAt). */
  retroactive: boolean;
  actor: string;
  category: string;
  links: TimelineLinks;
  /** For an entry imported from a timeline file: who recorded it there, and when (UTC). */
  imported?: { recordedAt: string; actor: string };
}

export interface InvestigationTimeline {
  entries: InvestigationEntry[];
  /** Entries matching the filters (entries holds at most `limit` of them, the first in the sort). */
  matched: number;
  /** Entries on the whole timeline. */
  total: number;
}

export interface TimelineExport {
  format: 'csv' | 'json';
  entries: number;
  /** The file written, or null when `text` holds the export. */
  path: string | null;
  text: string | null;
}

export interface TimelineImport {
  imported: number;
  /**
   * Each rejected row with its 1-based line; any rejection and nothing is imported. For a JSON export, `entry`
   * is the entry's position in `entries` (1-based), and `line` the same number, as it was before `entry` came.
   */
  rejected: { line: number; entry?: number; reason: string }[];
  /** Imported entries whose text, category or actor had a secret taken out. */
  redacted?: number;
}
