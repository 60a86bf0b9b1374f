import type { AdvisoryImportResult, AdvisoryStatus, DepsAuditResult, DepsFinding, IntegrityReport, LockDiff, SbomDiff, WithCheck } from '../contract';
import { advisorySeverities } from '../contract/choices';
import { table } from './table';
import { visibleText as shown } from './visibleText';

/** Rows printed per table; the rest are in --json (and on the Supply chain tab with --incident). */
const shownRows = 200;

const count = (value: number) => value.toLocaleString('en-US');
const plural = (value: number, one: string, many = `${one}${one === one.toUpperCase() ? 'S' : 's'}`) => `${count(value)} ${value === 1 ? one : many}`;
const utc = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'never');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const kept = (value: WithCheck) => (value.checkId ? `kept as ${value.checkId} on the incident` : '');
const more = (total: number) => (total > shownRows ? `${count(total - shownRows)} more: use --json` : '');
const cut = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
/** A package as one cell: its ecosystem, then its name with anything a terminal would act on made visible. */
const pkg = (ecosystem: string, name: string) => `${ecosystem} ${shown(name)}`;

function via(finding: DepsFinding): string {
  const first = finding.paths[0];
  if (!first || first.length <= 1) return first ? 'direct' : '-';
  const chain = first.map(shown).join(' > ');
  return `${cut(chain, 60)}${finding.paths.length > 1 ? ` (+${finding.paths.length - 1})` : ''}`;
}

/** Most severe group first, each a table with the version that fixes it: what to upgrade, and to what. */
export function formatDepsAudit(result: DepsAuditResult & WithCheck): string {
  const { database } = result;
  const source = database.source === 'direct' ? `${shown(database.path ?? '?')} (read directly)` : `the imported database (last import ${utc(database.importedAt)})`;
  const footer = [
    `Audited ${plural(result.packages, 'package')} in ${plural(result.lockfiles.length, 'lockfile')} against ${plural(database.advisories, 'advisory', 'advisories')} of ${source} in ${seconds(result.durationMs)}`,
    ...result.lockfiles.map((lockfile) => `  ${shown(lockfile.file)} (${lockfile.kind}, ${plural(lockfile.packages, 'package')})`),
    kept(result),
  ].filter(Boolean);
  if (result.findings.length === 0) return ['No known advisories affect these packages.', ...footer].join('\n');
  const packages = new Set(result.findings.map((finding) => `${finding.ecosystem} ${finding.package} ${finding.version}`)).size;
  const sections = [`${plural(result.findings.length, 'ADVISORY', 'ADVISORIES')} IN ${plural(packages, 'PACKAGE')}`];
  let printed = 0;
  for (const severity of advisorySeverities) {
    const group = result.findings.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    const rows = group.slice(0, Math.max(0, shownRows - printed)).map((finding) => [
      pkg(finding.ecosystem, finding.package),
      shown(finding.version),
      finding.fixed === null ? 'no fix' : shown(finding.fixed),
      shown(finding.advisory),
      finding.aliases.filter((alias) => alias.startsWith('CVE-')).map(shown).join(' ') || '-',
      via(finding),
      shown(cut(finding.summary, 100)),
    ]);
    printed += rows.length;
    sections.push(`${severity.toUpperCase()} (${count(group.length)})\n${rows.length ? table(['PACKAGE', 'VERSION', 'FIXED IN', 'ADVISORY', 'CVE', 'VIA', 'SUMMARY'], rows) : ''}`.trimEnd());
  }
  const rest = more(result.findings.length);
  return [...sections, ...(rest ? [rest] : []), footer.join('\n')].join('\n\n');
}

const downgradeKey = (ecosystem: string, name: string, version: string) => `${ecosystem}\u0000${name}\u0000${version}`;

