import type { SupplyEcosystem } from '../../../contract';
import { packageKey } from '../packageNames';
import { knownEcosystem, type AffectedPackage, type OsvEvent, type StoredAdvisory } from './osvRecord';
import { ecosystemOrder, semverOrder, versionKey, type VersionOrder } from './versionOrder';

/** What one advisory says about one package version. */
export interface VersionMatch {
  /** The lowest `fixed` above the version, in the ecosystem's order, or null. */
  fixed: string | null;
}

const eventVersion = (event: OsvEvent) => event.introduced ?? event.fixed ?? event.last_affected ?? event.limit ?? '';

/**
 * The OSV schema's evaluation of one range (https://ossf.github.io/osv-schema/#evaluation):
 * events sorted by version, `introduced: "0"` below everything; walking them, an introduced at or
 * below the version turns "affected" on, a fixed at or below it (or a last_affected below it) turns
 * it off; `limit` events cap the range (`*` is no cap). An event whose version the order cannot
 * read is left out rather than guessed at.
 */
export function rangeAffects(events: OsvEvent[], version: string, order: VersionOrder): boolean {
  const readable = events.filter((event) => {
    const at = eventVersion(event);
    return (event.introduced === '0' || (event.limit === '*')) || order(at, at) !== null;
  });
  const limits = readable.filter((event) => event.limit !== undefined && event.limit !== '*');
  if (limits.length && !limits.some((event) => (order(version, event.limit!) ?? 0) < 0)) return false;
  const sorted = readable
    .filter((event) => event.limit === undefined)
    .sort((a, b) => {
      if (a.introduced === '0') return b.introduced === '0' ? 0 : -1;
      if (b.introduced === '0') return 1;
      return order(eventVersion(a), eventVersion(b)) ?? 0;
    });
  let affected = false;
  for (const event of sorted) {
    if (event.introduced !== undefined) {
      if (event.introduced === '0' || order(version, event.introduced)! >= 0) affected = true;
    } else if (event.fixed !== undefined) {
      if (order(version, event.fixed)! >= 0) affected = false;
    } else if (event.last_affected !== undefined) {
      if (order(version, event.last_affected)! > 0) affected = false;
    }
  }
  return affected;
}

function namesPackage(entry: AffectedPackage, ecosystem: SupplyEcosystem, key: string): boolean {
  return knownEcosystem(entry.ecosystem) === ecosystem && packageKey(ecosystem, entry.name) === key;
}

/**
 * Whether the advisory affects this package version, and its lowest fix above it. Withdrawn
 * records never match. A `versions` list matches by the ecosystem's equality (versionKey); a
 * version the ecosystem's order cannot read only matches such a list, its ranges cannot be evaluated.
 */
export function matchAdvisory(advisory: Pick<StoredAdvisory, 'withdrawn' | 'affected'>, ecosystem: SupplyEcosystem, name: string, version: string): VersionMatch | null {
  if (advisory.withdrawn) return null;
  const key = packageKey(ecosystem, name);
  const ecosystemSort = ecosystemOrder(ecosystem);
  const readable = ecosystemSort(version, version) !== null;
  const own = versionKey(ecosystem, version);
  let affected = false;
  const fixes: string[] = [];
  for (const entry of advisory.affected) {
    if (!namesPackage(entry, ecosystem, key)) continue;
    if (!affected && entry.versions.some((listed) => listed === version || versionKey(ecosystem, listed) === own)) affected = true;
    if (!readable) continue;
    for (const range of entry.ranges) {
      const order = range.type === 'SEMVER' ? semverOrder : ecosystemSort;
      if (order(version, version) === null) continue;
      if (rangeAffects(range.events, version, order)) affected = true;
      for (const event of range.events) if (event.fixed !== undefined && (order(event.fixed, version) ?? 0) > 0) fixes.push(event.fixed);
    }
  }
  if (!affected) return null;
  const fixed = fixes.reduce<string | null>((lowest, candidate) => (lowest === null || (ecosystemSort(candidate, lowest) ?? 0) < 0 ? candidate : lowest), null);
  return { fixed };
}
