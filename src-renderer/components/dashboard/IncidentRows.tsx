import { defaultRangeExtractor, useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useListTop } from '../../hooks/useWindowRows';
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

/** Rows of a paged list are asked for this far ahead of the screen. */
const loadAhead = 60;

interface IncidentRowsProps {
  incidents: readonly Incident[];
  /** Every row of the list, loaded or not (a paged list): rows not loaded yet hold their place. */
  count?: number;
  /** Asks for the rows up to this index to be loaded. */
  onNeedMore?(index: number): void;
  onOpen(id: string): void;
}

/**
 * The incident rows, only those on screen (and a few either side) in the page: years of incidents
 * cost what a screenful does. Arrow keys, Home and End move between rows, scrolling as needed; the
 * focused row stays in the page when it scrolls away, so the keyboard never loses its place. A paged
 * list is sized for all its rows: those not loaded yet show as placeholders and load as they near the screen.
 */
export function IncidentRows({ incidents, count = incidents.length, onNeedMore, onOpen }: IncidentRowsProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const listTop = useListTop(listRef);
  // The incident whose row has focus, by id: a pushed change can move it up or down the list.
  const activeId = useRef<string | null>(null);
  const activeIndex = activeId.current === null ? -1 : incidents.findIndex((incident) => incident.id === activeId.current);
  const activeIndexRef = useRef(activeIndex);
  activeIndexRef.current = activeIndex;
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize: () => estimatedRowHeight,
    overscan: 8,
    scrollMargin: listTop,
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    getItemKey: (index) => incidents[index]?.id ?? `row-${index}`,
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      const active = activeIndexRef.current;
      return active >= 0 && !indexes.includes(active) ? [...indexes, active].sort((a, b) => a - b) : indexes;
    },
  });
  // Every key press asks again, even for the row asked for last time.
  const [focusRequest, setFocusRequest] = useState<{ index: number; seq: number } | null>(null);
  // A row asked for before its page came is focused again once it has.
  const requestedLoaded = focusRequest !== null && focusRequest.index < incidents.length;
  useEffect(() => {
    if (!focusRequest) return;
    const loaded = shown.current[focusRequest.index];
    if (loaded) activeId.current = loaded.id;
    virtualizer.scrollToIndex(focusRequest.index, { align: 'auto' });
    // The row exists once the scroll has rendered it.
    const frame = requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-index="${focusRequest.index}"]`)?.focus());
    return () => cancelAnimationFrame(frame);
  }, [focusRequest, requestedLoaded, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const lastDrawn = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onNeedMore && lastDrawn + loadAhead >= incidents.length && incidents.length < count) onNeedMore(Math.min(count - 1, lastDrawn + loadAhead));
  }, [onNeedMore, lastDrawn, incidents.length, count]);

  // Stable, so the memoized rows are not drawn again on each clock tick.
  const shown = useRef(incidents);
  shown.current = incidents;
  const rowCount = useRef(count);
  rowCount.current = count;
  const move = useCallback((event: KeyboardEvent, index: number) => {
    const count = rowCount.current;
    // From the row last asked for: a held-down arrow outruns the focus, which moves a frame later.
    const requested = shown.current.findIndex((incident) => incident.id === activeId.current);
    const from = requested >= 0 ? requested : index;
    const target = { ArrowDown: from + 1, ArrowUp: from - 1, Home: 0, End: count - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(count - 1, target));
    activeId.current = shown.current[next]?.id ?? null;
    setFocusRequest((previous) => ({ index: next, seq: (previous?.seq ?? 0) + 1 }));
  }, []);
  const focused = useCallback((id: string) => (activeId.current = id), []);

  return (
    <div role="rowgroup" ref={listRef} className="incident-rows" style={{ height: virtualizer.getTotalSize() }}>
      {items.map((item) => {
        const incident = incidents[item.index];
        const offset = item.start - listTop;
        if (!incident) return <PlaceholderRow key={item.key} index={item.index} offset={offset} measure={virtualizer.measureElement} onMove={move} />;
        return <IncidentRow key={item.key} incident={incident} index={item.index} offset={offset} measure={virtualizer.measureElement} onOpen={onOpen} onMove={move} onFocus={focused} />;
      })}
    </div>
  );
}

interface RowProps {
  incident: Incident;
  index: number;
  /** From the top of the list, in pixels. */
  offset: number;
  measure(element: HTMLElement | null): void;
  onOpen(id: string): void;
  onMove(event: KeyboardEvent, index: number): void;
  onFocus(id: string): void;
}

/** Memoized: the per-second tick re-renders only the SLA clocks, not every row. */
const IncidentRow = memo(
  function IncidentRow({ incident, index, offset, measure, onOpen, onMove, onFocus }: RowProps) {
    // Whole in its tooltip: with the year (a declaration half a year old or more) it is cut on a laptop-wide column.
    const declared = localTime(incident.declaredAt);
    return (
      <div
        className="incident-row"
        role="row"
        aria-rowindex={index + 2}
        data-index={index}
        ref={measure}
        style={{ transform: `translateY(${offset}px)` }}
        tabIndex={0}
        onFocus={() => onFocus(incident.id)}
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
        <span role="cell" className="muted" title={declared}>{declared}</span>
      </div>
    );
  },
  (before, after) => before.incident === after.incident && before.index === after.index && before.offset === after.offset && before.onMove === after.onMove && before.onOpen === after.onOpen,
);

/** A row whose page has not come yet: it holds the row's place and its keyboard focus. */
function PlaceholderRow({ index, offset, measure, onMove }: { index: number; offset: number; measure(element: HTMLElement | null): void; onMove(event: KeyboardEvent, index: number): void }) {
  return (
    <div className="incident-row placeholder-row" role="row" aria-rowindex={index + 2} aria-busy="true" data-index={index} ref={measure} style={{ transform: `translateY(${offset}px)` }} tabIndex={0} onKeyDown={(event) => onMove(event, index)}>
      <span role="cell" className="muted">Loading…</span>
    </div>
  );
}

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
