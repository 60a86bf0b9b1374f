import { defaultRangeExtractor, useWindowVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

export interface WindowRowsOptions {
  count: number;
  /** A row's key: the row keeps its measured height and its focus across changes to the list. */
  key(index: number): string | number;
  /** A row's height before it is measured. */
  estimateSize: number;
  /** Rows always in the page (the first few): what a screen reader or a test reads first never waits for a scroll. */
  keepFirst?: number;
}

/**
 * Where a list starts in the page, for a window virtualiser's scroll margin: what is above it (alarms,
 * forms) grows and shrinks, so it is measured again whenever the page's body changes size.
 */
export function useListTop(listRef: RefObject<HTMLElement | null>): number {
  const [listTop, setListTop] = useState(0);
  useLayoutEffect(() => {
    const measure = () => setListTop(Math.round((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [listRef]);
  return listTop;
}

/**
 * Rows of a list that follows the page's scroll, only those on screen (and a few either side) in the
 * page: a long list costs what a screenful does. Rows are measured, so notes of any height fit. The row
 * holding the keyboard focus stays in the page when it scrolls away; `onKeyDown` moves it with the
 * arrows, Page Up/Down, Home and End, scrolling as needed (the roving focus of a list of rows).
 */
export function useWindowRows<Element extends HTMLElement>({ count, key, estimateSize, keepFirst = 0 }: WindowRowsOptions) {
  const listRef = useRef<Element>(null);
  const listTop = useListTop(listRef);
  const keyRef = useRef(key);
  keyRef.current = key;
  const countRef = useRef(count);
  countRef.current = count;
  // The focused row, by key: a change above it moves it without losing it.
  const activeKey = useRef<string | number | null>(null);
  const indexOfKey = (wanted: string | number | null) => {
    if (wanted === null) return -1;
    for (let index = 0; index < countRef.current; index += 1) if (keyRef.current(index) === wanted) return index;
    return -1;
  };
  const activeIndex = useRef(-1);
  activeIndex.current = indexOfKey(activeKey.current);
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize: () => estimateSize,
    overscan: 6,
    scrollMargin: listTop,
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    getItemKey: (index) => keyRef.current(index),
    rangeExtractor: (range) => {
      const indexes = new Set(defaultRangeExtractor(range));
      for (let index = 0; index < Math.min(keepFirst, range.count); index += 1) indexes.add(index);
      if (activeIndex.current >= 0 && activeIndex.current < range.count) indexes.add(activeIndex.current);
      return [...indexes].sort((a, b) => a - b);
    },
  });

  // Every key press asks again, even for the row asked for last time.
  const [focusRequest, setFocusRequest] = useState<{ index: number; seq: number } | null>(null);
  useEffect(() => {
    if (!focusRequest) return;
    virtualizer.scrollToIndex(focusRequest.index, { align: 'auto' });
    // The row exists once the scroll has rendered it.
    const frame = requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`:scope > [data-index="${focusRequest.index}"]`)?.focus());
    return () => cancelAnimationFrame(frame);
  }, [focusRequest, virtualizer]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent, index: number) => {
      // Keys pressed inside a row's own controls (a button, a field) are theirs.
      if (event.target !== event.currentTarget) return;
      const total = countRef.current;
      const from = indexOfKey(activeKey.current) >= 0 ? indexOfKey(activeKey.current) : index;
      const page = Math.max(1, Math.floor(window.innerHeight / estimateSize) - 1);
      const target = { ArrowDown: from + 1, ArrowUp: from - 1, PageDown: from + page, PageUp: from - page, Home: 0, End: total - 1 }[event.key];
      if (target === undefined) return;
      event.preventDefault();
      const next = Math.max(0, Math.min(total - 1, target));
      activeKey.current = keyRef.current(next);
      setFocusRequest((previous) => ({ index: next, seq: (previous?.seq ?? 0) + 1 }));
    },
    // The rows are read through refs: the handler stays the same while they change.
    [estimateSize],
  );
  const onFocusRow = useCallback((index: number) => (activeKey.current = keyRef.current(index)), []);
  /** The row the keyboard enters the list at: the focused one, else the first. */
  const tabStop = activeIndex.current >= 0 ? activeIndex.current : 0;

  return { listRef, listTop, virtualizer, onKeyDown, onFocusRow, tabStop };
}
