import type { AdvisorySeverity, AdvisoryStatus, DepsFinding, LockChange, LockDiff, LockSuspicion, LockSuspicionKind, SupplyCheckKind } from '../../../src-main/contract';

/** Most severe first: the order a responder works the list in. */
export const severityOrder: readonly AdvisorySeverity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

export interface SeverityGroup {
  severity: AdvisorySeverity;
  findings: DepsFinding[];
}

/** Findings in one group per severity that has any, critical first; each group keeps the server's order. */
export function groupBySeverity(findings: readonly DepsFinding[]): SeverityGroup[] {
  const bySeverity = new Map<AdvisorySeverity, DepsFinding[]>(severityOrder.map((severity) => [severity, []]));
  // A severity the contract does not know yet is still shown, as unknown.
  for (const finding of findings) (bySeverity.get(finding.severity) ?? bySeverity.get('unknown')!).push(finding);
  return severityOrder.map((severity) => ({ severity, findings: bySeverity.get(severity)! })).filter((group) => group.findings.length > 0);
}

/** `2 critical · 1 high · 4 medium`: the count per severity, most severe first, zeros left out. */
export function severityCounts(groups: readonly SeverityGroup[]): string {
  return groups.map((group) => `${group.findings.length.toLocaleString('en-US')} ${group.severity}`).join(' · ');
}

/** What to upgrade to; "no fix yet" says there is nothing to upgrade to, rather than an empty cell. */
export function fixedText(fixed: string | null): string {
  return fixed ?? 'no fix yet';
}

/** The OSV id with its CVE and GHSA aliases: responders search for whichever one their tracker uses. */
export function advisoryText(finding: Pick<DepsFinding, 'advisory' | 'aliases'>): string {
  const others = finding.aliases.filter((alias) => alias !== finding.advisory);
  return others.length ? `${finding.advisory} (${others.join(', ')})` : finding.advisory;
}

/** `express › body-parser › qs`; a direct dependency is just its name. */
export function pathText(path: readonly string[]): string {
  return path.join(' › ');
}

/** How the package got in, one chain a line; the lockfile's silence said as such. */
export function pathsText(paths: readonly (readonly string[])[]): string[] {
  return paths.length ? paths.map(pathText) : ['(the lockfile does not record what pulls it in)'];
}

/** Lines of a paths field: trimmed, blank lines dropped. */
export function pathLines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

export const checkKindLabels: Record<SupplyCheckKind, string> = {
  deps: 'Dependency audit',
  lockdiff: 'Lockfile drift',
  integrity: 'Integrity',
  'sbom-diff': 'SBOM diff',
};

export const suspicionLabels: Record<LockSuspicionKind, string> = {
  'resolved-host-changed': 'resolved host changed',
  'install-script-added': 'install script added',
  typosquat: 'typosquat-like name',
  'integrity-changed': 'checksum changed',
  'version-downgraded': 'version went down',
};

/** The advisory database in one line, or what to do when it is empty. */
export function advisoryStatusText(status: AdvisoryStatus): string {
  if (status.advisories === 0) return 'No advisories imported: import an OSV all.zip or folder.';
  const ecosystems = Object.entries(status.byEcosystem)
    .filter(([, count]) => (count ?? 0) > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ecosystem, count]) => `${ecosystem} ${(count ?? 0).toLocaleString('en-US')}`)
    .join(', ');
  const withdrawn = status.withdrawn ? `, ${status.withdrawn.toLocaleString('en-US')} withdrawn (never matched)` : '';
  const last = status.lastImport ? ` Last import ${status.lastImport.at.slice(0, 10)} from ${status.lastImport.source}.` : '';
  const newest = status.newestModified ? ` Newest record ${status.newestModified.slice(0, 10)}.` : '';
  return `${status.advisories.toLocaleString('en-US')} advisories${ecosystems ? ` (${ecosystems})` : ''}${withdrawn}.${last}${newest}`;
}

/** A change row's versions: `1.2.0 → 1.3.0`, `new 2.0.0`, `was 1.0.0`. */
export function changeText(change: Pick<LockChange, 'from' | 'to'>): string {
  if (change.from === null) return `new ${change.to ?? ''}`.trim();
  if (change.to === null) return `was ${change.from}`;
  return `${change.from} → ${change.to}`;
}

/** One package version of a diff, as a key: a change and its downgrade suspicion meet on it. */
export const downgradeKey = (at: Pick<LockSuspicion, 'ecosystem' | 'name' | 'version'>) => `${at.ecosystem}\u0000${at.name}\u0000${at.version}`;

/** What needs a look first: the suspicions, then the changes of packages that are not suspected, each in the server's order. */
export function driftRows(diff: Pick<LockDiff, 'changes' | 'suspicions'>): { suspicions: LockSuspicion[]; changes: LockChange[] } {
  const suspected = new Set(diff.suspicions.map((suspicion) => `${suspicion.ecosystem}\u0000${suspicion.name}`));
  return {
    suspicions: diff.suspicions,
    changes: [...diff.changes.filter((change) => suspected.has(`${change.ecosystem}\u0000${change.name}`)), ...diff.changes.filter((change) => !suspected.has(`${change.ecosystem}\u0000${change.name}`))],
  };
}

/** A SHA-256 short enough to compare by eye, whole in the title. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 12)}…` : hash;
}