/** What needs a look first (with why), then every change marked + added, - removed, ~ changed. */
export function formatLockDiff(diff: LockDiff & WithCheck): string {
  const sections: string[] = [];
  if (diff.suspicions.length) {
    const rows = diff.suspicions.slice(0, shownRows).map((suspicion) => [suspicion.kind, pkg(suspicion.ecosystem, suspicion.name), shown(suspicion.version), shown(suspicion.reason)]);
    sections.push(`${plural(diff.suspicions.length, 'SUSPICION')}: LOOK AT THESE FIRST\n${table(['WHY', 'PACKAGE', 'VERSION', 'REASON'], rows)}${more(diff.suspicions.length) ? `\n${more(diff.suspicions.length)}` : ''}`);
  } else {
    sections.push('Nothing suspicious: no new resolved host, install script, changed checksum, look-alike name or version gone down.');
  }
  const tally = (['added', 'removed', 'changed'] as const).map((kind) => `${count(diff.changes.filter((change) => change.kind === kind).length)} ${kind}`).join(', ');
  if (diff.changes.length) {
    const mark = { added: '+', removed: '-', changed: '~' } as const;
    // The version order is the ecosystem's (semver, PEP 440), so a downgrade is read off its suspicion.
    const downgraded = new Set(diff.suspicions.filter((suspicion) => suspicion.kind === 'version-downgraded').map((suspicion) => downgradeKey(suspicion.ecosystem, suspicion.name, suspicion.version)));
    const lines = diff.changes.slice(0, shownRows).map((change) => {
      const version = change.kind === 'changed' ? `${shown(change.from ?? '?')} → ${shown(change.to ?? '?')}` : shown(change.to ?? change.from ?? '?');
      const down = change.kind === 'changed' && downgraded.has(downgradeKey(change.ecosystem, change.name, change.to ?? '')) ? '  (version went down)' : '';
      return `${mark[change.kind]} ${pkg(change.ecosystem, change.name)} ${version}${down}`;
    });
    sections.push(`${plural(diff.changes.length, 'CHANGE')} (${tally})\n${lines.join('\n')}${more(diff.changes.length) ? `\n${more(diff.changes.length)}` : ''}`);
  } else {
    sections.push('The lockfiles hold the same packages at the same versions.');
  }
  sections.push(
    [
      `Baseline: ${shown(diff.baseline.file)} (${diff.baseline.kind}, ${plural(diff.baseline.packages, 'package')})`,
      `Current:  ${shown(diff.current.file)} (${diff.current.kind}, ${plural(diff.current.packages, 'package')})`,
      kept(diff),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return sections.join('\n\n');
}

export function formatSbomDiff(diff: SbomDiff & WithCheck): string {
  const sections: string[] = [];
  if (diff.changes.length === 0 && diff.hashMismatches.length === 0) sections.push('The SBOMs list the same components, at the same versions, with the same hashes.');
  if (diff.changes.length) {
    const mark = { added: '+', removed: '-', changed: '~' } as const;
    const lines = diff.changes.slice(0, shownRows).map((change) => `${mark[change.kind]} ${shown(change.name)} ${change.kind === 'changed' ? `${shown(change.from ?? '?')} → ${shown(change.to ?? '?')}` : shown(change.to ?? change.from ?? '')}`.trimEnd());
    sections.push(`${plural(diff.changes.length, 'COMPONENT CHANGE')}\n${lines.join('\n')}${more(diff.changes.length) ? `\n${more(diff.changes.length)}` : ''}`);
  }
  if (diff.hashMismatches.length) {
    const rows = diff.hashMismatches.slice(0, shownRows).map((mismatch) => [shown(mismatch.name), shown(mismatch.version), shown(mismatch.algorithm), shown(mismatch.before), shown(mismatch.after)]);
    sections.push(`${plural(diff.hashMismatches.length, 'HASH', 'HASHES')} DIFFER FOR THE SAME VERSION: LOOK AT THESE FIRST\n${table(['COMPONENT', 'VERSION', 'ALGORITHM', 'BEFORE', 'AFTER'], rows)}`);
  }
  if (diff.checkId) sections.push(kept(diff));
  return sections.join('\n\n');
}

/** A retargeted link and a mode change say so; a content change gives both hashes. */
function integrityChange(file: IntegrityReport['changed'][number]): string {
  if (file.what === 'link-target') return `link target ${shown(file.before)} → ${shown(file.after)}`;
  if (file.what === 'mode') return `mode ${file.before} → ${file.after}`;
  return `sha256 ${file.before.slice(0, 16)}… → ${file.after.slice(0, 16)}…`;
}

export function formatIntegrityReport(report: IntegrityReport & WithCheck): string {
  const differs = report.changed.length + report.added.length + report.removed.length;
  const lines: string[] = [];
  if (differs === 0) lines.push(`No file differs from the baseline of ${utc(report.baselineCreatedAt)}.`);
  else lines.push(`${count(report.changed.length)} CHANGED, ${count(report.added.length)} ADDED, ${count(report.removed.length)} REMOVED since the baseline of ${utc(report.baselineCreatedAt)}`);
  const entries = [
    ...report.changed.map((file) => `~ ${shown(file.path)}  ${integrityChange(file)}`),
    ...report.added.map((file) => `+ ${shown(file.path)}  ${file.linkTarget !== undefined ? `link → ${shown(file.linkTarget)}` : `sha256 ${file.sha256.slice(0, 16)}…`}`),
    ...report.removed.map((file) => `- ${shown(file.path)}  was ${file.linkTarget !== undefined ? `link → ${shown(file.linkTarget)}` : `sha256 ${file.sha256.slice(0, 16)}…`}`),
  ];
  lines.push(...entries.slice(0, shownRows));
  if (more(entries.length)) lines.push(more(entries.length));
  lines.push('', `${plural(report.unchanged, 'file')} unchanged under ${shown(report.root)}`);
  lines.push(...report.skipped.map((skip) => `could not read ${shown(skip.path)}: ${shown(skip.reason)}`));
  if (report.checkId) lines.push(kept(report));
  return lines.join('\n');
}

const byEcosystem = (counts: Partial<Record<string, number>>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ecosystem, n]) => `${shown(ecosystem)} ${count(n ?? 0)}`)
    .join(', ');

