import { forwardRef, useRef, type ClipboardEvent } from 'react';

const markerSplit = /(\[fill in:[^\]]*\])/g;

interface Props {
  value: string;
  onChange(value: string): void;
  onPaste(event: ClipboardEvent<HTMLTextAreaElement>): void;
  invalid: boolean;
  label: string;
}

/**
 * A textarea whose `[fill in: …]` markers are highlighted: a copy of the text sits behind the
 * transparent field with the markers painted, scrolled with it. The field stays a plain textarea
 * (typing, undo, paste guard, screen readers). It grows with the message up to 30 lines, so most
 * messages are read whole without scrolling.
 */
export const MarkedTextarea = forwardRef<HTMLTextAreaElement, Props>(function MarkedTextarea({ value, onChange, onPaste, invalid, label }, ref) {
  const backdrop = useRef<HTMLDivElement>(null);
  const follow = (field: HTMLTextAreaElement) => {
    if (backdrop.current) backdrop.current.scrollTop = field.scrollTop;
  };
  return (
    <div className="marked-textarea">
      <div className="marked-backdrop" ref={backdrop} aria-hidden>
        {value.split(markerSplit).map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}
        {/* A last empty line still takes its height, as in the field. */}
        {'\n '}
      </div>
      <textarea ref={ref} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} onPaste={onPaste} onScroll={(e) => follow(e.currentTarget)} rows={Math.min(30, Math.max(12, value.split('\n').length + 1))} spellCheck aria-invalid={invalid} />
    </div>
  );
});
