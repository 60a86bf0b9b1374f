import { useCallback, useState, type KeyboardEvent } from 'react';
import { useIncidents } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import { useRequest } from '../../hooks/useRequest';
import { PasteGuardWarning } from '../common/PasteGuardWarning';
import { DraftKept } from '../common/DraftKept';

/** The note box's element id: the palette's "Add a note" focuses it. */
export const noteFieldId = (incidentId: string) => `note-${incidentId}`;

/** The incident's note box; what is typed stays (tab switch, Escape, a failed save) until it is saved. */
export function NoteComposer({ incidentId }: { incidentId: string }) {
  const addNote = useIncidents((state) => state.addNote);
  const [text, setText, clearText] = useDraft(`note:${incidentId}`);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const guard = usePasteGuard('note', text, setText, () => void submit());
  // The palette's "Add a note" lands here.
  useRequest(noteFieldId(incidentId), useCallback(() => document.getElementById(noteFieldId(incidentId))?.focus(), [incidentId]));

  async function submit() {
    if (busy) return;
    if (!text.trim()) {
      setError('Write something first.');
      return;
    }
    setBusy(true);
    // A secret typed or pasted is replaced by its redacted form first, and the responder sees it before anything is stored.
    const checked = await guard.beforeSubmit(text);
    if (checked === null) return setBusy(false);
    const result = await addNote(incidentId, checked);
    setBusy(false);
    guard.afterSubmit(result);
    if (result.ok) {
      clearText(checked);
      setError(null);
    } else {
      setError(`Note not saved: ${result.error.message}`);
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <div className="note-composer">
      <textarea id={noteFieldId(incidentId)} aria-label="New note" rows={2} value={text} onChange={(e) => setText(e.target.value)} onPaste={guard.onPaste} onKeyDown={onKeyDown} aria-invalid={guard.warning !== null} placeholder="What did you see or do? (Ctrl+Enter to add)" />
      <PasteGuardWarning guard={guard} />
      <div className="note-actions">
        {error && <span className="field-error" role="alert">{error}</span>}
        {!error && <DraftKept incidentId={incidentId} text={text} />}
        <button type="button" className="primary" onClick={() => void submit()} disabled={busy}>
          {busy ? 'Adding…' : 'Add note'}
        </button>
      </div>
    </div>
  );
}
