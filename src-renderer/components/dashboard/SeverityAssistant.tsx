import { useState } from 'react';
import type { SeverityAnswers, SeverityAssessment } from '../../../src-main/contract';
import { useIncidents } from '../../hooks/stores';

const questions: [keyof Omit<SeverityAnswers, 'usersAffected'>, string][] = [
  ['activeExploitation', 'Is it being actively exploited?'],
  ['dataExposed', 'Is user or confidential data exposed?'],
  ['secretsExposedPublicly', 'Are secrets exposed publicly?'],
  ['productionAffected', 'Is production affected?'],
];

interface Props {
  onAccept(assessment: SeverityAssessment, answers: SeverityAnswers): void;
}

/** Five questions from the runbooks' classification; the responder can accept or override. */
export function SeverityAssistant({ onAccept }: Props) {
  const assess = useIncidents((state) => state.assess);
  const [answers, setAnswers] = useState<SeverityAnswers>({ activeExploitation: false, dataExposed: false, secretsExposedPublicly: false, productionAffected: false, usersAffected: 'none' });
  const [suggestion, setSuggestion] = useState<SeverityAssessment | null>(null);
  const [error, setError] = useState<string | null>(null);

  const update = async (next: SeverityAnswers) => {
    setAnswers(next);
    const result = await assess(next);
    setError(result.ok ? null : `No suggestion: ${result.error.message}`);
    // A suggestion for the previous answers would mislead: it goes with the failure.
    setSuggestion(result.ok ? result.value : null);
  };

  return (
    <div className="assistant" aria-label="Severity assistant">
      <div className="assistant-questions">
        {questions.map(([key, label]) => (
          <label key={key} className="check">
            <input type="checkbox" checked={answers[key]} onChange={(e) => void update({ ...answers, [key]: e.target.checked })} />
            {label}
          </label>
        ))}
        <label className="inline-field">
          How many users?
          <select aria-label="How many users are affected?" value={answers.usersAffected} onChange={(e) => void update({ ...answers, usersAffected: e.target.value as SeverityAnswers['usersAffected'] })}>
            <option value="none">none</option>
            <option value="few">a few</option>
            <option value="many">many</option>
            <option value="all">all</option>
          </select>
        </label>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {suggestion && (
        <div className="assistant-suggestion">
          <div>
            Suggested: <strong>{suggestion.severity} {suggestion.label}</strong>
            <ul>{suggestion.reasons.map((reason) => <li key={reason}>{reason}</li>)}</ul>
          </div>
          <button type="button" className="primary" onClick={() => onAccept(suggestion, answers)}>
            Use {suggestion.severity}
          </button>
        </div>
      )}
    </div>
  );
}
