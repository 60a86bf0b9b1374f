import { useMemo } from 'react';
import type { AdvisorySeverity, DepsAuditResult, DepsFinding } from '../../../src-main/contract';
import { durationText, plural } from '../logs/logText';
import { UserText } from '../common/UserText';
import { SupplyTable } from './SupplyTable';
import { advisoryText, fixedText, groupBySeverity, pathsText, severityCounts } from './supplyText';

type Row = { heading: AdvisorySeverity; count: number } | { finding: DepsFinding };

const columns = [
  { header: 'Package', className: 'col-package' },
  { header: 'Advisory', className: undefined },
  { header: 'Fixed in', className: 'col-fixed' },
  { header: 'Pulled in by', className: 'col-paths' },
];

function FindingCells({ finding }: { finding: DepsFinding }) {
  const paths = pathsText(finding.paths);
  return (
    <>
      <td className="wrap">
        <div className="mono package-name"><UserText text={finding.package} /></div>
        <div className="small muted"><UserText text={finding.version} /> · {finding.ecosystem}</div>
      </td>
      <td className="wrap">
        <div className="mono small advisory-id"><span className={`sev-word sev-${finding.severity}`}>{finding.severity}</span> {advisoryText(finding)}</div>
        <UserText className="small" text={finding.summary || '(no summary)'} />
      </td>
      <td className={finding.fixed ? 'mono fixed-version' : 'no-fix'}><UserText text={fixedText(finding.fixed)} /></td>
      <td className="wrap small mono" title={[...paths, ...finding.files].join('\n')}>
        {paths.slice(0, 2).map((path) => <div key={path}><UserText text={path} /></div>)}
        {paths.length > 2 && <div className="muted">and {plural(paths.length - 2, 'more path')}</div>}
      </td>
    </>
  );
}

/** A dependency audit: what was read, against what, and the findings in one group per severity. */
export function DepsResult({ result }: { result: DepsAuditResult }) {
  const groups = useMemo(() => groupBySeverity(result.findings), [result.findings]);
  const rows = useMemo<Row[]>(() => groups.flatMap((group) => [{ heading: group.severity, count: group.findings.length }, ...group.findings.map((finding) => ({ finding }))]), [groups]);
  const { database } = result;
  const packagesHit = new Set(result.findings.map((finding) => `${finding.ecosystem}:${finding.package}@${finding.version}`)).size;
  const emptyDatabase = database.advisories === 0;

  return (
    <section className="supply-result" aria-label="Dependency audit result">
      <p className="supply-summary">
        <strong className={result.findings.length ? 'alert-text' : emptyDatabase ? 'warn-text' : 'ok-text'}>
          {result.findings.length ? `${plural(result.findings.length, 'advisory', 'advisories')} in ${plural(packagesHit, 'package')}` : emptyDatabase ? 'Nothing checked' : 'No known advisories'}
        </strong>
        {groups.length > 0 && <span className="sev-counts">{groups.map((group) => <span key={group.severity} className={`sev-count sev-${group.severity}`}>{group.findings.length} {group.severity}</span>)}</span>}
        <span>{plural(result.packages, 'package')} in {plural(result.lockfiles.length, 'lockfile')}</span>
        <span>
          against {database.advisories.toLocaleString('en-US')} advisories {database.source === 'direct' ? `read from ${database.path ?? 'the folder given'}` : `imported${database.importedAt ? ` ${database.importedAt.slice(0, 10)}` : ''}`}
        </span>
        <span className="muted">{durationText(result.durationMs)}</span>
      </p>
      {emptyDatabase && <p className="warn-text small" role="note">The advisory database was empty: these packages were not checked against anything. Import an OSV all.zip or folder, or give one for this audit.</p>}
      <ul className="supply-files small muted">
        {result.lockfiles.map((lockfile) => <li key={lockfile.file}><span className="mono"><UserText text={lockfile.file} /></span> ({lockfile.kind}, {plural(lockfile.packages, 'package')})</li>)}
      </ul>
      {rows.length > 0 && (
        <SupplyTable<Row>
          label={`Findings by severity: ${severityCounts(groups)}`}
          columns={columns}
          rows={rows}
          rowKey={(row) => ('heading' in row ? `h:${row.heading}` : `${row.finding.ecosystem}:${row.finding.package}@${row.finding.version}:${row.finding.advisory}`)}
          rowClass={(row) => ('heading' in row ? `severity-heading sev-${row.heading}` : `finding sev-${row.finding.severity}`)}
          rowLabel={(row) => ('heading' in row ? `${row.heading}: ${plural(row.count, 'finding')}` : `${row.finding.severity}: ${row.finding.package} ${row.finding.version}, ${row.finding.advisory}, fixed in ${fixedText(row.finding.fixed)}`)}
          cells={(row) => ('heading' in row ? <th colSpan={4} scope="colgroup"><span className={`sev-dot sev-${row.heading}`} aria-hidden="true" />{row.heading} <span className="heading-count">({row.count})</span></th> : <FindingCells finding={row.finding} />)}
          estimate={58}
        />
      )}
    </section>
  );
}
