import type { ActionOutcome, DrillRun, InjectState } from '../../../src-main/contract';
import { useChecklists, useDrills } from '../../hooks/stores';
import { DrillClockControls } from './DrillClockControls';
import { DrillScoreTable } from './DrillScoreTable';
import { minuteText, triggerText } from './drillTime';

const outcomeLabels: Record<ActionOutcome, string> = { pending: 'pending', 'in-time': 'in time', late: 'late', missed: 'missed' };

function injectStatus(inject: InjectState): string {
  if (inject.status === 'pending') return 'pending';
  return `${inject.status} at ${minuteText(inject.atMinute ?? 0)}`;
}

/** Everything the facilitator runs the drill with: the clock, what comes next, every inject, the expected actions, notes and the score so far. */
export function FacilitatorView({ run }: { run: DrillRun }) {
  const inject = useDrills((state) => state.inject);
  const busy = useDrills((state) => state.busy[run.incidentId] ?? false);
  const steps = useChecklists((state) => state.checklists[run.incidentId]?.steps);
  const stepText = (stepId: string) => steps?.find((step) => step.id === stepId)?.text;
  const finished = run.clock.state === 'finished';
  const next = run.nextInject;
  const objectiveTitle = (id: string) => run.objectives.find((objective) => objective.id === id)?.title ?? id;

  return (
    <div className="drill-facilitator">
      <div className="drill-column">
        {!finished && <DrillClockControls run={run} />}
        {!finished && (
          <section className="drill-next" aria-label="Next inject">
            <h3>Next inject</h3>
            {next ? (
              <>
                <p className="drill-next-title"><strong>{next.title}</strong> <span className="muted">· {triggerText(next.trigger, stepText)}</span></p>
                <p className="drill-body">{next.body}</p>
                {next.note && <p className="drill-note"><span className="drill-note-label">Note</span> {next.note}</p>}
                <div className="drill-next-actions">
                  <button type="button" className="primary" disabled={busy} onClick={() => void inject(run.incidentId, next.id, 'fire')}>Fire now</button>
                  <button type="button" disabled={busy} onClick={() => void inject(run.incidentId, next.id, 'skip')}>Skip</button>
                </div>
              </>
            ) : (
              <p className="muted">Every inject has arrived or been skipped.</p>
            )}
          </section>
        )}
        <section aria-label="Injects" className="drill-injects">
          <h3>Injects</h3>
          <ol className="drill-inject-list">
            {run.injects.map((candidate) => (
              <li key={candidate.id} className={`drill-inject inject-${candidate.status}`} data-inject={candidate.id}>
                <div className="drill-inject-head">
                  <span className={`pill inject-status inject-status-${candidate.status}`}>{injectStatus(candidate)}</span>
                  <strong>{candidate.title}</strong>
                  <span className="muted small">{triggerText(candidate.trigger, stepText)}</span>
                  {candidate.status === 'pending' && !finished && candidate.id !== next?.id && (
                    <span className="drill-inject-actions">
                      <button type="button" className="small-button" disabled={busy} onClick={() => void inject(run.incidentId, candidate.id, 'fire')} aria-label={`Fire ${candidate.title}`}>Fire</button>
                      <button type="button" className="small-button" disabled={busy} onClick={() => void inject(run.incidentId, candidate.id, 'skip')} aria-label={`Skip ${candidate.title}`}>Skip</button>
                    </span>
                  )}
                </div>
                {candidate.note && <p className="drill-note small"><span className="drill-note-label">Note</span> {candidate.note}</p>}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <div className="drill-column">
        <section aria-label="Expected actions" className="drill-expected">
          <h3>Expected actions</h3>
          <table className="drill-table">
            <thead>
              <tr><th scope="col">Action</th><th scope="col">By</th><th scope="col">Outcome</th><th scope="col">Points</th></tr>
            </thead>
            <tbody>
              {run.expected.map((action) => (
                <tr key={action.id} className={`outcome-${action.outcome}`}>
                  <td>{action.title}<div className="muted small">{objectiveTitle(action.objective)}</div></td>
                  <td className="nowrap">{minuteText(action.byMinute)}</td>
                  <td className="nowrap"><span className={`outcome outcome-tag-${action.outcome}`}>{outcomeLabels[action.outcome]}</span>{action.doneMinute !== null && <div className="muted small">done at {minuteText(action.doneMinute)}</div>}</td>
                  <td className="num">{action.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {run.score && !finished && (
          <section aria-label="Score so far" className="drill-live-score">
            <h3>Score so far <span className="drill-overall">{run.score.overall}</span></h3>
            <DrillScoreTable score={run.score} compact />
            <details className="drill-score-why">
              <summary>Why: every deduction so far</summary>
              <DrillScoreTable score={run.score} />
            </details>
          </section>
        )}
        {run.facilitatorNotes && (
          <section aria-label="Facilitator notes" className="drill-notes">
            <h3>Facilitator notes</h3>
            <p className="drill-body">{run.facilitatorNotes}</p>
          </section>
        )}
      </div>
    </div>
  );
}
