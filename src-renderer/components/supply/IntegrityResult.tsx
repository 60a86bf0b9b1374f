import { useMemo } from 'react';
import type { IntegrityReport } from '../../../src-main/contract';
import { plural } from '../logs/logText';
import { UserText } from '../common/UserText';
import { SupplyTable } from './SupplyTable';
import { shortHash } from './supplyText';

type Row = { kind: 'changed' | 'added' | 'removed' | 'skipped'; path: string; detail: string; title: string };

/** A link shows where it points (it has no hash of its own). */
const fileDetail = (file: IntegrityReport['added'][number]) => (file.linkTarget !== undefined ? `link → ${file.linkTarget}` : shortHash(file.sha256));

function changedDetail(file: IntegrityReport['changed'][number]): string {
  if (file.what === 'link-target') return `link target ${file.before} → ${file.after}`;
  if (file.what === 'mode') return `mode ${file.before} → ${file.after}`;
  return `${shortHash(file.before)} → ${shortHash(file.after)}`;
}

/** The files that differ from the baseline, changed first (a tampered file), then added, removed, unreadable. */
export function integrityRows(report: IntegrityReport): Row[] {
  return [
    ...report.changed.map((file) => ({ kind: 'changed' as const, path: file.path, detail: changedDetail(file), title: `before ${file.before}\nnow ${file.after}` })),
    ...report.added.map((file) => ({ kind: 'added' as const, path: file.path, detail: fileDetail(file), title: file.linkTarget ?? file.sha256 })),
    ...report.removed.map((file) => ({ kind: 'removed' as const, path: file.path, detail: fileDetail(file), title: file.linkTarget ?? file.sha256 })),
    ...report.skipped.map((file) => ({ kind: 'skipped' as const, path: file.path, detail: file.reason, title: file.reason })),
  ];
}

export function IntegrityResult({ result }: { result: IntegrityReport }) {
  const rows = useMemo(() => integrityRows(result), [result]);
  const differing = result.changed.length + result.added.length + result.removed.length;
  return (
    <section className="supply-result" aria-label="Integrity result">
      <p className="supply-summary">
        <strong className={differing ? 'alert-text' : 'ok-text'}>{differing ? `${plural(differing, 'file')} differ from the baseline` : 'Every file matches the baseline'}</strong>
        <span className={result.changed.length ? 'alert-text' : ''}>{result.changed.length.toLocaleString('en-US')} changed</span>
        <span>{result.added.length.toLocaleString('en-US')} added</span>
        <span>{result.removed.length.toLocaleString('en-US')} removed</span>
        <span className="muted">{result.unchanged.toLocaleString('en-US')} unchanged</span>
        {result.skipped.length > 0 && <span className="warn-text">{plural(result.skipped.length, 'file')} unreadable</span>}
        <span className="muted small">baseline of {result.baselineCreatedAt.slice(0, 16).replace('T', ' ')} UTC</span>
      </p>
      {rows.length > 0 && (
        <SupplyTable<Row>
          label="Files that differ"
          columns={[{ header: 'Change', className: 'col-kind' }, { header: 'Path' }, { header: 'SHA-256 or what changed', className: 'col-hash' }]}
          rows={rows}
          rowKey={(row) => `${row.kind}:${row.path}`}
          rowClass={(row) => `change-${row.kind}`}
          rowLabel={(row) => `${row.kind}: ${row.path}`}
          cells={(row) => (
            <>
              <td><span className={`change-tag change-${row.kind}`}>{row.kind}</span></td>
              <td className="mono small wrap"><UserText text={row.path} /></td>
              <td className="mono small wrap" title={row.title}><UserText text={row.detail} /></td>
            </>
          )}
          estimate={32}
        />
      )}
    </section>
  );
}
