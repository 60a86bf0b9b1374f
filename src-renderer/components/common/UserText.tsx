import type { ElementType } from 'react';
import { splitUserText, visibleUserText } from '../../userText';
import './UserText.css';

/**
 * Text someone typed: its direction taken from its own first strong letter (`dir="auto"`), and
 * any bidirectional control shown as a marked token instead of silently reordering what follows.
 */
export function UserText({ text, as: Tag = 'span', className, title, dir = 'auto' }: { text: string; as?: ElementType; className?: string; title?: boolean; dir?: 'auto' | 'ltr' }) {
  const parts = splitUserText(text);
  return (
    <Tag dir={dir} className={className} title={title ? visibleUserText(text) : undefined}>
      {parts.map((part, index) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <span key={index} className="bidi-control" title={`Hidden direction control ${part.name} (U+${part.char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`}>
            ⟨{part.name}⟩
          </span>
        ),
      )}
    </Tag>
  );
}
