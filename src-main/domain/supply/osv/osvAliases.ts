import { advisorySeverities, type AdvisorySeverity } from '../../../contract';
import { shownAliases } from './osvRecord';
import type { VersionOrder } from './versionOrder';

/** One advisory found to affect one package version. */
export interface AdvisoryHit {
  id: string;
  /** Every alias the record names (CVE, GHSA, PYSEC, GO…). */
  aliases: string[];
  severity: AdvisorySeverity;
  summary: string;
  fixed: string | null;
}

/** One vulnerability affecting that version, however many records hold it. */
export interface MergedHit {
  id: string;
  /** CVE and GHSA ids of the vulnerability other than `id`, sorted. */
  aliases: string[];
  severity: AdvisorySeverity;
  summary: string;
  fixed: string | null;
}

/**
 * Which record's id names the merged finding. GHSA ids first, then CVE ids: the GHSA record is
 * the one every ecosystem's OSV data shares (PyPI's PYSEC-, Go's GO- records alias it) and carries
 * GitHub's severity, and responders search advisories and scanners' output by GHSA/CVE. Ties by
 * the smallest id, so the same database always gives the same id.
 */
function idRank(id: string): number {
  if (id.startsWith('GHSA-')) return 0;
  if (id.startsWith('CVE-')) return 1;
  return 2;
}

const byPreference = (a: AdvisoryHit, b: AdvisoryHit) => idRank(a.id) - idRank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Groups the hits on one package version into vulnerabilities: two records are one vulnerability
 * when either names the other, or both name a common alias (OSV's aliases, followed transitively,
 * as osv.dev groups them). Each group is reported once, under the preferred record's id, with:
 * - aliases: the CVE and GHSA ids of the whole group;
 * - severity: the preferred record's, or when it has none the most severe the others give;
 * - summary: the preferred record's, or the first other one that has one;
 * - fixed: the highest fix any record names (upgrading to it clears every record of the group),
 *   null only when no record names one.
 */
export function mergeAliasedHits(hits: AdvisoryHit[], order: VersionOrder): MergedHit[] {
  const parent = hits.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  const owner = new Map<string, number>();
  hits.forEach((hit, index) => {
    for (const name of [hit.id, ...hit.aliases]) {
      const seen = owner.get(name);
      if (seen === undefined) owner.set(name, index);
      else parent[root(index)] = root(seen);
    }
  });
  const groups = new Map<number, AdvisoryHit[]>();
  hits.forEach((hit, index) => {
    const group = groups.get(root(index)) ?? [];
    group.push(hit);
    groups.set(root(index), group);
  });
  return [...groups.values()].map((group) => {
    const [chosen, ...others] = group.sort(byPreference) as [AdvisoryHit, ...AdvisoryHit[]];
    const names = new Set(group.flatMap((hit) => [hit.id, ...hit.aliases]));
    names.delete(chosen.id);
    const known = group.map((hit) => hit.severity).filter((severity) => severity !== 'unknown');
    const severity = chosen.severity !== 'unknown' || !known.length ? chosen.severity : known.sort((a, b) => advisorySeverities.indexOf(a) - advisorySeverities.indexOf(b))[0]!;
    const fixed = group.reduce<string | null>((highest, hit) => (hit.fixed === null ? highest : highest === null || (order(hit.fixed, highest) ?? 0) > 0 ? hit.fixed : highest), null);
    return { id: chosen.id, aliases: shownAliases([...names].sort()), severity, summary: chosen.summary || others.find((hit) => hit.summary)?.summary || '', fixed };
  });
}
