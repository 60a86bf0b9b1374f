import { memo, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
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
  'logs.scanned': 'logs',
  'logs.promoted': 'logs',
  'supply.checked': 'supply',
};

/** A one-line entry and its padding, before it is measured. */
const estimatedEntryHeight = 52;

function matches(entry: TimelineEntry, words: string[]): boolean {
  const haystack = `${entry.summary} ${entry.actor} ${kinds[entry.type] ?? entry.type} #${entry.seq}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** Older entries are asked for once the screen comes this many entries from the end of those held. */
const loadAhead = 20;

interface TimelineProps {
  /** The entries held, oldest first: the newest ones, and older ones as they load. */
  entries: TimelineEntry[];
  declaredAt: string;
  /** Every entry of the incident, held or not. */
  total?: number;
  /** Present while older entries remain to load. */
  older?: { loading: boolean; load(): void };
}

/**
 * Newest first: at 3 a.m. the last thing that happened matters most. Each time also reads as T+ since
 * the declaration. Only the entries on screen are in the page (an incident may hold thousands), so the
 * filter box is how to find words in it: the browser's own find cannot reach entries off screen. Older
 * entries load as the responder scrolls down to them, or with the button at the end.
 */
export function Timeline({ entries, declaredAt, total = entries.length, older }: TimelineProps) {
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
  const lastDrawn = virtualizer.getVirtualItems().at(-1)?.index ?? -1;
  const nearEnd = lastDrawn + loadAhead >= shown.length;
  useEffect(() => {
    if (older && !older.loading && nearEnd && !filter.trim()) older.load();
  }, [older, nearEnd, filter]);
  const held = entries.length < total ? ` (the newest ${entries.length} of ${total})` : '';

  return (
    <>
      <div className="timeline-filter">
        <input type="search" aria-label="Filter the timeline" placeholder="Filter the timeline (words, a name, #seq)" value={filter} onChange={(event) => setFilter(event.target.value)} />
        {filter.trim() && <span className="muted small" role="status">{shown.length} of {entries.length} entries{held}</span>}
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
      {older && (
        <button type="button" className="link timeline-older" disabled={older.loading} onClick={older.load}>
          {older.loading ? 'Loading older entries…' : `Show older entries (${(total - entries.length).toLocaleString('en')} more)`}
        </button>
      )}
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
