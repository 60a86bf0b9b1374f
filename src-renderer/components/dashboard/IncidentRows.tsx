import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Incident } from '../../../src-main/contract';
import { localTime } from '../../format';
import { ImpactTags } from '../common/ImpactTags';
import { SeverityBadge } from '../common/SeverityBadge';
import { SlaClock } from '../common/SlaClock';
import { StatusPill } from '../common/StatusPill';
import { UserText } from '../common/UserText';
import { visibleUserText } from '../../userText';

/** A row's height before it is measured (one line of text and its padding). */
const estimatedRowHeight = 38;

/**
 * The incident rows, only those on screen (and a few either side) in the page: years of incidents
 * cost what a screenful does. Arrow keys, Home and End move between rows, scrolling as needed.
 */
export function IncidentRows({ incidents, onOpen }: { incidents: readonly Incident[]; onOpen(id: string): void }) {
  const listRef = useRef<HTMLDivElement>(null);
  // Where the list starts in the page: the alarms above it grow and shrink.
  const [listTop, setListTop] = useState(0);
  useLayoutEffect(() => {
    const top = Math.round((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
    if (top !== listTop) setListTop(top);
  });
  const virtualizer = useWindowVirtualizer({
    count: incidents.length,
    estimateSize: () => estimatedRowHeight,
    overscan: 8,
    scrollMargin: listTop,
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    getItemKey: (index) => incidents[index]!.id,
  });
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  useEffect(() => {
    if (focusIndex === null) return;
    virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
    // The row exists once the scroll has rendered it.
    const frame = requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`)?.focus());
    return () => cancelAnimationFrame(frame);
  }, [focusIndex, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const before = items.length ? items[0]!.start - listTop : 0;
  const after = items.length ? virtualizer.getTotalSize() - (items.at(-1)!.end - listTop) : 0;
  // Stable, so the memoized rows are not drawn again on each clock tick.
  const count = useRef(incidents.length);
  count.current = incidents.length;
  const move = useCallback((event: KeyboardEvent, index: number) => {
    const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count.current - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    setFocusIndex(Math.max(0, Math.min(count.current - 1, target)));
  }, []);

  return (
    <div role="rowgroup" ref={listRef}>
      {before > 0 && <div aria-hidden style={{ height: before }} />}
      {items.map((item) => {
        const incident = incidents[item.index]!;
        return (
          <IncidentRow
            key={item.key}
            incident={incident}
            index={item.index}
            measure={virtualizer.measureElement}
            onOpen={onOpen}
            onMove={move}
          />
        );
      })}
      {after > 0 && <div aria-hidden style={{ height: after }} />}
    </div>
  );
}

interface RowProps {
  incident: Incident;
  index: number;
  measure(element: HTMLElement | null): void;
  onOpen(id: string): void;
  onMove(event: KeyboardEvent, index: number): void;
}

/** Memoized: the per-second tick re-renders only the SLA clocks, not every row. */
const IncidentRow = memo(
  function IncidentRow({ incident, index, measure, onOpen, onMove }: RowProps) {
    return (
      <div
        className="incident-row"
        role="row"
        aria-rowindex={index + 2}
        data-index={index}
        ref={measure}
        tabIndex={0}
        onClick={() => onOpen(incident.id)}
        onKeyDown={(event) => (event.key === 'Enter' ? onOpen(incident.id) : onMove(event, index))}
      >
        <span role="cell"><SlaClock sla={incident.sla} /></span>
        <span role="cell"><SeverityBadge severity={incident.severity} label={incident.severityLabel} rank={incident.severityRank} /></span>
        <span role="cell" className="mono">{incident.id}</span>
        <span role="cell" className="title-cell" title={visibleUserText(incident.title)}><UserText text={incident.title} /></span>
        <span role="cell"><StatusPill status={incident.status} /></span>
        <span role="cell" className="phase-cell">{incident.currentPhase}</span>
        <span role="cell"><Progress settled={incident.progress.settled} total={incident.progress.total} /></span>
        <span role="cell"><ImpactTags impact={incident.impact} /></span>
        <span role="cell"><UserText text={incident.commander} /></span>
        <span role="cell" className="muted">{localTime(incident.declaredAt)}</span>
      </div>
    );
  },
  (before, after) => before.incident === after.incident && before.index === after.index && before.onMove === after.onMove && before.onOpen === after.onOpen,
);

function Progress({ settled, total }: { settled: number; total: number }) {
  return (
    <span className="progress" title={`${settled} of ${total} steps done, skipped or not applicable`}>
      <span className="progress-bar" aria-hidden>
        <span style={{ width: total ? `${(settled / total) * 100}%` : '0%' }} />
      </span>
      <span className="muted small">{settled}/{total}</span>
    </span>
  );
}
