import { useState } from 'react';
import type { DrillAnswer } from '../../../src-main/contract';
import { useDraft } from '../../hooks/useDraft';
import { useDrills } from '../../hooks/stores';

/** One discussion question and the team's answer: typed text is kept as a draft until saved (drill.answer). */
export function DrillQuestion({ incidentId, question, readOnly }: { incidentId: string; question: DrillAnswer; readOnly: boolean }) {
  const answer = useDrills((state) => state.answer);
  const [draft, setDraft, clearDraft] = useDraft(`drillAnswer:${incidentId}:${question.questionId}`);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const fieldId = `drill-answer-${question.questionId}`;
  const shown = editing || draft !== '' ? draft : (question.answer ?? '');

  const save = async () => {
    const text = shown.trim();
    if (!text) return setError('Write an answer first.');
    setSaving(true);
    const result = await answer(incidentId, question.questionId, text);
    setSaving(false);
    if (result.ok) {
      setError(null);
      setEditing(false);
      clearDraft(draft);
    } else setError(result.error.message);
  };

  return (
    <li className="drill-question">
      <label htmlFor={fieldId}>{question.text}</label>
      {readOnly ? (
        <p className="drill-body">{question.answer ?? <span className="muted">Not answered.</span>}</p>
      ) : (
        <>
          <textarea
            id={fieldId}
            rows={3}
            value={shown}
            placeholder="The team's answer"
            onChange={(event) => {
              setEditing(true);
              setDraft(event.target.value);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void save();
              }
            }}
          />
          <div className="drill-question-actions">
            {error && <span className="field-error" role="alert">{error}</span>}
            {!error && question.answer !== null && shown === question.answer && <span className="muted small">✓ Saved</span>}
            <button type="button" disabled={saving || shown.trim() === '' || shown === question.answer} onClick={() => void save()}>
              {saving ? 'Saving…' : 'Save answer'}
            </button>
          </div>
        </>
      )}
    </li>
  );
}
