import type { IndicatorType } from '../../../contract';
import { defang } from '../indicators/indicatorValues';
import { investigationEventTypes, type LinkKeys } from '../investigationEvents';
import { minuteInOffset } from './occurredTime';
import { readLinkKeys } from './timelineLinks';

/** The links of a tag, said in words; indicator values defanged so a copied line is never a live link. */
export function describeLinks(links: LinkKeys): string {
  return [
    ...links.techniques,
    ...links.indicators.map((key) => `indicator ${defang(key.type as IndicatorType, key.value)}`),
    ...links.assets.map((key) => `${key.kind} ${key.name}`),
    ...links.tags.map((tag) => `tag ${tag}`),
  ].join(', ');
}

/** `2026-11-30 09:12 +02:00`: the target's time in the zone it was given in. */
function whenOf(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return '';
  const { occurredAt, offset, text } = entry as Record<string, unknown>;
  const time = typeof occurredAt === 'string' ? Date.parse(occurredAt) : NaN;
  if (!Number.isFinite(time)) return '';
  const words = typeof text === 'string' && text ? ` “${text.length > 60 ? `${text.slice(0, 60)}…` : text}”` : '';
  return ` of ${minuteInOffset(new Date(time).toISOString(), offset)}${words}`;
}

/**
 * The timeline line of a timeline event; null for any other. An entry's line is its text: the
 * view shows both clocks beside it, so the line does not repeat them.
 */
export function summarizeTimelineEntryEvent(type: string, payload: Record<string, unknown>): string | null {
  if (type === investigationEventTypes.timelineEntry) return typeof payload.text === 'string' ? payload.text : '(an entry without text)';
  if (type !== investigationEventTypes.timelineTagged) return null;
  const added = describeLinks(readLinkKeys(payload.add));
  const removed = describeLinks(readLinkKeys(payload.remove));
  const target = `the entry${whenOf(payload.entry)}`;
  if (added && removed) return `Linked ${target} to ${added}; unlinked ${removed}`;
  if (removed) return `Unlinked ${target} from ${removed}`;
  return `Linked ${target} to ${added || 'nothing'}`;
}
