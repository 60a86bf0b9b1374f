import { indicatorTypes, tlpLevels, type IndicatorType } from '../../../contract';
import { investigationEventTypes } from '../investigationEvents';
import { defang } from './indicatorValues';

/**
 * Timeline lines of indicator events. Values are shown defanged (nothing on the timeline is a link),
 * and named by value: the I3 ids are numbered at read time, so an event's line cannot know them.
 */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isType = (value: unknown): value is IndicatorType => typeof value === 'string' && (indicatorTypes as readonly string[]).includes(value);
const tlpText = (value: unknown): string => (typeof value === 'string' && (tlpLevels as readonly string[]).includes(value) ? value : '?');

/** `ip 203.0.113[.]7`, cut to a length a timeline line can hold. */
function named(key: unknown): string | null {
  if (!isRecord(key) || !isType(key.type) || typeof key.value !== 'string' || key.value === '') return null;
  const safe = defang(key.type, key.value);
  return `${key.type} ${safe.length > 120 ? `${safe.slice(0, 120)}…` : safe}`;
}

function countsText(byType: Record<string, unknown>): string {
  return Object.entries(byType)
    .filter(([type, count]) => isType(type) && typeof count === 'number' && count > 0)
    .sort(([a, countA], [b, countB]) => (countB as number) - (countA as number) || indicatorTypes.indexOf(a as IndicatorType) - indicatorTypes.indexOf(b as IndicatorType))
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
}

function addedLine(payload: Record<string, unknown>): string | null {
  const entries = Array.isArray(payload.indicators) ? payload.indicators : [];
  const list = isRecord(payload.list) ? payload.list : null;
  if (list) {
    const accepted = typeof list.accepted === 'number' ? list.accepted : entries.length;
    const merged = typeof list.merged === 'number' && list.merged > 0 ? `; ${list.merged} merged` : '';
    const counts = isRecord(list.byType) ? countsText(list.byType) : '';
    const tlp = entries.length > 0 && isRecord(entries[0]) ? ` (TLP:${tlpText(entries[0].tlp).toUpperCase()})` : '';
    return `${accepted} indicator${accepted === 1 ? '' : 's'} added from a pasted list${counts || merged ? ` (${counts}${merged})` : ''}${tlp}`;
  }
  if (entries.length === 1) {
    const entry = entries[0];
    const name = named(entry);
    if (!name || !isRecord(entry)) return 'Indicator added (unreadable)';
    const verb = payload.duplicate === true ? 'Indicator seen again (merged)' : 'Indicator added';
    // A merge keeps the stricter marking held: the line must not suggest the looser one asked took effect.
    const kept = payload.tlpKept === undefined ? '' : `; TLP:${tlpText(payload.tlpKept).toUpperCase()} held is kept`;
    return `${verb}: ${name} (TLP:${tlpText(entry.tlp).toUpperCase()}${kept ? ` asked${kept}` : ''})`;
  }
  return `${entries.length} indicators added`;
}

function changeText(field: string, change: unknown): string | null {
  if (!isRecord(change)) return null;
  const { from, to } = change;
  const list = (value: unknown) => (Array.isArray(value) && value.length > 0 ? value.filter((item) => typeof item === 'string').join(', ') : 'none');
  const time = (value: unknown) => (typeof value === 'string' ? value : 'none');
  switch (field) {
    case 'tlp':
      return `TLP ${tlpText(from)} → ${tlpText(to)}`;
    case 'note':
      return typeof to === 'string' && to !== '' ? 'note changed' : 'note cleared';
    case 'tags':
      return `tags ${list(from)} → ${list(to)}`;
    case 'techniques':
      return `techniques ${list(from)} → ${list(to)}`;
    case 'firstSeen':
      return to === null ? 'first seen cleared' : `first seen ${time(from)} → ${time(to)}`;
    case 'lastSeen':
      return to === null ? 'last seen cleared' : `last seen ${time(from)} → ${time(to)}`;
    default:
      return null;
  }
}

const changeOrder = ['tlp', 'note', 'tags', 'techniques', 'firstSeen', 'lastSeen'];

function updatedLine(payload: Record<string, unknown>): string {
  const name = named(payload.key) ?? '(unreadable)';
  // Stored payloads have their keys sorted: name the changes in the order a responder reads them.
  const given = isRecord(payload.changes) ? payload.changes : {};
  const changes = changeOrder.filter((field) => field in given).map((field) => changeText(field, given[field])).filter((text): text is string => text !== null);
  return `Indicator ${name}: ${changes.length > 0 ? changes.join('; ') : 'changed'}`;
}

/** The timeline line of an indicator event; null for any other event. */
export function summarizeIndicatorEvent(type: string, payload: Record<string, unknown>): string | null {
  if (type === investigationEventTypes.indicatorsAdded) return addedLine(isRecord(payload) ? payload : {});
  if (type === investigationEventTypes.indicatorUpdated) return updatedLine(isRecord(payload) ? payload : {});
  return null;
}
