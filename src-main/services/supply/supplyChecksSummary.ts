import { advisorySeverities, type DepsAuditResult, type IntegrityReport, type LockDiff, type SbomDiff, type SupplyCheckResult } from '../../contract';

const count = (value: number) => value.toLocaleString('en-US');
const plural = (value: number, one: string, many = `${one}s`) => `${count(value)} ${value === 1 ? one : many}`;

function depsSummary(result: DepsAuditResult): string {
  if (result.findings.length === 0) return `no known advisories for ${plural(result.packages, 'package')} in ${plural(result.lockfiles.length, 'lockfile')}`;
  const packages = new Set(result.findings.map((finding) => `${finding.ecosystem}\u0000${finding.package}\u0000${finding.version}`)).size;
  const bySeverity = advisorySeverities
    .map((severity) => [severity, result.findings.filter((finding) => finding.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${count(n)} ${severity}`);
  return `${plural(result.findings.length, 'advisory', 'advisories')} in ${plural(packages, 'package')} of ${count(result.packages)} (${bySeverity.join(', ')})`;
}

function lockDiffSummary(result: LockDiff): string {
  const changes = `${plural(result.changes.length, 'change')} of ${count(result.current.packages)} packages`;
  if (result.suspicions.length === 0) return `${changes}, nothing suspicious`;
  const kinds = [...new Set(result.suspicions.map((suspicion) => suspicion.kind))].sort();
  return `${plural(result.suspicions.length, 'suspicion')} (${kinds.join(', ')}) in ${changes}`;
}

function integritySummary(result: IntegrityReport): string {
  const total = result.unchanged + result.changed.length + result.removed.length;
  const line = `${count(result.changed.length)} changed, ${count(result.added.length)} added, ${count(result.removed.length)} removed of ${plural(total, 'file')} in the baseline`;
  return result.skipped.length ? `${line}; ${count(result.skipped.length)} unreadable` : line;
}

function sbomDiffSummary(result: SbomDiff): string {
  if (result.changes.length === 0 && result.hashMismatches.length === 0) return 'the SBOMs list the same components with the same hashes';
  const kinds = (['added', 'removed', 'changed'] as const).map((kind) => `${count(result.changes.filter((change) => change.kind === kind).length)} ${kind}`);
  return `${kinds.join(', ')} component(s); ${plural(result.hashMismatches.length, 'hash', 'hashes')} differ for the same version`;
}

/** One line for the timeline and the list: what a responder needs to know without opening the check. */
export function summarizeSupplyCheck(check: SupplyCheckResult): string {
  switch (check.kind) {
    case 'deps':
      return depsSummary(check.result);
    case 'lockdiff':
      return lockDiffSummary(check.result);
    case 'integrity':
      return integritySummary(check.result);
    case 'sbom-diff':
      return sbomDiffSummary(check.result);
  }
}