export function formatAdvisoryImport(result: AdvisoryImportResult): string {
  const perEcosystem = byEcosystem(result.byEcosystem);
  const lines = [
    `Imported ${plural(result.imported, 'advisory', 'advisories')} from ${shown(result.source)} in ${seconds(result.durationMs)}`,
    `${count(result.withdrawn)} withdrawn (kept, never matched), ${count(result.unchanged)} already held`,
    ...(perEcosystem ? [`New or updated records per ecosystem: ${perEcosystem}`] : []),
  ];
  if (result.rejectedCount) {
    lines.push(`${plural(result.rejectedCount, 'record')} skipped:`, ...result.rejected.slice(0, 20).map((entry) => `  ${shown(entry.entry)}: ${shown(entry.reason)}`));
    if (result.rejectedCount > 20) lines.push(`  ${count(result.rejectedCount - 20)} more: use --json${result.rejectedCount > result.rejected.length ? ` (it lists the first ${result.rejected.length})` : ''}`);
  }
  return lines.join('\n');
}

export function formatAdvisoryStatus(status: AdvisoryStatus): string {
  if (status.advisories === 0 && status.lastImport === null) return 'No advisories imported yet: firebreak advisories import PATH (a folder of OSV JSON files, or an OSV all.zip).';
  const perEcosystem = byEcosystem(status.byEcosystem);
  return [
    `${plural(status.advisories, 'advisory', 'advisories')} held (${count(status.withdrawn)} withdrawn, never matched)${perEcosystem ? `: ${perEcosystem}` : ''}`,
    `Newest record modified ${utc(status.newestModified)}`,
    status.lastImport ? `Last import ${utc(status.lastImport.at)} from ${shown(status.lastImport.source)} (${plural(status.lastImport.imported, 'record')} imported)` : 'Never imported',
  ].join('\n');
}
