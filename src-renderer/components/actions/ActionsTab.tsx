import { useEffect, useState, type FormEvent } from 'react';
import { useActions, useUi } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import { ActionItemRow } from './ActionItemRow';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { PasteGuardWarning } from '../common/PasteGuardWarning';
import './Actions.css';

export const actionTitleFieldId = (incidentId: string) => `action-title-${incidentId}`;

function AddActionForm({ incidentId }: { incidentId: string }) {
  const add = useActions((state) => state.add);
  const focusRequest = useUi((state) => state.focusRequest);
  const requestFocus = useUi((state) => state.requestFocus);
  // Drafts: switching tabs or a failed add never loses what was typed.
  const [title, setTitle, clearTitle] = useDraft(`action:${incidentId}:title`);
  const [owner, setOwner, clearOwner] = useDraft(`action:${incidentId}:owner`);
  const [due, setDue, clearDue] = useDraft(`action:${incidentId}:due`);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const guard = usePasteGuard('action item', title, setTitle, () => void submit());
  const fieldId = actionTitleFieldId(incidentId);

  // The palette's "Add action item" lands here.
  useEffect(() => {
    if (focusRequest !== fieldId) return;
    document.getElementById(fieldId)?.focus();
    requestFocus(null);
  }, [fieldId, focusRequest, requestFocus]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (!title.trim()) return setMessage({ text: 'Not added: say what is to be done.', failed: true });
    setBusy(true);
    const checked = await guard.beforeSubmit(title);
    if (checked === null) return setBusy(false);
    const result = await add(incidentId, { title: checked, owner: owner.trim() || undefined, due: due || undefined });
    setBusy(false);
    guard.afterSubmit(result);
    if (!result.ok) return setMessage({ text: `Not added: ${result.error.message}`, failed: true });
    setMessage({ text: `Added ${result.value.id}: ${result.value.title}.`, failed: false });
    clearTitle(title);
    clearOwner(owner);
    clearDue(due);
  }

  return (
    <form className="action-form" aria-label="Add an action item" onSubmit={(event) => void submit(event)}>
      <label className="field action-form-title">
        <span>Action item</span>
        <input id={fieldId} value={title} onChange={(e) => setTitle(e.target.value)} onPaste={guard.onPaste} placeholder="Add a pre-commit hook that blocks secrets" maxLength={300} aria-invalid={guard.warning !== null} />
      </label>
      <label className="field">
        <span>Owner</span>
        <input value={owner} onChange={(e) => setOwner(e.target.value)} placeholder="who does it" maxLength={120} />
      </label>
      <label className="field">
        <span>Due</span>
        <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Adding…' : 'Add action item'}</button>
      <div className="action-form-notes">
        <PasteGuardWarning guard={guard} />
        {message && <p className={`status-line ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
      </div>
    </form>
  );
}

/** The incident's follow-ups: prevention work, fixes, runbook changes, with owners and due dates. */
export function ActionsTab({ incidentId }: { incidentId: string }) {
  const items = useActions((state) => state.items[incidentId]);
  const loadError = useActions((state) => state.loadErrors[incidentId]);
  const load = useActions((state) => state.load);

  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  const open = items?.filter((item) => item.status === 'open') ?? [];
  const overdue = open.filter((item) => item.overdue).length;
  const done = (items?.length ?? 0) - open.length;
  // Overdue first, then by due date (no date last), then in the order added; done ones at the end.
  const shown = [...(items ?? [])].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    return (a.due ?? '9999') < (b.due ?? '9999') ? -1 : (a.due ?? '9999') > (b.due ?? '9999') ? 1 : 0;
  });

  return (
    <section className="actions" aria-label="Action items">
      <AddActionForm incidentId={incidentId} />
      {loadError && <LoadError what="this incident's action items" message={loadError} onRetry={() => load(incidentId)} stale={items !== undefined} />}
      {!items && !loadError && <Loading what="this incident's action items" onRetry={() => load(incidentId)} />}
      {items?.length === 0 && <p className="muted small">No action items yet. Add what must change so this does not happen again: each goes on the timeline and into the postmortem.</p>}
      {items && items.length > 0 && (
        <>
          <p className="actions-summary" role="status">
            <strong>{open.length} open</strong>
            {overdue > 0 && <span className="overdue-count"> · {overdue} overdue</span>}
            <span className="muted"> · {done} done</span>
          </p>
          <table className="actions-table">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Action item</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col"><span className="visually-hidden">Change</span></th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => <ActionItemRow key={item.id} item={item} />)}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
