import type { DrillHistoryEntry } from '../../../src-main/contract';
import { localTime } from '../../format';
import { placeSeries, timeDomain, timeTicks, type ChartBox } from './historyChart';

// The drawing's own units; the SVG scales to its box (text with it), so these fix proportions only.
const box: ChartBox = { width: 960, height: 280, left: 48, right: 16, top: 12, bottom: 40 };
const scoreTicks = [0, 25, 50, 75, 100];
/** Series colours: the log categories' hues, each readable on the panel in both themes (styles.css). */
const hues = ['ssrf', 'sqli', 'auth-failure', 'xss', 'scanner', 'sensitive-file', 'command-injection', 'path-traversal', 'rate-limit', 'error-spike'];
/** A second cue besides colour: every other series is dashed, and markers alternate circle and square. */
const dashes = ['', '6 4', '2 3', '10 3 2 3'];

const pointText = (entry: DrillHistoryEntry) =>
  `${entry.title}: ${entry.overall} / 100, finished ${localTime(entry.finishedAt)} (${entry.incidentId})${entry.objectives.length ? ` — ${entry.objectives.map((objective) => `${objective.title} ${objective.score}`).join(', ')}` : ''}`;

/** Overall score per scenario over time: a line per scenario, a point per finished drill with its details on hover. */
export function DrillHistoryChart({ runs }: { runs: DrillHistoryEntry[] }) {
  if (runs.length === 0) return <p className="empty drill-history-empty">No finished drills yet. Finish a drill and its score appears here, one line per scenario.</p>;
  const series = placeSeries(runs, box);
  const domain = timeDomain(runs);
  const ticks = timeTicks(domain, box);
  const plotBottom = box.height - box.bottom;
  const y = (score: number) => box.top + (plotBottom - box.top) * (1 - score / 100);
  const summary = `Drill scores over time, ${runs.length} finished drill${runs.length === 1 ? '' : 's'}: ${series
    .map((line) => `${line.title} ${line.points.map((point) => point.entry.overall).join(', ')}`)
    .join('; ')}.`;

  return (
    <figure className="drill-chart">
      <svg viewBox={`0 0 ${box.width} ${box.height}`} role="img" aria-label={summary} className="drill-chart-svg">
        {scoreTicks.map((score) => (
          <g key={score} className="y-tick">
            <line x1={box.left} x2={box.width - box.right} y1={y(score)} y2={y(score)} />
            <text x={box.left - 8} y={y(score)} dy="0.35em" textAnchor="end">{score}</text>
          </g>
        ))}
        <line className="x-axis" x1={box.left} x2={box.width - box.right} y1={plotBottom} y2={plotBottom} />
        {ticks.map((tick) => (
          <text key={tick.x} className="x-tick" x={tick.x} y={plotBottom + 18} textAnchor="middle">{tick.label}</text>
        ))}
        <text className="axis-title" x={box.left - 40} y={box.top + 4} transform={`rotate(-90 ${box.left - 40} ${box.top + 4})`} textAnchor="end">score</text>
        <text className="axis-title" x={box.width - box.right} y={box.height - 4} textAnchor="end">finished (your time)</text>
        {series.map((line, index) => (
          <g key={line.drillId} className={`drill-series hue-${hues[index % hues.length]}`} data-drill={line.drillId}>
            {line.points.length > 1 && <polyline fill="none" strokeDasharray={dashes[index % dashes.length] || undefined} points={line.points.map((point) => `${point.x},${point.y}`).join(' ')} />}
            {line.points.map((point) =>
              index % 2 === 0 ? (
                <circle key={point.entry.incidentId} className="drill-point" cx={point.x} cy={point.y} r={6}>
                  <title>{pointText(point.entry)}</title>
                </circle>
              ) : (
                <rect key={point.entry.incidentId} className="drill-point" x={point.x - 5.5} y={point.y - 5.5} width={11} height={11}>
                  <title>{pointText(point.entry)}</title>
                </rect>
              ),
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="drill-legend" aria-label="Scenarios">
          {series.map((line, index) => {
            const last = line.points[line.points.length - 1]!.entry;
            return (
              <li key={line.drillId} className={`hue-${hues[index % hues.length]}`}>
                <svg width="28" height="12" aria-hidden="true" className="drill-legend-mark">
                  <line x1="1" x2="27" y1="6" y2="6" strokeDasharray={dashes[index % dashes.length] || undefined} />
                  {index % 2 === 0 ? <circle cx="14" cy="6" r="4" /> : <rect x="10" y="2" width="8" height="8" />}
                </svg>
                {line.title} <span className="muted">· last {last.overall}, {line.points.length} run{line.points.length === 1 ? '' : 's'}</span>
              </li>
            );
          })}
        </ul>
      </figcaption>
      <table className="visually-hidden">
        <caption>Finished drills and their overall scores</caption>
        <thead>
          <tr><th scope="col">Scenario</th><th scope="col">Finished</th><th scope="col">Score</th></tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.incidentId}><td>{run.title}</td><td>{localTime(run.finishedAt)}</td><td>{run.overall}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
