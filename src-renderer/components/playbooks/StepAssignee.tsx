import { useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { ChecklistStep } from '../../../src-main/contract';
import { useChecklists } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import './StepAssignee.css';

/**
 * Who has taken the step on, on its row; "Assign…" gives it to someone (or takes it back). Clicks
 * stay here: the row's own click selects the step.
 */
export function StepAssignee({ incidentId, step, disabled, selected }: { incidentId: string; step: ChecklistStep; disabled: boolean; selected: boolean }) {
  const assign = useChecklists((state) => state.assign);
  const [open, setOpen] = useState(false);
  const [name, setName, clearName] = useDraft(`assign:${incidentId}:${step.id}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stop = (event: MouseEvent | KeyboardEvent) => event.stopPropagation();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const assignee = name.trim();
    if (assignee === step.assignee) return setError(assignee ? `Already assigned to ${assignee}.` : 'Type who takes it on.');
    setBusy(true);
    const result = await assign(incidentId, step.id, assignee);
    setBusy(false);
    if (!result.ok) return setError(`Not assigned: ${result.error.message}`);
    clearName(name);
    setError(null);
    setOpen(false);
  }

  if (!open) {
    // The button shows on the selected step only: seventeen "assign…" links would drown the steps.
    if (!step.assignee && (disabled || !selected)) return null;
    return (
      <span className="step-assignee" onClick={stop}>
        {step.assignee && (
          <span className="assignee-chip" title={`${step.assignee} has taken this step on`}>
            <span className="muted">owner </span>
            {step.assignee}
          </span>
        )}
        {!disabled && selected && (
          <button type="button" className="link assign-button" aria-label={step.assignee ? `Reassign “${step.text}” (now ${step.assignee})` : `Assign “${step.text}”`} onClick={() => setOpen(true)}>
            {step.assignee ? 'reassign' : 'assign…'}
          </button>
        )}
      </span>
    );
  }
  return (
    <form
      className="assign-form"
      aria-label={`Assign “${step.text}”`}
      onClick={stop}
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        // The row's keys (j/k, x, s) are for the checklist, not this field; Escape closes it and keeps the name.
        event.stopPropagation();
        if (event.key !== 'Escape') return;
        event.preventDefault();
        setOpen(false);
      }}
    >
      <input autoFocus aria-label="Assignee" placeholder={step.assignee ? `instead of ${step.assignee} (empty: nobody)` : 'who takes it on?'} list={`responders-${incidentId}`} value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Assigning…' : name.trim() ? 'Assign' : 'Unassign'}</button>
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      {error && <span className="field-error" role="alert">{error}</span>}
    </form>
  );
}
