import { AppError, type TimelineLinks } from '../../contract';
import { assetEventTypes, foldAssets } from '../../domain/investigation/assets/assetFold';
import { foldIndicators, indicatorEventTypes } from '../../domain/investigation/indicators/indicatorFold';
import type { AssetKey, IndicatorKey, LinkKeys } from '../../domain/investigation/investigationEvents';
import { assetLinkKey, indicatorLinkKey } from '../../domain/investigation/timeline/timelineLinks';
import type { TimelineEvent } from '../../store/timelineEvents';

/** The event types whose fold numbers indicators (I1…) and assets (S1…). */
export const linkedRecordTypes: readonly string[] = [...indicatorEventTypes, ...assetEventTypes];

/** Ids (I3, S2) ↔ identities, from the folds of the incident's events: ids are numbered at read time. */
export interface LinkIndex {
  indicatorIds: Map<string, string>;
  assetIds: Map<string, string>;
  indicators: Map<string, IndicatorKey>;
  assets: Map<string, AssetKey>;
}

export function linkIndexOf(events: readonly TimelineEvent[]): LinkIndex {
  const index: LinkIndex = { indicatorIds: new Map(), assetIds: new Map(), indicators: new Map(), assets: new Map() };
  for (const indicator of foldIndicators(events.filter((event) => indicatorEventTypes.includes(event.type)))) {
    const key = { type: indicator.type, value: indicator.value };
    index.indicatorIds.set(indicatorLinkKey(key), indicator.id);
    index.indicators.set(indicator.id, key);
  }
  for (const asset of foldAssets(events.filter((event) => assetEventTypes.includes(event.type)))) {
    const key = { kind: asset.kind, name: asset.name };
    index.assetIds.set(assetLinkKey(key), asset.id);
    index.assets.set(asset.id, key);
  }
  return index;
}

function held(ids: Iterable<string>, what: string): string {
  const list = [...ids];
  if (list.length === 0) return `the incident holds no ${what} yet`;
  return `the incident holds ${list.length > 12 ? `${list.slice(0, 12).join(', ')}… (${list.length})` : list.join(', ')}`;
}

/** Ids as identities for an event; an id the incident does not hold is refused, naming those it does. */
export function keysOfIds(index: LinkIndex, links: TimelineLinks, field = 'links'): LinkKeys {
  const missingIndicators = links.indicators.filter((id) => !index.indicators.has(id));
  if (missingIndicators.length) throw new AppError('not-found', `${field}.indicators: no indicator ${missingIndicators.join(', ')} in this incident; ${held(index.indicators.keys(), 'indicators')}`);
  const missingAssets = links.assets.filter((id) => !index.assets.has(id));
  if (missingAssets.length) throw new AppError('not-found', `${field}.assets: no asset ${missingAssets.join(', ')} in this incident; ${held(index.assets.keys(), 'assets')}`);
  return {
    indicators: [...new Set(links.indicators)].map((id) => index.indicators.get(id)!),
    assets: [...new Set(links.assets)].map((id) => index.assets.get(id)!),
    techniques: [...new Set(links.techniques)],
    tags: [...new Set(links.tags)],
  };
}

/**
 * Identities as the ids shown to responders. An identity the incident does not hold (an imported
 * entry naming an indicator nobody added here yet) has no id: it is kept in the event, and shows
 * as soon as the indicator or asset is added.
 */
export function idsOfKeys(index: LinkIndex, keys: LinkKeys): TimelineLinks {
  const ids = (values: (string | undefined)[]) => values.filter((id): id is string => id !== undefined);
  return {
    indicators: ids(keys.indicators.map((key) => index.indicatorIds.get(indicatorLinkKey(key)))),
    assets: ids(keys.assets.map((key) => index.assetIds.get(assetLinkKey(key)))),
    techniques: keys.techniques,
    tags: keys.tags,
  };
}
