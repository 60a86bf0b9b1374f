import { useEffect, useRef, useState } from 'react';

/** A heading (or id) edited in place: Enter or leaving the field keeps it, Escape restores it; empty is refused. */
export function InlineName({ value, label, onRename }: { value: string; label: string; onRename(next: string): void }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const button = useRef<HTMLButtonElement>(null);
  // Set once the edit has ended (Enter, Escape), so the blur of the field going away does not save again.
  const done = useRef(false);
  const wasEditing = useRef(false);
  useEffect(() => {
    // Back to the name's button after an edit, so the keyboard stays where the responder was.
    if (!editing && wasEditing.current) button.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  if (!editing) {
    return (
      <button ref={button} type="button" className="inline-name" aria-label={`Rename ${label}`} title="Rename" onClick={() => { done.current = false; setDraft(value); setEditing(true); }}>
        {value} <span aria-hidden className="muted">✎</span>
      </button>
    );
  }
  const finish = (keep: boolean) => {
    if (done.current) return;
    done.current = true;
    const next = draft.trim();
    if (keep && next && next !== value) onRename(next);
    setEditing(false);
  };
  return (
    <input
      autoFocus
      className="inline-name-input"
      aria-label={`New name for ${label}`}
      value={draft}
      maxLength={200}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          // Without this, the Enter's keypress lands on the name's button (focused again) and reopens the edit.
          event.preventDefault();
          finish(true);
        }
        else if (event.key === 'Escape') {
          // Escape here cancels the rename only; it must not also leave the page.
          event.stopPropagation();
          finish(false);
        }
      }}
    />
  );
}
