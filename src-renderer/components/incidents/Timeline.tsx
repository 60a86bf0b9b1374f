import { memo, useMemo, useState, type KeyboardEvent } from 'react';
import type { TimelineEntry } from '../../../src-main/contract';
import { localTime, sinceDeclared } from '../../format';
import { useWindowRows } from '../../hooks/useWindowRows';
import { LongUserText } from '../common/LongUserText';
import './Timeline.css';

const kinds: Record<string, string> = {
  'incident.declared': 'declared',
  'incident.noteAdded': 'note',
  'incident.statusChanged': 'status',
  'incident.severityChanged': 'severity',
  'incident.commanderChanged': 'commander',
  'incident.variablesSet': 'variables',
  'incident.roleChanged': 'role',
  'sla.breached': 'breach',
  'incident.acknowledged': 'status',
  'incident.phaseAdvanced': 'phase',
  'checklist.snapshotted': 'checklist',
  'checklist.stepChanged': 'step',
  'checklist.stepNoted': 'note',
  'checklist.stepAdded': 'step',
  'checklist.stepAssigned': 'step',
  'escalation.due': 'escalation',
  'escalation.acknowledged': 'escalation',
  'comms.sent': 'comms',
  'action.added': 'action',
  'action.updated': 'action',
};

/** A one-line entry and its padding, before it is measured. */
const estimatedEntryHeight = 52;

function matches(entry: TimelineEntry, words: string[]): boolean {
  const haystack = `${entry.summary} ${entry.actor} ${kinds[entry.type] ?? entry.type} #${entry.seq}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * Newest first: at 3 a.m. the last thing that happened matters most. Each time also reads as T+ since
 * the declaration. Only the entries on screen are in the page (an incident may hold thousands), so the
 * filter box is how to find words in it: the browser's own find cannot reach entries off screen.
 */
export function Timeline({ entries, declaredAt }: { entries: TimelineEntry[]; declaredAt: string }) {
  const [filter, setFilter] = useState('');
  const newestFirst = useMemo(() => [...entries].reverse(), [entries]);
  const shown = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    return words.length ? newestFirst.filter((entry) => matches(entry, words)) : newestFirst;
  }, [newestFirst, filter]);
  const { listRef, listTop, virtualizer, onKeyDown, onFocusRow, tabStop } = useWindowRows<HTMLOListElement>({
    count: shown.length,
    key: (index) => shown[index]!.seq,
    estimateSize: estimatedEntryHeight,
    keepFirst: 12,
  });

  return (
    <>
      <div className="timeline-filter">
        <input type="search" aria-label="Filter the timeline" placeholder="Filter the timeline (words, a name, #seq)" value={filter} onChange={(event) => setFilter(event.target.value)} />
        {filter.trim() && <span className="muted small" role="status">{shown.length} of {entries.length} entries</span>}
      </div>
      {filter.trim() && shown.length === 0 && <p className="muted small">No entry matches “{filter.trim()}”.</p>}
      <ol className="timeline" aria-label="Timeline" ref={listRef} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <Entry
            key={item.key}
            entry={shown[item.index]!}
            declaredAt={declaredAt}
            index={item.index}
            setSize={shown.length}
            offset={item.start - listTop}
            tabbable={item.index === tabStop}
            measure={virtualizer.measureElement}
            onKeyDown={onKeyDown}
            onFocus={onFocusRow}
          />
        ))}
      </ol>
    </>
  );
}

interface EntryProps {
  entry: TimelineEntry;
  declaredAt: string;
  index: number;
  setSize: number;
  /** From the top of the list, in pixels. */
  offset: number;
  tabbable: boolean;
  measure(element: HTMLElement | null): void;
  onKeyDown(event: KeyboardEvent, index: number): void;
  onFocus(index: number): void;
}

const Entry = memo(function Entry({ entry, declaredAt, index, setSize, offset, tabbable, measure, onKeyDown, onFocus }: EntryProps) {
  return (
    <li
      className={`timeline-entry kind-${kinds[entry.type] ?? 'other'}${entry.payload.reversal === true ? ' is-reversal' : ''}`}
      data-index={index}
      ref={measure}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      tabIndex={tabbable ? 0 : -1}
      style={{ transform: `translateY(${offset}px)` }}
      onKeyDown={(event) => onKeyDown(event, index)}
      onFocus={() => onFocus(index)}
    >
      <div className="timeline-meta">
        <time dateTime={entry.at}>{localTime(entry.at)}</time>
        <span className="since-declared" title="Time since the incident was declared">{sinceDeclared(entry.at, declaredAt)}</span>
        <span className="actor">{entry.actor}</span>
        <span className="seq">#{entry.seq}</span>
      </div>
      {/* Summaries carry user words (notes, step names): shown as user text, long ones collapsed. */}
      <LongUserText text={entry.summary} className="timeline-summary" />
    </li>
  );
});
