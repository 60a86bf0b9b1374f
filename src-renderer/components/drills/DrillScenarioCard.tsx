import { useState } from 'react';
import type { DrillSummary } from '../../../src-main/contract';
import { useDrills, useIncidents, useUi } from '../../hooks/stores';
import { SeverityBadge } from '../common/SeverityBadge';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** One scenario: what it is about, what it tests, and Start (a drill incident, opened on its drill tab). */
export function DrillScenarioCard({ drill }: { drill: DrillSummary }) {
  const start = useDrills((state) => state.start);
  const navigate = useUi((state) => state.navigate);
  const playbook = useIncidents((state) => state.playbooks.find((candidate) => candidate.id === drill.playbook));
  const scheme = useIncidents((state) => state.schemes.find((candidate) => candidate.id === state.activeSchemeId));
  const rank = scheme?.levels.findIndex((candidate) => candidate.id === drill.severity) ?? -1;
  const level = rank < 0 ? null : { rank, label: scheme!.levels[rank]!.label };
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = `drill-${drill.id}`;

  const onStart = async () => {
    setBusy(true);
    setError(null);
    const result = await start(drill.id);
    setBusy(false);
    if (result.ok) navigate({ name: 'incident', id: result.value.id, tab: 'drill' });
    else setError(result.error.message);
  };

  return (
    <li className="drill-card" aria-labelledby={headingId}>
      <div className="drill-card-head">
        <SeverityBadge severity={drill.severity} label={level?.label ?? drill.severity} rank={level?.rank ?? 3} />
        <h3 id={headingId}>{drill.title}</h3>
        {drill.origin === 'data-dir' && <span className="pill" title="From the data directory’s drills/ folder">team scenario</span>}
      </div>
      <p className="drill-summary">{drill.summary}</p>
      <dl className="drill-facts">
        <dt>Playbook</dt>
        <dd>{playbook?.title ?? drill.playbook}</dd>
        <dt>Injects</dt>
        <dd>{plural(drill.injectCount, 'inject')}</dd>
        <dt>Objectives</dt>
        <dd>
          <ul className="drill-objectives">
            {drill.objectives.map((objective) => (
              <li key={objective.id}>{objective.title}</li>
            ))}
          </ul>
        </dd>
      </dl>
      <div className="drill-card-actions">
        {error && <span className="form-error" role="alert">Not started: {error}</span>}
        <button type="button" className="primary" disabled={busy} onClick={() => void onStart()} aria-label={`Start drill: ${drill.title}`}>
          {busy ? 'Starting…' : 'Start drill'}
        </button>
      </div>
    </li>
  );
}
