import type { InvestigationFacts } from '../comms/investigationSections';
import { assetEventTypes, foldAssets } from './assets/assetFold';
import { clockEventTypes, foldClocks } from './assets/clockFold';
import { foldIndicators, indicatorEventTypes, type FoldEvent } from './indicators/indicatorFold';
import { investigationEventTypes } from './investigationEvents';
import { minuteInOffset, retroactiveAfterMs } from './timeline/occurredTime';
import { linksByEvent } from './timeline/timelineLinks';

const only = (events: readonly FoldEvent[], types: readonly string[]) => events.filter((event) => types.includes(event.type));

/**
 * The investigation record of one incident, from its events in projection order, for reports: no
 * clock (a clock's state is left to the reader: met or not is in the events) and no catalogue (a
 * technique is named by its id, the same on every laptop).
 */
export function investigationFacts(events: readonly FoldEvent[]): InvestigationFacts {
  const indicators = foldIndicators(only(events, indicatorEventTypes));
  const assets = foldAssets(only(events, assetEventTypes));
  // The epoch as "now": states are not used, only start, deadline and when each was met.
  const clocks = foldClocks(only(events, clockEventTypes), new Date(0).toISOString());
  const where = new Map<string, string[]>();
  const note = (id: string, place: string) => where.set(id, [...(where.get(id) ?? []), place]);
  for (const indicator of indicators) for (const id of indicator.techniques) note(id, `indicator ${indicator.id}`);
  for (const asset of assets) for (const id of asset.techniques) note(id, `asset ${asset.id}`);
  // Entries of the timeline (a note, a status change, an entry added after the fact) linked to a technique, directly
  // or by a later tag; indicator and asset events carry their own techniques, counted above, and a tag event is not an entry.
  const typeOf = new Map(events.map((event) => [event.hash, event.type]));
  const entries = new Map<string, number>();
  for (const [hash, links] of linksByEvent(events)) {
    const type = typeOf.get(hash) ?? '';
    if (type === investigationEventTypes.timelineTagged || indicatorEventTypes.includes(type) || assetEventTypes.includes(type)) continue;
    for (const id of links.techniques) entries.set(id, (entries.get(id) ?? 0) + 1);
  }
  for (const [id, count] of entries) note(id, `${count} timeline entr${count === 1 ? 'y' : 'ies'}`);
  const techniques = [...where].map(([id, places]) => ({ id, where: places })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { indicators, assets, clocks, techniques };
}

/**
 * For a report's timeline, ordered by when each entry was recorded: an entry added after the fact
 * says when it happened first (`Happened 2026-11-30 09:15 +02:00, recorded later: `), else ''.
 */
export function happenedEarlier(event: { type: string; at: string; payload: Record<string, unknown> }): string {
  if (event.type !== investigationEventTypes.timelineEntry) return '';
  const { occurredAt, offset } = event.payload;
  if (typeof occurredAt !== 'string' || !(Date.parse(event.at) - Date.parse(occurredAt) > retroactiveAfterMs)) return '';
  return `Happened ${minuteInOffset(new Date(Date.parse(occurredAt)).toISOString(), offset)}, recorded later: `;
}
