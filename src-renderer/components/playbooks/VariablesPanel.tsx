import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { IncidentVariable } from '../../../src-main/contract';
import { useChecklists } from '../../hooks/stores';
import { variableFieldId } from './CommandBlock';

interface Props {
  incidentId: string;
  variables: IncidentVariable[];
  closed: boolean;
}

/**
 * The values the incident's commands need ({SHORT_NAME} …), asked once: saved on the incident,
 * they fill every command of every step. Open while any is missing; a line of values once all are in.
 */
export function VariablesPanel({ incidentId, variables, closed }: Props) {
  const setVariables = useChecklists((state) => state.setVariables);
  const missing = variables.filter((variable) => variable.value === null).length;
  const [editing, setEditing] = useState(false);
  // Only what the responder typed; every other field shows the incident's value, as another window or the CLI saved it.
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = (variable: IncidentVariable) => edits[variable.name] ?? variable.value ?? '';

  if (variables.length === 0) return null;
  const open = !closed && (editing || missing > 0);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const changed = Object.fromEntries(variables.filter((variable) => shown(variable).trim() !== (variable.value ?? '')).map((variable) => [variable.name, shown(variable).trim()]));
    if (Object.keys(changed).length === 0) {
      setEditing(false);
      return;
    }
    setBusy(true);
    const result = await setVariables(incidentId, changed);
    setBusy(false);
    if (result.ok) {
      setErrors(null);
      setEdits({});
      setEditing(false);
      return;
    }
    const fields = Object.fromEntries((result.error.fields ?? []).map((field) => [field.field.replace(/^values\./, ''), field.message]));
    // A secret does not stay on screen (shared screens, shoulder surfers): its field goes back to the stored value.
    const secrets = Object.keys(fields).filter((name) => fields[name]!.includes('looks like a secret'));
    if (secrets.length) {
      setEdits((current) => Object.fromEntries(Object.entries(current).filter(([name]) => !secrets.includes(name))));
      for (const name of secrets) fields[name] = `${fields[name]!}. The field is back to its saved value.`;
    }
    setErrors({ message: result.error.fields?.length ? 'Not saved: fix the values marked below.' : `Not saved: ${result.error.message}`, fields });
  };

  // Escape leaves the field, never the incident, and keeps what was typed.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      event.currentTarget.blur();
    }
  };

  if (!open) {
    return (
      <section className="command-values is-compact" aria-label="Command values">
        <span className="command-values-title">Command values</span>
        <span className="command-values-list">
          {variables.map((variable) => (
            <span key={variable.name} className="command-value" title={variable.label}>
              {`{${variable.name}}`} = <code>{variable.value ?? '—'}</code>
            </span>
          ))}
        </span>
        {!closed && (
          <button type="button" className="link" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </section>
    );
  }

  return (
    <form className="command-values" aria-label="Command values" onSubmit={(event) => void save(event)}>
      <div className="command-values-head">
        <span className="command-values-title">Command values</span>
        <span className="muted small">
          {missing > 0 ? `${missing} of ${variables.length} still to fill. ` : ''}Asked once: every command of this incident uses them, quoted so each stays one argument. Never a secret.
        </span>
      </div>
      {errors && (
        <p className="field-error" role="alert">
          {errors.message}
        </p>
      )}
      <div className="command-values-grid">
        {variables.map((variable) => {
          const error = errors?.fields[variable.name];
          return (
            <label key={variable.name} className="command-value-field">
              <span className="command-value-label">
                <code>{`{${variable.name}}`}</code> {variable.label}
                <span className="muted small"> · {variable.usedBy === 1 ? '1 step' : `${variable.usedBy} steps`}</span>
              </span>
              <input
                id={variableFieldId(variable.name)}
                value={shown(variable)}
                placeholder={variable.example ? `e.g. ${variable.example}` : undefined}
                spellCheck={false}
                autoComplete="off"
                readOnly={busy}
                aria-invalid={error ? true : undefined}
                onChange={(event) => setEdits({ ...edits, [variable.name]: event.target.value })}
                onKeyDown={onKeyDown}
              />
              {error && <span className="field-error">{error}</span>}
            </label>
          );
        })}
      </div>
      <div className="command-values-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save values'}
        </button>
        {missing === 0 && (
          <button type="button" onClick={() => { setEditing(false); setErrors(null); setEdits({}); }}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
