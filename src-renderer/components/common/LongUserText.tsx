import { useState } from 'react';
import { collapsePoint } from '../../userText';
import { UserText } from './UserText';

const limit = 600;
const maxLines = 8;

/** A note or other user text that may be huge: the first lines, and "Show all" for the rest, so a paste never floods the page. */
export function LongUserText({ text, className }: { text: string; className?: string }) {
  const [expanded, setExpanded] = useState(false);
  const cut = collapsePoint(text, limit, maxLines);
  if (cut === null) return <div className={className}><UserText text={text} as="div" /></div>;
  const hidden = text.length - cut;
  return (
    <div className={className}>
      <UserText text={expanded ? text : `${text.slice(0, cut)}…`} as="div" />
      <button type="button" className="link long-text-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {expanded ? 'Show less' : `Show all (${hidden.toLocaleString('en')} more characters)`}
      </button>
    </div>
  );
}
