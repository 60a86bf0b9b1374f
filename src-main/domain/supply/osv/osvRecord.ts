import { z } from 'zod';
import { supplyEcosystems, type AdvisorySeverity, type SupplyEcosystem } from '../../../contract';
import { packageKey } from '../packageNames';
import { advisorySeverity } from './osvSeverity';

/**
 * The parts of an OSV record (https://ossf.github.io/osv-schema/) that matching needs. Unknown
 * fields are allowed (the schema grows); what is read is checked, so one odd record is rejected
 * with a reason instead of breaking an import.
 */
const event = z.looseObject({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});

const range = z.looseObject({
  type: z.string(),
  events: z.array(event),
});

const affected = z.looseObject({
  package: z.looseObject({ ecosystem: z.string(), name: z.string() }).optional(),
  ranges: z.array(range).optional(),
  versions: z.array(z.string()).optional(),
});

export const osvRecordSchema = z.looseObject({
  id: z.string().min(1).max(200),
  modified: z.string().refine((value) => !Number.isNaN(Date.parse(value)), { message: 'must be an RFC 3339 date' }),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(z.looseObject({ type: z.string(), score: z.string() })).nullish(),
  affected: z.array(affected).nullish(),
  database_specific: z.record(z.string(), z.unknown()).nullish(),
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** One `affected[]` entry kept for matching: GIT ranges dropped, nothing else the audit does not read. */
export interface AffectedPackage {
  /** As the record writes it (`Debian:11`, `npm`). */
  ecosystem: string;
  name: string;
  ranges: { type: 'SEMVER' | 'ECOSYSTEM'; events: OsvEvent[] }[];
  versions: string[];
}

/** A record as the database keeps it. */
export interface StoredAdvisory {
  id: string;
  modified: string;
  published: string | null;
  withdrawn: string | null;
  summary: string;
  severity: AdvisorySeverity;
  /** Every id the record names as the same vulnerability (CVE, GHSA, PYSEC, GO…), sorted. */
  aliases: string[];
  affected: AffectedPackage[];
  /** Base ecosystem names the record covers (before any `:` variant), sorted. */
  ecosystems: string[];
  /** The known ecosystems' package keys it names, for the index. */
  packages: { ecosystem: SupplyEcosystem; key: string }[];
}

/**
 * The ecosystem an OSV ecosystem string belongs to: the schema lets a `:` suffix name a release
 * or variant (`Debian:11`, `Ubuntu:22.04:LTS`), which belongs to the same ecosystem.
 */
export function baseEcosystem(value: string): string {
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

export function knownEcosystem(value: string): SupplyEcosystem | null {
  const base = baseEcosystem(value);
  return (supplyEcosystems as readonly string[]).includes(base) ? (base as SupplyEcosystem) : null;
}

const summaryLimit = 500;

function summaryOf(record: OsvRecord): string {
  const text = record.summary?.trim() || record.details?.trim().split('\n')[0]?.trim() || '';
  return text.length > summaryLimit ? `${text.slice(0, summaryLimit - 1)}…` : text;
}

function eventOf(value: z.infer<typeof event>): OsvEvent | null {
  const fields: OsvEvent = {};
  for (const key of ['introduced', 'fixed', 'last_affected', 'limit'] as const) if (value[key] !== undefined) fields[key] = value[key];
  return Object.keys(fields).length === 1 ? fields : null;
}

/** Validates a parsed JSON value as an OSV record; a message naming the field when it is not one. */
export function readOsvRecord(value: unknown): { record: StoredAdvisory } | { error: string } {
  const parsed = osvRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'record';
    return { error: `not OSV: ${where}: ${issue.message}` };
  }
  const record = parsed.data;
  const affectedPackages: AffectedPackage[] = [];
  const ecosystems = new Set<string>();
  const packages = new Map<string, { ecosystem: SupplyEcosystem; key: string }>();
  for (const entry of record.affected ?? []) {
    if (!entry.package) continue;
    const ranges: AffectedPackage['ranges'] = [];
    for (const item of entry.ranges ?? []) {
      // GIT ranges name commits, which lockfiles do not record.
      if (item.type !== 'SEMVER' && item.type !== 'ECOSYSTEM') continue;
      const events = item.events.map(eventOf);
      // The schema: one field per event; a range with a malformed event cannot be read safely.
      if (events.some((e) => e === null)) return { error: `not OSV: affected ${entry.package.name}: a range event must have exactly one of introduced, fixed, last_affected, limit` };
      ranges.push({ type: item.type, events: events as OsvEvent[] });
    }
    affectedPackages.push({ ecosystem: entry.package.ecosystem, name: entry.package.name, ranges, versions: entry.versions ?? [] });
    ecosystems.add(baseEcosystem(entry.package.ecosystem));
    const known = knownEcosystem(entry.package.ecosystem);
    if (known) {
      const key = packageKey(known, entry.package.name);
      packages.set(`${known}\0${key}`, { ecosystem: known, key });
    }
  }
  return {
    record: {
      id: record.id,
      modified: record.modified,
      published: record.published ?? null,
      withdrawn: record.withdrawn ?? null,
      summary: summaryOf(record),
      severity: advisorySeverity(record),
      aliases: [...new Set(record.aliases ?? [])].filter((alias) => alias !== record.id).sort(),
      affected: affectedPackages,
      ecosystems: [...ecosystems].sort(),
      packages: [...packages.values()],
    },
  };
}

/** The aliases a finding shows: CVE and GHSA ids, as the contract's DepsFinding.aliases says. */
export function shownAliases(aliases: readonly string[]): string[] {
  return aliases.filter((alias) => /^(CVE|GHSA)-/.test(alias));
}

/** How far past the importing clock a `modified` may be: clocks and time zones drift, a day covers it. */
export const futureModifiedSlackMs = 24 * 60 * 60 * 1000;

/**
 * Why a record must not be stored, when its `modified` lies more than a day after `now`: such a
 * record would count as newer than every later copy of its id, so the real record from the next
 * OSV export could never replace it. Null when the date is plausible.
 */
export function futureModifiedReason(record: Pick<StoredAdvisory, 'modified'>, now: string): string | null {
  const modified = Date.parse(record.modified);
  const clock = Date.parse(now);
  if (Number.isNaN(modified) || Number.isNaN(clock) || modified <= clock + futureModifiedSlackMs) return null;
  return `modified ${record.modified} is more than a day after this machine's clock (${now}): refused, so that the real record of this id can still replace it`;
}
