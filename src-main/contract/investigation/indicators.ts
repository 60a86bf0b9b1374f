import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { text } from '../text';
import { techniqueId } from './attack';

/** What an indicator (observable) can be; `text` is anything else worth recording. */
export const indicatorTypes = ['ip', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'file-path', 'account', 'process', 'registry-key', 'text'] as const;
export type IndicatorType = (typeof indicatorTypes)[number];

/** Traffic Light Protocol 2.0 markings, least to most restricted. */
export const tlpLevels = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof tlpLevels)[number];

/** Where an indicator came from: typed in (or pasted), or taken from a finding of a scan. */
export const indicatorSourceKinds = ['manual', 'import', 'secret-finding', 'log-finding', 'log-aggregate'] as const;
export type IndicatorSourceKind = (typeof indicatorSourceKinds)[number];

/** `I1`, `I2`…: an incident's indicators numbered in timeline order (the value is the identity). */
export const indicatorId = z.string({ error: 'must be an indicator id' }).regex(/^I\d{1,6}$/, { message: 'must be an indicator id like I3' });

const tlp = z.enum(tlpLevels, { error: `must be one of ${tlpLevels.join(', ')}` });
const indicatorType = z.enum(indicatorTypes, { error: `must be one of ${indicatorTypes.join(', ')}` });
const seenAt = z.iso.datetime({ offset: true, message: 'must be an ISO date-time with its offset, like 2026-11-23T14:15:02+01:00' }).transform((value) => new Date(value).toISOString());
const tag = text({ min: 1, max: 60 }).refine((value) => !/[,;\s]/.test(value), { message: 'must be one word (no spaces, commas or semicolons)' });
export const indicatorTags = z.array(tag, { error: 'must be a list of tags' }).max(20, { message: 'must hold at most 20 tags' });
export const techniqueIds = z.array(techniqueId, { error: 'must be a list of technique ids' }).max(20, { message: 'must hold at most 20 techniques' });

const source = z.strictObject({
  kind: z.enum(indicatorSourceKinds, { error: `must be one of ${indicatorSourceKinds.join(', ')}` }),
  /** What it came from: a finding id, a log scan id and address; empty for manual. */
  ref: text({ max: 200 }).default(''),
});

export const addIndicatorInput = z.strictObject({
  incidentId,
  /** As typed or pasted: defanged forms (hxxps://, [.], [@]) are accepted and stored refanged. */
  value: text({ min: 1, max: 2_000 }),
  /** Detected from the value when omitted. */
  type: indicatorType.optional(),
  tlp: tlp.default('amber'),
  firstSeen: seenAt.optional(),
  lastSeen: seenAt.optional(),
  source: source.default({ kind: 'manual', ref: '' }),
  note: text({ max: 2_000, multiline: true }).default(''),
  tags: indicatorTags.default([]),
  techniques: techniqueIds.default([]),
});

/** A pasted list or a file's text: one indicator per line (blank lines and `#` comments skipped). */
export const importIndicatorsInput = z.strictObject({
  incidentId,
  text: z.string({ error: 'must be text' }).max(5_000_000, { message: 'must be at most 5 MB: split the list' }),
  tlp: tlp.default('amber'),
  tags: indicatorTags.default([]),
  /** Classify only: nothing is stored (the paste preview). */
  dryRun: z.boolean({ error: 'must be true or false' }).default(false),
});

export const updateIndicatorInput = z.strictObject({
  incidentId,
  indicatorId,
  tlp: tlp.optional(),
  note: text({ max: 2_000, multiline: true }).optional(),
  tags: indicatorTags.optional(),
  techniques: techniqueIds.optional(),
  firstSeen: seenAt.nullable().optional(),
  lastSeen: seenAt.nullable().optional(),
});

export const listIndicatorsInput = z.strictObject({
  incidentId,
  type: indicatorType.optional(),
  tag: tag.optional(),
  technique: techniqueId.optional(),
});

export interface Indicator {
  id: string;
  type: IndicatorType;
  /** Refanged and normalised (lower-case domains and hashes): the identity with `type`. Never link it. */
  value: string;
  /** The safe form (`hxxps://evil[.]example`, `203.0.113[.]7`, `a[@]b[.]com`): what every copy and export shows. */
  defanged: string;
  tlp: Tlp;
  firstSeen: string | null;
  lastSeen: string | null;
  source: { kind: IndicatorSourceKind; ref: string };
  note: string;
  tags: string[];
  techniques: string[];
  /** How many times it was added: a duplicate merges into the first. */
  sightings: number;
  addedAt: string;
  addedBy: string;
  updatedAt: string;
}

/** The answer of `ioc.add`: the indicator as held after the add (merged when it was a duplicate). */
export interface IndicatorAdded extends Indicator {
  /** Only when the add merged into a duplicate marked stricter than the TLP asked: that stricter marking is kept (change it with `ioc.update`). */
  tlpKept?: { held: Tlp; asked: Tlp };
}

export interface IndicatorRejection {
  /** 1-based line of the pasted text. */
  line: number;
  /** The line, defanged and cut to 200 characters. */
  text: string;
  reason: string;
}

export interface IndicatorImport {
  /** Lines that gave an indicator. */
  accepted: number;
  /** New indicators stored (or that would be, with dryRun). */
  added: number;
  /** Lines that merged into an indicator already held or given earlier in the list. */
  merged: number;
  byType: Partial<Record<IndicatorType, number>>;
  rejected: IndicatorRejection[];
  /** With dryRun: each accepted line's classification, in order (at most 2,000). */
  preview: { line: number; type: IndicatorType; value: string; defanged: string; duplicate: boolean }[];
}
