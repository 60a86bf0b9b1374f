import { useEffect } from 'react';
import { useDrills } from '../../hooks/stores';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { DrillHistoryChart } from './DrillHistoryChart';
import { DrillScenarioCard } from './DrillScenarioCard';
import { DrillsUnderWay } from './DrillsUnderWay';
import './Drills.css';

/** Tabletop drills: the scenarios to start, the files that could not be read, and how scores moved over time. */
export function DrillsPage() {
  const list = useDrills((state) => state.list);
  const listError = useDrills((state) => state.listError);
  const loadList = useDrills((state) => state.loadList);
  const history = useDrills((state) => state.history);
  const historyError = useDrills((state) => state.historyError);
  const loadHistory = useDrills((state) => state.loadHistory);
  const loadUnderWay = useDrills((state) => state.loadUnderWay);

  useEffect(() => {
    void loadList();
    void loadHistory();
    void loadUnderWay();
  }, [loadList, loadHistory, loadUnderWay]);

  return (
    <main className="drills-page">
      <header className="drills-intro">
        <h1>Tabletop drills</h1>
        <p className="muted">
          A drill runs a scenario against a drill incident: the real checklist and console, a facilitator clock, injects that arrive as the clock runs, and a score at the end. Drill incidents are never listed, counted or
          notified with real ones.
        </p>
      </header>
      <DrillsUnderWay />
      {list && list.errors.length > 0 && (
        <div className="drill-file-errors" role="alert" aria-label="Scenario files with errors">
          <strong>{list.errors.length === 1 ? '1 scenario file could not be read' : `${list.errors.length} scenario files could not be read`}; the others are listed.</strong>
          <ul>
            {list.errors.map((error) => (
              <li key={`${error.file}:${error.path}`}>
                <code className="mono">{error.file}</code>
                {error.path && <> at <code className="mono">{error.path}</code></>}: {error.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <section aria-label="Scenarios" className="drill-scenarios">
        <h2>Scenarios</h2>
        {listError && <LoadError what="the drill scenarios" message={listError} onRetry={loadList} stale={list !== null} />}
        {!list && !listError && <Loading what="the drill scenarios" onRetry={loadList} />}
        {list && list.drills.length === 0 && <p className="empty">No drill scenarios. Add YAML files to the data directory’s drills/ folder.</p>}
        {list && list.drills.length > 0 && (
          <ul className="drill-cards">
            {list.drills.map((drill) => (
              <DrillScenarioCard key={drill.id} drill={drill} />
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Drill history" className="drill-history">
        <h2>Scores over time</h2>
        {historyError && <LoadError what="the drill history" message={historyError} onRetry={loadHistory} stale={history !== null} />}
        {!history && !historyError && <Loading what="the drill history" onRetry={loadHistory} />}
        {history && <DrillHistoryChart runs={history.runs} />}
      </section>
    </main>
  );
}
