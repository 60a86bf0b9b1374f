import type { DrillScore, ScoreOutcome } from '../../../src-main/contract';

const outcomeLabels: Record<ScoreOutcome, string> = { 'in-time': 'in time', late: 'late', missed: 'missed', skipped: 'skipped', info: '' };

/** The score per objective, each deduction explained on its own line; `compact` (the live score) leaves the lines out. */
export function DrillScoreTable({ score, compact = false }: { score: DrillScore; compact?: boolean }) {
  return (
    <div className="drill-score">
      <table className="drill-table" aria-label="Score per objective">
        <thead>
          <tr><th scope="col">Objective</th><th scope="col" className="num">Score</th></tr>
        </thead>
        <tbody>
          {score.objectives.map((objective) => (
            <tr key={objective.id}>
              <td>
                <strong>{objective.title}</strong>
                {!compact && objective.lines.length > 0 && (
                  <ul className="score-lines">
                    {objective.lines.map((line, index) => (
                      <li key={index} className={`score-line outcome-tag-${line.outcome}`}>
                        {line.outcome !== 'info' && <span className="outcome">{outcomeLabels[line.outcome]}</span>} {line.text}
                        {/* The service's sentence usually says what it cost; the figure is added only when it does not. */}
                        {line.deduction > 0 && !line.text.includes(`−${line.deduction}`) && <span className="deduction"> −{line.deduction}</span>}
                      </li>
                    ))}
                  </ul>
                )}
                {!compact && objective.lines.length === 0 && <div className="muted small">Nothing deducted.</div>}
              </td>
              <td className="num score-cell"><span className={objective.score >= 80 ? 'score-good' : objective.score >= 50 ? 'score-fair' : 'score-poor'}>{objective.score}</span></td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><th scope="row">Overall (mean of the objectives)</th><td className="num score-cell"><strong>{score.overall}</strong></td></tr>
        </tfoot>
      </table>
      {!compact && score.info.length > 0 && (
        <ul className="score-info" aria-label="Timings">
          {score.info.map((line, index) => (
            <li key={index}>{line.text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
