import { useEffect } from 'react';
import { localTime } from '../../format';
import { useSupply } from '../../hooks/stores';
import { emptySupplyView, type ShownCheck } from '../../stores/supplyStore';
import { UserText } from '../common/UserText';
import { AdvisoryDatabase } from './AdvisoryDatabase';
import { DepsResult } from './DepsResult';
import { IntegrityResult } from './IntegrityResult';
import { LockDiffResult } from './LockDiffResult';
import { PastChecks } from './PastChecks';
import { SbomDiffResult } from './SbomDiffResult';
import { SupplyCheckForm } from './SupplyCheckForm';
import { checkKindLabels } from './supplyText';
import './Supply.css';

function ShownResult({ shown }: { shown: ShownCheck }) {
  return (
    <section className="supply-panel supply-shown" aria-label="Check result">
      <h3>
        {checkKindLabels[shown.kind]}
        {shown.checkId && <span className="mono small muted">{shown.checkId}</span>}
        {shown.finishedAt && <span className="small muted">{localTime(shown.finishedAt)}</span>}
      </h3>
      {/* Audits and drift name their files in their summary; the others say what they compared here. */}
      {(shown.kind === 'integrity' || shown.kind === 'sbom-diff') && <p className="muted small supply-inputs" title={shown.inputs.join('\n')}><UserText text={shown.inputs.join(' · ')} /></p>}
      {shown.kind === 'deps' ? (
        <DepsResult result={shown.result} />
      ) : shown.kind === 'lockdiff' ? (
        <LockDiffResult result={shown.result} />
      ) : shown.kind === 'integrity' ? (
        <IntegrityResult result={shown.result} />
      ) : (
        <SbomDiffResult result={shown.result} />
      )}
    </section>
  );
}

/** The incident's Supply chain tab: audit lockfiles offline, compare with known-good, check files against a baseline. */
export function SupplyTab({ incidentId }: { incidentId: string }) {
  const view = useSupply((state) => state.views[incidentId]) ?? emptySupplyView;
  const load = useSupply((state) => state.load);
  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  return (
    <section className="supply" aria-label="Supply chain">
      <AdvisoryDatabase incidentId={incidentId} />
      <div className="supply-layout">
        <div className="supply-main">
          <SupplyCheckForm incidentId={incidentId} />
          {view.error && view.checks !== null && <p className="field-error" role="alert"><UserText text={view.error} /></p>}
          {view.shown ? <ShownResult shown={view.shown} /> : <p className="muted small supply-none">Run a check, or open a past one, to see its result here.</p>}
        </div>
        <PastChecks incidentId={incidentId} view={view} />
      </div>
    </section>
  );
}
