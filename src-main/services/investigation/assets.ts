import { AppError, type Asset, type OperationResult, type ParsedInput } from '../../contract';
import { assetEventTypes, assetKeyOf, foldAssets } from '../../domain/investigation/assets/assetFold';
import { investigationEventTypes, type AssetFields, type AssetKey, type AssetStatePayload, type AssetUpdatedPayload } from '../../domain/investigation/investigationEvents';
import { listEventsOfTypes } from '../../store/eventLog';
import type { ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { checkTechniques } from './techniqueCheck';

/** The incident's assets as its events say now. Callers that write read it inside their transaction. */
export function readAssets(ctx: ServiceContext, incidentId: string): Asset[] {
  return foldAssets(listEventsOfTypes(ctx.db, incidentId, assetEventTypes));
}

const keyOf = (asset: Pick<Asset, 'kind' | 'name'>): AssetKey => ({ kind: asset.kind, name: asset.name });
const label = (asset: Pick<Asset, 'kind' | 'name'>): string => `${asset.kind} ${asset.name}`;

/** The asset an id names, or a not-found that lists the ids the incident has (the first few of a long list). */
export function requireAsset(assets: readonly Asset[], incidentId: string, assetId: string): Asset {
  const asset = assets.find((candidate) => candidate.id === assetId);
  if (asset) return asset;
  if (assets.length === 0) throw new AppError('not-found', `incident ${incidentId} has no assets yet: add one with asset.add (firebreak asset add)`);
  const shown = assets.slice(0, 20).map((held) => held.id);
  const more = assets.length > shown.length ? ` … (${assets.length} in all)` : '';
  throw new AppError('not-found', `no asset ${assetId} on incident ${incidentId}: it has ${shown.join(', ')}${more}`);
}

export function addAsset(ctx: ServiceContext, input: ParsedInput<'asset.add'>): OperationResult<'asset.add'> {
  checkTechniques(ctx, input.techniques);
  let added: Asset | undefined;
  recordChange(ctx, input.incidentId, (current, at, actor) => {
    const assets = readAssets(ctx, input.incidentId);
    const key = assetKeyOf(input);
    const held = assets.find((asset) => assetKeyOf(asset) === key);
    if (held) throw new AppError('conflict', `${label(held)} is already recorded on ${input.incidentId} as ${held.id}: change it with asset.state or asset.update`);
    const fields: AssetFields = { kind: input.kind, name: input.name, state: input.state, owner: input.owner, note: input.note, tags: [...new Set(input.tags)], techniques: [...new Set(input.techniques)] };
    added = { id: `S${assets.length + 1}`, ...fields, addedAt: at, addedBy: actor, stateAt: at, stateBy: actor };
    return { next: current, type: investigationEventTypes.assetAdded, payload: { asset: fields } };
  });
  return added!;
}

export function setAssetState(ctx: ServiceContext, input: ParsedInput<'asset.state'>): OperationResult<'asset.state'> {
  let changed: Asset | undefined;
  recordChange(ctx, input.incidentId, (current, at, actor) => {
    const asset = requireAsset(readAssets(ctx, input.incidentId), input.incidentId, input.assetId);
    if (asset.state === input.state) throw new AppError('conflict', `${asset.id} ${label(asset)} is already ${input.state}: nothing to change`);
    const payload: AssetStatePayload = { key: keyOf(asset), from: asset.state, to: input.state, reason: input.reason };
    changed = { ...asset, state: input.state, stateAt: at, stateBy: actor };
    return { next: current, type: investigationEventTypes.assetStateChanged, payload: { ...payload } };
  });
  return changed!;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

export function updateAsset(ctx: ServiceContext, input: ParsedInput<'asset.update'>): OperationResult<'asset.update'> {
  const { owner, note, tags, techniques } = input;
  if (owner === undefined && note === undefined && tags === undefined && techniques === undefined) {
    throw new AppError('invalid-input', 'nothing to change: give an owner, a note, tags or techniques');
  }
  if (techniques) checkTechniques(ctx, techniques);
  requireIncident(ctx, input.incidentId);
  const asset = requireAsset(readAssets(ctx, input.incidentId), input.incidentId, input.assetId);
  const next = { owner: owner ?? asset.owner, note: note ?? asset.note, tags: tags ? [...new Set(tags)] : asset.tags, techniques: techniques ? [...new Set(techniques)] : asset.techniques };
  const changes: AssetUpdatedPayload['changes'] = {};
  if (next.owner !== asset.owner) changes.owner = { from: asset.owner, to: next.owner };
  if (next.note !== asset.note) changes.note = { from: asset.note, to: next.note };
  if (!sameList(next.tags, asset.tags)) changes.tags = { from: asset.tags, to: next.tags };
  if (!sameList(next.techniques, asset.techniques)) changes.techniques = { from: asset.techniques, to: next.techniques };
  // The same values again record nothing: the timeline holds changes, not saves.
  if (Object.keys(changes).length === 0) return asset;
  let updated: Asset | undefined;
  recordChange(ctx, input.incidentId, (current) => {
    // Read again under the write lock: another process may have changed it since.
    const held = requireAsset(readAssets(ctx, input.incidentId), input.incidentId, input.assetId);
    if (assetKeyOf(held) !== assetKeyOf(asset)) throw new AppError('conflict', `${input.assetId} changed while this was written: list the assets again`);
    updated = { ...held, ...next };
    const payload: AssetUpdatedPayload = { key: keyOf(held), changes };
    return { next: current, type: investigationEventTypes.assetUpdated, payload: { ...payload } };
  });
  return updated!;
}

/** States the Contain phase is still waiting to move past (the asset is not yet contained). */
const containOpen = new Set(['suspected', 'compromised']);

export function listAssets(ctx: ServiceContext, input: ParsedInput<'asset.list'>): OperationResult<'asset.list'> {
  requireIncident(ctx, input.incidentId);
  const all = readAssets(ctx, input.incidentId);
  return {
    assets: input.state ? all.filter((asset) => asset.state === input.state) : all,
    openForContain: all.filter((asset) => containOpen.has(asset.state)).map((asset) => asset.id),
    openForRecover: all.filter((asset) => asset.state !== 'restored').map((asset) => asset.id),
  };
}
