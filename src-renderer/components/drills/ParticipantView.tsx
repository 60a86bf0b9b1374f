import type { DrillRun } from '../../../src-main/contract';
import { useDrills } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';
import { arrivedKey } from '../../stores/drillStore';
import { DrillQuestion } from './DrillQuestion';
import { minuteText } from './drillTime';

/** An inject stays marked new this long after it showed up here. */
export const newForMs = 3 * 60_000;

/** What the team sees: the starting situation, the injects that have arrived (newest first), and the questions to discuss. */
export function ParticipantView({ run }: { run: DrillRun }) {
  const arrived = useDrills((state) => state.arrived);
  const now = useNow().getTime();
  const injects = run.injects.filter((inject) => inject.status === 'fired').reverse();
  const finished = run.clock.state === 'finished';
  return (
    <div className="drill-participant">
      <section aria-label="Situation" className="drill-situation">
        <h3>Situation at minute 0</h3>
        <p className="drill-body">{run.situation}</p>
      </section>
      <section aria-label="Arrived injects" className="drill-arrived">
        <h3>What has come in <span className="muted small">(newest first)</span></h3>
        {injects.length === 0 ? (
          <p className="muted">Nothing yet. {run.clock.state === 'ready' ? 'The drill starts when the facilitator starts the clock.' : 'New facts arrive here as the drill goes on.'}</p>
        ) : (
          <ol className="drill-arrived-list">
            {injects.map((inject) => {
              const seen = arrived[arrivedKey(run.incidentId, inject.id)] ?? 0;
              const fresh = seen > 0 && now - seen < newForMs;
              return (
                <li key={inject.id} className={`drill-arrived-item ${fresh ? 'drill-new' : ''}`} data-inject={inject.id}>
                  <div className="drill-inject-head">
                    {fresh && <span className="drill-new-tag">New</span>}
                    <strong>{inject.title}</strong>
                    <span className="muted small">arrived at {minuteText(inject.atMinute ?? 0)}</span>
                  </div>
                  <p className="drill-body">{inject.body}</p>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      {run.questions.length > 0 && (
        <section aria-label="Discussion questions" className="drill-questions">
          <h3>Discussion questions</h3>
          <ol className="drill-question-list">
            {run.questions.map((question) => (
              <DrillQuestion key={question.questionId} incidentId={run.incidentId} question={question} readOnly={finished} />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
