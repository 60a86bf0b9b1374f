import { useEffect, useState } from 'react';
import type { DrillView } from '../../../src-main/contract';
import { useDrills } from '../../hooks/stores';
import { viewOf } from '../../stores/drillStore';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { Modal } from '../common/Modal';
import { DrillReportView } from './DrillReportView';
import { DrillScoreTable } from './DrillScoreTable';
import { drillMinute, minuteText } from './drillTime';
import { FacilitatorView } from './FacilitatorView';
import { ParticipantView } from './ParticipantView';
import './Drills.css';

const viewLabels: Record<DrillView, string> = { facilitator: 'Facilitator', participant: 'Participant' };

/** The drill tab of a drill incident: the facilitator's controls or the participants' view, then the score and the report. */
export function DrillPanel({ incidentId }: { incidentId: string }) {
  const run = useDrills((state) => state.runs[incidentId]);
  const error = useDrills((state) => state.runErrors[incidentId]);
  const actionError = useDrills((state) => state.actionErrors[incidentId]);
  const view = useDrills((state) => viewOf(state, incidentId));
  const busy = useDrills((state) => state.busy[incidentId] ?? false);
  const load = useDrills((state) => state.load);
  const setView = useDrills((state) => state.setView);
  const finish = useDrills((state) => state.finish);
  const clearActionError = useDrills((state) => state.clearActionError);
  const [confirming, setConfirming] = useState(false);
  const [showReport, setShowReport] = useState(false);

  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  if (!run) {
    return (
      <section className="drill-panel" aria-label="Drill">
        {error ? <LoadError what="the drill" message={error} onRetry={() => load(incidentId)} /> : <Loading what="the drill" onRetry={() => load(incidentId)} />}
      </section>
    );
  }
  const finished = run.finished;

  return (
    <section className="drill-panel" aria-label="Drill">
      <div className="drill-toolbar">
        <div className="segmented drill-view-switch" role="group" aria-label="Drill view">
          {(['facilitator', 'participant'] as const).map((candidate) => (
            <button key={candidate} type="button" className={view === candidate ? 'active' : ''} aria-pressed={view === candidate} onClick={() => setView(incidentId, candidate)}>
              {viewLabels[candidate]}
            </button>
          ))}
        </div>
        <span className="muted small drill-view-hint">
          {view === 'facilitator' ? 'Everything, including what is still to come: keep this screen to yourself.' : 'What the team sees: only what has arrived.'}
        </span>
        {/* Finishing is the facilitator's call: the team's view has no button to end the drill by mistake. */}
        {!finished && view === 'facilitator' && (
          <button type="button" className="primary danger drill-finish" disabled={busy} onClick={() => setConfirming(true)}>
            Finish drill…
          </button>
        )}
        {finished && (
          <button type="button" className="primary" aria-pressed={showReport} onClick={() => setShowReport(!showReport)}>
            {showReport ? 'Back to the score' : 'Drill report'}
          </button>
        )}
      </div>
      {actionError && (
        <div className="action-error" role="alert">
          <span>{actionError}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => clearActionError(incidentId)}>✕</button>
        </div>
      )}
      {error && <LoadError what="the drill" message={error} onRetry={() => load(incidentId)} stale />}
      {run.view !== view && <p className="muted small" role="status">Switching to the {viewLabels[view].toLowerCase()} view…</p>}
      {finished && showReport && <DrillReportView incidentId={incidentId} />}
      {finished && !showReport && (
        <section className="drill-final" aria-label="Drill score">
          <h3>
            Final score <span className="drill-overall">{finished.score.overall}</span>
            <span className="muted small"> / 100, finished at {minuteText(drillMinute(run.clock.elapsedMs))} of drill time</span>
          </h3>
          <DrillScoreTable score={finished.score} />
        </section>
      )}
      {!showReport && (run.view === 'facilitator' ? <FacilitatorView run={run} /> : <ParticipantView run={run} />)}
      {confirming && (
        <Modal title="Finish the drill?" onClose={() => setConfirming(false)}>
          <div className="form">
            <p>The clock stops, the drill is scored as it stands and the drill incident is closed. Pending injects stay unfired. This cannot be undone.</p>
            <div className="note-actions">
              <button type="button" onClick={() => setConfirming(false)}>Keep running</button>
              <button
                type="button"
                className="primary danger"
                disabled={busy}
                onClick={() => {
                  void finish(incidentId).then((result) => {
                    if (result.ok) setConfirming(false);
                  });
                }}
              >
                {busy ? 'Finishing…' : 'Finish and score'}
              </button>
            </div>
            {actionError && <p className="form-error" role="alert">{actionError}</p>}
          </div>
        </Modal>
      )}
    </section>
  );
}
