import { useState, type FormEvent } from 'react';
import type { ActionItem } from '../../../src-main/contract';
import { localTime } from '../../format';
import { useActions } from '../../hooks/stores';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import type { ActionChange } from '../../stores/actionStore';
import { PasteGuardWarning } from '../common/PasteGuardWarning';

/** One action item: read, edited in place, finished or reopened. */
export function ActionItemRow({ item }: { item: ActionItem }) {
  const update = useActions((state) => state.update);
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(item.title);
  const [owner, setOwner] = useState(item.owner);
  const [due, setDue] = useState(item.due ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const guard = usePasteGuard('action item', title, setTitle, () => void save());
  const done = item.status === 'done';

  const startEditing = () => {
    setTitle(item.title);
    setOwner(item.owner);
    setDue(item.due ?? '');
    setError(null);
    setEditing(true);
  };

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (!title.trim()) return setError('Not saved: an action item needs a title.');
    // Only what changed is sent: Save with nothing changed just closes the editor.
    const change: ActionChange = {};
    if (title !== item.title) change.title = title;
    if (owner !== item.owner) change.owner = owner;
    if ((due || null) !== item.due) change.due = due || null;
    if (Object.keys(change).length === 0) return setEditing(false);
    setBusy(true);
    if (change.title !== undefined) {
      const checked = await guard.beforeSubmit(change.title);
      if (checked === null) return setBusy(false);
      change.title = checked;
    }
    const result = await update(item.incidentId, item.id, change);
    setBusy(false);
    guard.afterSubmit(result);
    // A failure keeps the edits on screen with the reason.
    if (!result.ok) return setError(`Not saved: ${result.error.message}`);
    setError(null);
    setEditing(false);
  }

  async function setStatus(status: 'open' | 'done') {
    setBusy(true);
    const result = await update(item.incidentId, item.id, { status });
    setBusy(false);
    setError(result.ok ? null : `${status === 'done' ? 'Not marked done' : 'Not reopened'}: ${result.error.message}`);
  }

  const rowClass = `action-row ${done ? 'action-done' : ''} ${item.overdue ? 'action-overdue' : ''}`;
  if (editing) {
    return (
      <tr className={rowClass} aria-label={`${item.id} ${item.title}`}>
        <td className="mono">{item.id}</td>
        <td colSpan={4}>
          <form id={`edit-${item.incidentId}-${item.id}`} className="action-edit" aria-label={`Edit ${item.id}`} onSubmit={(event) => void save(event)}>
            <label className="field action-form-title">
              <span>Action item</span>
              <input value={title} onChange={(e) => setTitle(e.target.value)} onPaste={guard.onPaste} maxLength={300} autoFocus aria-invalid={guard.warning !== null} />
            </label>
            <label className="field">
              <span>Owner</span>
              <input value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={120} placeholder="nobody yet" />
            </label>
            <label className="field">
              <span>Due</span>
              <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
            </label>
          </form>
          <PasteGuardWarning guard={guard} />
          {error && <p className="field-error" role="alert">{error}</p>}
        </td>
        <td className="action-buttons">
          <button type="submit" form={`edit-${item.incidentId}-${item.id}`} className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
          <button type="button" onClick={() => setEditing(false)} disabled={busy}>Cancel</button>
        </td>
      </tr>
    );
  }
  return (
    <tr className={rowClass} aria-label={`${item.id} ${item.title}`}>
      <td className="mono">{item.id}</td>
      <td className="action-title">
        {item.title}
        {error && <p className="field-error" role="alert">{error}</p>}
      </td>
      <td>{item.owner || <span className="muted">nobody yet</span>}</td>
      <td className="action-due">
        {item.due ?? <span className="muted">no date</span>}
        {item.overdue && <span className="overdue-badge">Overdue</span>}
      </td>
      <td>{done ? <span className="action-status done" title={item.doneAt ? `${localTime(item.doneAt)} by ${item.doneBy ?? ''}` : undefined}>Done</span> : <span className="action-status open">Open</span>}</td>
      <td className="action-buttons">
        {done ? (
          <button type="button" onClick={() => void setStatus('open')} disabled={busy} aria-label={`Reopen ${item.id}`}>Reopen</button>
        ) : (
          <>
            <button type="button" onClick={startEditing} disabled={busy} aria-label={`Edit ${item.id}`}>Edit</button>
            <button type="button" className="primary" onClick={() => void setStatus('done')} disabled={busy} aria-label={`Mark ${item.id} done`}>Done</button>
          </>
        )}
      </td>
    </tr>
  );
}
