import { assetKinds, assetStates, type Asset, type AssetKind, type AssetState } from '../../../contract';
import { investigationEventTypes, type FoldEvent } from '../investigationEvents';

export const assetEventTypes: readonly string[] = [investigationEventTypes.assetAdded, investigationEventTypes.assetStateChanged, investigationEventTypes.assetUpdated];

/** An asset's identity as a map key: kind and name, the name without regard to case. */
export function assetKeyOf(asset: Pick<Asset, 'kind' | 'name'>): string {
  return `${asset.kind}:${asset.name.toLowerCase()}`;
}

const isKind = (value: unknown): value is AssetKind => typeof value === 'string' && (assetKinds as readonly string[]).includes(value);
const isState = (value: unknown): value is AssetState => typeof value === 'string' && (assetStates as readonly string[]).includes(value);
const isText = (value: unknown): value is string => typeof value === 'string';
const isList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isText);
const union = (held: readonly string[], more: readonly string[]): string[] => [...new Set([...held, ...more])];

function keyOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, name } = value as Record<string, unknown>;
  return isKind(kind) && isText(name) && name.trim() !== '' ? assetKeyOf({ kind, name }) : null;
}

/**
 * The incident's affected assets, folded from its events in projection order: ids S1… are
 * numbered in that order. Adding one already held (two laptops adding the same host) merges:
 * tags and techniques are unioned, owner and note kept unless empty, the state held stays.
 * A payload that does not parse (an older or hostile bundle) is skipped, never thrown on.
 */
export function foldAssets(events: readonly FoldEvent[]): Asset[] {
  const byKey = new Map<string, Asset>();
  for (const event of events) {
    const payload = event.payload as unknown;
    if (typeof payload !== 'object' || payload === null) continue;
    const fields = payload as Record<string, unknown>;
    if (event.type === investigationEventTypes.assetAdded) added(byKey, event, fields.asset);
    else if (event.type === investigationEventTypes.assetStateChanged) stateChanged(byKey, event, fields);
    else if (event.type === investigationEventTypes.assetUpdated) updated(byKey, fields);
  }
  return [...byKey.values()];
}

function added(byKey: Map<string, Asset>, event: FoldEvent, fields: unknown): void {
  const key = keyOf(fields);
  if (!key) return;
  const { kind, name, state, owner, note, tags, techniques } = fields as Record<string, unknown>;
  const held = byKey.get(key);
  if (held) {
    if (held.owner === '' && isText(owner)) held.owner = owner;
    if (held.note === '' && isText(note)) held.note = note;
    if (isList(tags)) held.tags = union(held.tags, tags);
    if (isList(techniques)) held.techniques = union(held.techniques, techniques);
    return;
  }
  byKey.set(key, {
    id: `S${byKey.size + 1}`,
    kind: kind as AssetKind,
    name: name as string,
    state: isState(state) ? state : 'suspected',
    owner: isText(owner) ? owner : '',
    note: isText(note) ? note : '',
    tags: isList(tags) ? union([], tags) : [],
    techniques: isList(techniques) ? union([], techniques) : [],
    addedAt: event.at,
    addedBy: event.actor,
    stateAt: event.at,
    stateBy: event.actor,
  });
}

function stateChanged(byKey: Map<string, Asset>, event: FoldEvent, payload: Record<string, unknown>): void {
  const key = keyOf(payload.key);
  const asset = key ? byKey.get(key) : undefined;
  if (!asset || !isState(payload.to)) return;
  asset.state = payload.to;
  asset.stateAt = event.at;
  asset.stateBy = event.actor;
}

function updated(byKey: Map<string, Asset>, payload: Record<string, unknown>): void {
  const key = keyOf(payload.key);
  const asset = key ? byKey.get(key) : undefined;
  const changes = payload.changes;
  if (!asset || typeof changes !== 'object' || changes === null) return;
  const to = (field: string): unknown => {
    const change = (changes as Record<string, unknown>)[field];
    return typeof change === 'object' && change !== null ? (change as Record<string, unknown>).to : undefined;
  };
  const owner = to('owner');
  const note = to('note');
  const tags = to('tags');
  const techniques = to('techniques');
  if (isText(owner)) asset.owner = owner;
  if (isText(note)) asset.note = note;
  if (isList(tags)) asset.tags = union([], tags);
  if (isList(techniques)) asset.techniques = union([], techniques);
}
