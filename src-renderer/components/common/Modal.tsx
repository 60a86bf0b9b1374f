import { useEffect, useRef, type ReactNode } from 'react';
import { isTextField } from '../../hooks/useShortcuts';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
  /** Escape in a field closes the dialog (a palette); otherwise it only leaves the field and keeps what was typed. */
  closeFromFields?: boolean;
}

/** A native <dialog>: focus is trapped and Escape closes it, as a responder expects (from a field: leaves the field first). */
export function Modal({ title, onClose, children, wide = false, closeFromFields = false }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // showModal() focuses the first focusable element (the close button): put focus where typing goes.
    dialog.querySelector<HTMLElement>('input, textarea, select')?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${wide ? 'modal-wide' : ''}`}
      aria-label={title}
      // Chromium may skip `cancel` (close-watcher rules) and close the dialog natively: handle
      // Escape ourselves and treat a native close as a close, so React state never disagrees.
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        if (!closeFromFields && isTextField(event.target)) (event.target as HTMLElement).blur();
        else onClose();
      }}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClose={onClose}
    >
      <header className="modal-header">
        <h2>{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      {children}
    </dialog>
  );
}
