import type { SbomComponentChange, SbomDiff } from '../../../src-main/contract';
import { plural } from '../logs/logText';
import { UserText } from '../common/UserText';
import { SupplyTable } from './SupplyTable';
import { ChangeVersions } from './ChangeVersions';
import { changeText, shortHash } from './supplyText';

type Mismatch = SbomDiff['hashMismatches'][number];

/** Two SBOMs compared: hashes that differ for the same version first (a rebuilt artefact that is not the same), then the component changes. */
export function SbomDiffResult({ result }: { result: SbomDiff }) {
  return (
    <section className="supply-result" aria-label="SBOM diff result">
      <p className="supply-summary">
        <strong className={result.hashMismatches.length ? 'alert-text' : 'ok-text'}>{result.hashMismatches.length ? `${plural(result.hashMismatches.length, 'hash', 'hashes')} differ for the same version` : 'No hash differs'}</strong>
        <span>{plural(result.changes.length, 'component change')}</span>
      </p>
      {result.hashMismatches.length > 0 && (
        <SupplyTable<Mismatch>
          label="Hashes that differ"
          columns={[{ header: 'Component' }, { header: 'Algorithm', className: 'col-kind' }, { header: 'Before', className: 'col-hash' }, { header: 'After', className: 'col-hash' }]}
          rows={result.hashMismatches}
          rowKey={(row) => `${row.name}@${row.version}:${row.algorithm}`}
          rowClass={() => 'suspicion'}
          rowLabel={(row) => `${row.name} ${row.version}: ${row.algorithm} differs`}
          cells={(row) => (
            <>
              <td><span className="mono package-name"><UserText text={row.name} /></span> <span className="small muted"><UserText text={row.version} /></span></td>
              <td className="small">{row.algorithm}</td>
              <td className="mono small wrap" title={row.before}>{shortHash(row.before)}</td>
              <td className="mono small wrap" title={row.after}>{shortHash(row.after)}</td>
            </>
          )}
        />
      )}
      {result.changes.length > 0 && (
        <SupplyTable<SbomComponentChange>
          label="Component changes"
          columns={[{ header: 'Change', className: 'col-kind' }, { header: 'Component' }, { header: 'Version', className: 'col-versions' }]}
          rows={result.changes}
          rowKey={(row) => `${row.kind}:${row.name}:${row.from ?? ''}:${row.to ?? ''}`}
          rowClass={(row) => `change-${row.kind}`}
          rowLabel={(row) => `${row.kind}: ${row.name} ${changeText(row)}`}
          cells={(row) => (
            <>
              <td><span className={`change-tag change-${row.kind}`}>{row.kind}</span></td>
              <td className="mono small wrap"><UserText text={row.name} /></td>
              <td className="mono small"><ChangeVersions change={row} /></td>
            </>
          )}
          estimate={32}
        />
      )}
    </section>
  );
}
