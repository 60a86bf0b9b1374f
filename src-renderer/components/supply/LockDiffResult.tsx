import { useMemo } from 'react';
import type { LockChange, LockDiff, LockSuspicion } from '../../../src-main/contract';
import { plural } from '../logs/logText';
import { UserText } from '../common/UserText';
import { visibleUserText } from '../../userText';
import { SupplyTable } from './SupplyTable';
import { ChangeVersions } from './ChangeVersions';
import { changeText, downgradeKey, driftRows, suspicionLabels } from './supplyText';

const changeColumns = [
  { header: 'Change', className: 'col-kind' },
  { header: 'Package', className: 'col-half' },
  { header: 'Version', className: undefined },
];

/** Lockfile drift: what needs a look first (with why), then every change, suspected packages at the top. */
export function LockDiffResult({ result }: { result: LockDiff }) {
  const { suspicions, changes } = useMemo(() => driftRows(result), [result]);
  const suspected = useMemo(() => new Set(suspicions.map((suspicion) => `${suspicion.ecosystem}:${suspicion.name}`)), [suspicions]);
  // Which way a version moved is the ecosystem's order (semver, PEP 440): read off the suspicion, not guessed here.
  const downgraded = useMemo(() => new Set(suspicions.filter((suspicion) => suspicion.kind === 'version-downgraded').map((suspicion) => downgradeKey(suspicion))), [suspicions]);
  const wentDown = (row: LockChange) => row.kind === 'changed' && row.to !== null && downgraded.has(downgradeKey({ ecosystem: row.ecosystem, name: row.name, version: row.to }));
  return (
    <section className="supply-result" aria-label="Lockfile drift result">
      <p className="supply-summary">
        <strong className={suspicions.length ? 'alert-text' : 'ok-text'}>{suspicions.length ? plural(suspicions.length, 'suspicion') : 'Nothing suspicious'}</strong>
        <span>{plural(changes.length, 'change')}</span>
        <span className="mono small"><UserText text={result.baseline.file} /></span>
        <span aria-hidden="true">→</span>
        <span className="mono small"><UserText text={result.current.file} /></span>
        <span className="muted">{plural(result.baseline.packages, 'package')} → {plural(result.current.packages, 'package')}</span>
      </p>
      {suspicions.length > 0 && (
        <SupplyTable<LockSuspicion>
          label="Suspicions"
          columns={[{ header: 'Why it needs a look', className: 'col-kind-wide' }, { header: 'Package', className: 'col-package' }, { header: 'Reason' }]}
          rows={suspicions}
          rowKey={(row, index) => `${row.kind}:${row.ecosystem}:${row.name}:${index}`}
          rowClass={() => 'suspicion'}
          rowLabel={(row) => visibleUserText(`${suspicionLabels[row.kind]}: ${row.name} ${row.version}. ${row.reason}`)}
          cells={(row) => (
            <>
              <td className="tag-cell"><span className={`suspicion-tag kind-${row.kind}`}>{suspicionLabels[row.kind]}</span></td>
              <td><div className="mono package-name"><UserText text={row.name} /></div><div className="small muted"><UserText text={row.version} /> · {row.ecosystem}</div></td>
              <td className="wrap"><UserText text={row.reason} /></td>
            </>
          )}
        />
      )}
      {changes.length === 0 ? (
        <p className="muted small">The two lockfiles hold the same packages at the same versions.</p>
      ) : (
        <SupplyTable<LockChange>
          label="Changes"
          columns={changeColumns}
          rows={changes}
          rowKey={(row) => `${row.kind}:${row.ecosystem}:${row.name}:${row.from ?? ''}:${row.to ?? ''}`}
          rowClass={(row) => `change-${row.kind}${suspected.has(`${row.ecosystem}:${row.name}`) ? ' suspected' : ''}`}
          rowLabel={(row) => visibleUserText(`${row.kind}: ${row.name} ${changeText(row)}${wentDown(row) ? ', version went down' : ''}${suspected.has(`${row.ecosystem}:${row.name}`) ? ', suspected' : ''}`)}
          cells={(row) => (
            <>
              <td><span className={`change-tag change-${row.kind}`}>{row.kind}</span></td>
              <td>
                <span className="mono package-name"><UserText text={row.name} /></span> <span className="small muted">{row.ecosystem}</span>
                {suspected.has(`${row.ecosystem}:${row.name}`) && <span className="suspected-mark small"> suspected</span>}
              </td>
              <td className="mono small">
                <ChangeVersions change={row} />
                {wentDown(row) && <span className="downgrade-mark" title="The current lockfile holds a lower version than the baseline">↓ version went down</span>}
              </td>
            </>
          )}
          estimate={34}
        />
      )}
    </section>
  );
}
