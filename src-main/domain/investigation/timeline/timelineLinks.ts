import { assetKinds, indicatorTypes, type AssetKind, type IndicatorType } from '../../../contract';
import { emptyLinks, investigationEventTypes, type AssetKey, type IndicatorKey, type LinkKeys } from '../investigationEvents';

/**
 * The links of timeline events, read from payloads that may come from an older or hostile bundle:
 * whatever does not have the expected shape is skipped, never thrown on, and the same events always
 * give the same links in the same order.
 */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '' && item.length <= 300) : []);

/** Same identity as the folds: `${type}:${value}` and `${kind}:${name in lower case}`. */
export const indicatorLinkKey = (key: IndicatorKey) => `${key.type}:${key.value}`;
export const assetLinkKey = (key: AssetKey) => `${key.kind}:${key.name.toLowerCase()}`;

function indicatorKey(value: unknown): IndicatorKey | null {
  if (!isRecord(value) || typeof value.value !== 'string' || value.value === '' || !indicatorTypes.includes(value.type as IndicatorType)) return null;
  return { type: value.type as IndicatorType, value: value.value };
}

function assetKey(value: unknown): AssetKey | null {
  if (!isRecord(value) || typeof value.name !== 'string' || value.name === '' || !assetKinds.includes(value.kind as AssetKind)) return null;
  return { kind: value.kind as AssetKind, name: value.name };
}

/** Union in first-seen order (by identity for indicators and assets). */
function merge(into: LinkKeys, more: LinkKeys): LinkKeys {
  const indicators = new Set(into.indicators.map(indicatorLinkKey));
  const assets = new Set(into.assets.map(assetLinkKey));
  for (const key of more.indicators) {
    if (indicators.has(indicatorLinkKey(key))) continue;
    indicators.add(indicatorLinkKey(key));
    into.indicators.push(key);
  }
  for (const key of more.assets) {
    if (assets.has(assetLinkKey(key))) continue;
    assets.add(assetLinkKey(key));
    into.assets.push(key);
  }
  for (const technique of more.techniques) if (!into.techniques.includes(technique)) into.techniques.push(technique);
  for (const tag of more.tags) if (!into.tags.includes(tag)) into.tags.push(tag);
  return into;
}

/** A `LinkKeys` as a payload holds it, keeping only well-formed parts (and each once). */
export function readLinkKeys(value: unknown): LinkKeys {
  const links = emptyLinks();
  if (!isRecord(value)) return links;
  // Most events link to nothing or a few things: plain loops, no sets, keep a 10,000-event fold fast.
  if (Array.isArray(value.indicators)) {
    for (const item of value.indicators) {
      const key = indicatorKey(item);
      if (key && !links.indicators.some((held) => held.type === key.type && held.value === key.value)) links.indicators.push(key);
    }
  }
  if (Array.isArray(value.assets)) {
    for (const item of value.assets) {
      const key = assetKey(item);
      if (key && !links.assets.some((held) => held.kind === key.kind && held.name.toLowerCase() === key.name.toLowerCase())) links.assets.push(key);
    }
  }
  for (const id of strings(value.techniques)) if (/^T\d{4}(\.\d{3})?$/.test(id) && !links.techniques.includes(id)) links.techniques.push(id);
  for (const tag of strings(value.tags)) if (!links.tags.includes(tag)) links.tags.push(tag);
  return links;
}

/** What a change of tags or techniques (`{ from, to }`) links the record to: its new values. */
const changedTo = (changes: unknown, field: string): string[] => (isRecord(changes) && isRecord(changes[field]) ? strings(changes[field].to) : []);

/**
 * The links an event carries by itself: an indicator's or asset's own identity, techniques and
 * tags; a timeline entry's links; a `timeline.tagged` event the links it added.
 */
export function linksOfEvent(type: string, payload: Record<string, unknown>): LinkKeys {
  const links = emptyLinks();
  switch (type) {
    case investigationEventTypes.indicatorsAdded:
      for (const item of Array.isArray(payload.indicators) ? payload.indicators : []) {
        const key = indicatorKey(item);
        if (!key) continue;
        merge(links, { indicators: [key], assets: [], techniques: readLinkKeys({ techniques: (item as Record<string, unknown>).techniques }).techniques, tags: strings((item as Record<string, unknown>).tags) });
      }
      return links;
    case investigationEventTypes.indicatorUpdated: {
      const key = indicatorKey(payload.key);
      return key ? merge(links, { indicators: [key], assets: [], techniques: readLinkKeys({ techniques: changedTo(payload.changes, 'techniques') }).techniques, tags: changedTo(payload.changes, 'tags') }) : links;
    }
    case investigationEventTypes.assetAdded: {
      const key = assetKey(payload.asset);
      if (!key) return links;
      const asset = payload.asset as Record<string, unknown>;
      return merge(links, { indicators: [], assets: [key], techniques: readLinkKeys({ techniques: asset.techniques }).techniques, tags: strings(asset.tags) });
    }
    case investigationEventTypes.assetStateChanged:
    case investigationEventTypes.assetUpdated: {
      const key = assetKey(payload.key);
      return key ? merge(links, { indicators: [], assets: [key], techniques: readLinkKeys({ techniques: changedTo(payload.changes, 'techniques') }).techniques, tags: changedTo(payload.changes, 'tags') }) : links;
    }
    case investigationEventTypes.timelineEntry:
      return readLinkKeys(payload.links);
    case investigationEventTypes.timelineTagged:
      return readLinkKeys(payload.add);
    default:
      return links;
  }
}

/** The target of a `timeline.tagged` event, when well-formed. */
export function tagTarget(payload: Record<string, unknown>): string | null {
  return typeof payload.target === 'string' && /^[0-9a-f]{64}$/.test(payload.target) ? payload.target : null;
}

/** A `timeline.tagged` event applied to the links its target holds: its additions, then its removals. */
export function applyTags(current: LinkKeys, payload: Record<string, unknown>): LinkKeys {
  const added = merge({ indicators: [...current.indicators], assets: [...current.assets], techniques: [...current.techniques], tags: [...current.tags] }, readLinkKeys(payload.add));
  const remove = readLinkKeys(payload.remove);
  const indicators = new Set(remove.indicators.map(indicatorLinkKey));
  const assets = new Set(remove.assets.map(assetLinkKey));
  return {
    indicators: added.indicators.filter((key) => !indicators.has(indicatorLinkKey(key))),
    assets: added.assets.filter((key) => !assets.has(assetLinkKey(key))),
    techniques: added.techniques.filter((id) => !remove.techniques.includes(id)),
    tags: added.tags.filter((tag) => !remove.tags.includes(tag)),
  };
}

/**
 * Every event's links after the `timeline.tagged` events (in projection order) that target it:
 * a tag for an event not seen before it is skipped (a hostile or reordered bundle).
 */
export function linksByEvent(events: readonly { type: string; hash: string; payload: Record<string, unknown> }[]): Map<string, LinkKeys> {
  const links = new Map<string, LinkKeys>();
  for (const event of events) {
    if (event.type === investigationEventTypes.timelineTagged) {
      const target = tagTarget(event.payload);
      const current = target ? links.get(target) : undefined;
      if (target && current) links.set(target, applyTags(current, event.payload));
    }
    if (!links.has(event.hash)) links.set(event.hash, linksOfEvent(event.type, event.payload));
  }
  return links;
}
