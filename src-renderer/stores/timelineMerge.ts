import type { TimelineEntry } from '../../src-main/contract';

/** Timeline order: by `position` as text, code unit by code unit (the contract's rule); by seq where a server gives none. */
function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  if (a.position === undefined || b.position === undefined) return a.seq - b.seq;
  return a.position < b.position ? -1 : a.position > b.position ? 1 : 0;
}

/**
 * The entries of `entries` not among `held`. The same stored event has the same seq (numbering this
 * laptop's events) and the same position (holding the event's hash): either one names it.
 */
export function notHeld(held: TimelineEntry[], entries: TimelineEntry[]): TimelineEntry[] {
  const seqs = new Set(held.map((entry) => entry.seq));
  const positions = new Set(held.map((entry) => entry.position));
  return entries.filter((entry) => !seqs.has(entry.seq) && (entry.position === undefined || !positions.has(entry.position)));
}

/**
 * The held entries (oldest first) with the arrived ones put in their place: an entry held already is
 * replaced, never shown twice. An entry merged from another laptop may belong anywhere in the timeline;
 * one before `floor` (the oldest held, when older entries are still to load) is left to paging back,
 * which reaches it there, so the held entries stay one unbroken stretch of the timeline.
 */
export function mergeTimeline(held: TimelineEntry[], arrived: TimelineEntry[], floor?: TimelineEntry): TimelineEntry[] {
  const placed = arrived.filter((entry) => !floor || compareEntries(entry, floor) >= 0).sort(compareEntries);
  const kept = notHeld(arrived, held);
  const merged: TimelineEntry[] = [];
  let i = 0;
  for (const entry of placed) {
    while (i < kept.length && compareEntries(kept[i]!, entry) <= 0) merged.push(kept[i++]!);
    merged.push(entry);
  }
  return merged.concat(kept.slice(i));
}
