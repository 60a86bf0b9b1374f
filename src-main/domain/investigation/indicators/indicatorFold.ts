import { indicatorSourceKinds, indicatorTypes, tlpLevels, type Indicator, type IndicatorSourceKind, type IndicatorType, type Tlp } from '../../../contract';
import { investigationEventTypes, type FoldEvent } from '../investigationEvents';
import { defang, maxIndicatorLength } from './indicatorValues';

export type { FoldEvent };

/** The event types the fold reads. */
export const indicatorEventTypes: readonly string[] = [investigationEventTypes.indicatorsAdded, investigationEventTypes.indicatorUpdated];

/** The map key of an indicator's identity. */
export function indicatorKeyOf(indicator: Pick<Indicator, 'type' | 'value'>): string {
  return `${indicator.type}:${indicator.value}`;
}

/** How strict a TLP marking is: the stricter of two wins when duplicates merge. */
export function tlpRank(tlp: Tlp): number {
  return tlpLevels.indexOf(tlp);
}

// A bundle could carry an indicator with thousands of tags: keep a list the console can show.
const maxFoldedList = 200;
// Loose on purpose: a tag the dispatch redacted (`ghp_…[redacted …]`) holds spaces and must still show.
// eslint-disable-next-line no-control-regex -- control characters are what a tag may not hold
const tagShape = /^[^\u0000-\u001F\u007F]{1,200}$/;
const techniqueShape = /^T\d{4}(?:\.\d{3})?$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTlp = (value: unknown): value is Tlp => typeof value === 'string' && (tlpLevels as readonly string[]).includes(value);

function strings(value: unknown, shape: RegExp): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && shape.test(item)).slice(0, maxFoldedList);
}

function instant(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function union(current: string[], added: string[]): string[] {
  const merged = [...current];
  for (const item of added) if (!merged.includes(item) && merged.length < maxFoldedList) merged.push(item);
  return merged;
}

const earlier = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a <= b ? a : b);
const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a >= b ? a : b);

/** The identity an event names, or null when it does not parse. */
function keyOf(value: unknown): { type: IndicatorType; value: string } | null {
  if (!isRecord(value)) return null;
  const { type, value: text } = value;
  if (typeof type !== 'string' || !(indicatorTypes as readonly string[]).includes(type)) return null;
  if (typeof text !== 'string' || text === '' || text.length > maxIndicatorLength) return null;
  return { type: type as IndicatorType, value: text };
}

function fieldsOf(entry: Record<string, unknown>, event: FoldEvent, key: { type: IndicatorType; value: string }): Indicator {
  const source = isRecord(entry.source) ? entry.source : {};
  const kind = typeof source.kind === 'string' && (indicatorSourceKinds as readonly string[]).includes(source.kind) ? (source.kind as IndicatorSourceKind) : 'manual';
  const at = instant(event.at) ?? '';
  return {
    id: '',
    type: key.type,
    value: key.value,
    defanged: defang(key.type, key.value),
    tlp: isTlp(entry.tlp) ? entry.tlp : 'amber',
    firstSeen: instant(entry.firstSeen),
    lastSeen: instant(entry.lastSeen),
    source: { kind, ref: typeof source.ref === 'string' ? source.ref.slice(0, 200) : '' },
    note: typeof entry.note === 'string' ? entry.note.slice(0, 2_000) : '',
    tags: union([], strings(entry.tags, tagShape)),
    techniques: union([], strings(entry.techniques, techniqueShape)),
    sightings: 1,
    addedAt: at,
    addedBy: typeof event.actor === 'string' ? event.actor : '',
    updatedAt: at,
  };
}

/** Adding a duplicate: add-wins union, so two laptops adding the same indicator converge. */
function merge(held: Indicator, added: Indicator): void {
  held.tags = union(held.tags, added.tags);
  held.techniques = union(held.techniques, added.techniques);
  // Seen times merge as one range over every time given, first or last: a last seen before the first
  // held (or a first after the last) widens the range instead of leaving first after last, which
  // would make every later update of the indicator fail its order check.
  const times = [held.firstSeen, held.lastSeen, added.firstSeen, added.lastSeen].filter((time): time is string => time !== null);
  const anyFirst = held.firstSeen !== null || added.firstSeen !== null;
  const anyLast = held.lastSeen !== null || added.lastSeen !== null;
  held.firstSeen = anyFirst ? times.reduce<string | null>(earlier, null) : null;
  held.lastSeen = anyLast ? times.reduce<string | null>(later, null) : null;
  held.sightings += 1;
  if (tlpRank(added.tlp) > tlpRank(held.tlp)) held.tlp = added.tlp;
  if (held.note === '') held.note = added.note;
  held.updatedAt = added.updatedAt;
}

function applyChanges(held: Indicator, changes: Record<string, unknown>, at: string): void {
  const to = (field: string): unknown => (isRecord(changes[field]) ? (changes[field] as Record<string, unknown>).to : undefined);
  const tlp = to('tlp');
  if (isTlp(tlp)) held.tlp = tlp;
  const note = to('note');
  if (typeof note === 'string') held.note = note.slice(0, 2_000);
  if (Array.isArray(to('tags'))) held.tags = union([], strings(to('tags'), tagShape));
  if (Array.isArray(to('techniques'))) held.techniques = union([], strings(to('techniques'), techniqueShape));
  for (const field of ['firstSeen', 'lastSeen'] as const) {
    if (!isRecord(changes[field])) continue;
    const value = to(field);
    if (value === null) held[field] = null;
    else if (instant(value) !== null) held[field] = instant(value);
  }
  if (at !== '') held.updatedAt = at;
}

/**
 * The incident's indicators, folded from its `indicator.added` and `indicator.updated` events in
 * projection order. Deterministic (same events, same list) and tolerant: an entry from an older or
 * hostile bundle that does not parse is skipped, a field that does not parse falls back to its
 * default, and nothing throws.
 * Ids I1… are assigned in that order.
 */
export function foldIndicators(events: readonly FoldEvent[]): Indicator[] {
  const held = new Map<string, Indicator>();
  for (const event of events) {
    if (!isRecord(event) || !isRecord(event.payload)) continue;
    if (event.type === investigationEventTypes.indicatorsAdded) {
      const entries = event.payload.indicators;
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        const key = keyOf(entry);
        if (!key) continue;
        const added = fieldsOf(entry as Record<string, unknown>, event, key);
        const current = held.get(indicatorKeyOf(key));
        if (current) merge(current, added);
        else held.set(indicatorKeyOf(key), { ...added, id: `I${held.size + 1}` });
      }
    } else if (event.type === investigationEventTypes.indicatorUpdated) {
      const key = keyOf(event.payload.key);
      const current = key ? held.get(indicatorKeyOf(key)) : undefined;
      if (current && isRecord(event.payload.changes)) applyChanges(current, event.payload.changes, instant(event.at) ?? '');
    }
  }
  return [...held.values()];
}
