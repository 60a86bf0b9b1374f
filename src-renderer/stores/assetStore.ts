import { createStore } from 'zustand/vanilla';
import type { Asset, AssetKind, AssetList, AssetState, Envelope, PushedEvent } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';
import { incidentGenerations } from './generations';

export interface NewAsset {
  kind: AssetKind;
  name: string;
  state: AssetState;
  owner: string;
  tags: string[];
}

export interface AssetChange {
  owner?: string;
  tags?: string[];
  note?: string;
}

export interface AssetStoreState {
  lists: Record<string, AssetList>;
  loadErrors: Record<string, string>;
  load(incidentId: string): Promise<void>;
  add(incidentId: string, asset: NewAsset): Promise<Envelope<Asset>>;
  setState(incidentId: string, assetId: string, state: AssetState, reason: string): Promise<Envelope<Asset>>;
  update(incidentId: string, assetId: string, change: AssetChange): Promise<Envelope<Asset>>;
  handleEvent(event: PushedEvent): void;
}

export type AssetStore = ReturnType<typeof createAssetStore>;

/** What a phase still waits on, by asset name: "Contain waits on 2 assets (web-01, db-02)". */
export function waitingNames(list: AssetList, ids: readonly string[]): string[] {
  return ids.map((id) => list.assets.find((asset) => asset.id === id)?.name ?? id);
}

export function createAssetStore(rawApi: Api) {
  const api = guardApi(rawApi);
  const generations = incidentGenerations();
  return createStore<AssetStoreState>()((set, get) => {
    const refreshAfter = async <T>(incidentId: string, result: Envelope<T>): Promise<Envelope<T>> => {
      if (result.ok || result.error.code === 'conflict') await get().load(incidentId);
      return result;
    };
    return {
      lists: {},
      loadErrors: {},

      async load(incidentId) {
        const generation = generations.bump(incidentId);
        const result = await api.call('asset.list', { incidentId });
        if (generations.current(incidentId) !== generation) return;
        const { [incidentId]: _dropped, ...loadErrors } = get().loadErrors;
        if (result.ok) set({ lists: { ...get().lists, [incidentId]: result.value }, loadErrors });
        else set({ loadErrors: { ...loadErrors, [incidentId]: result.error.message } });
      },

      add: async (incidentId, asset) => refreshAfter(incidentId, await api.call('asset.add', { incidentId, ...asset })),

      setState: async (incidentId, assetId, state, reason) => refreshAfter(incidentId, await api.call('asset.state', { incidentId, assetId, state, reason })),

      update: async (incidentId, assetId, change) => refreshAfter(incidentId, await api.call('asset.update', { incidentId, assetId, ...change })),

      handleEvent(event) {
        if (event.type === 'incident.changed') {
          if (get().lists[event.incidentId] || get().loadErrors[event.incidentId]) void get().load(event.incidentId);
        } else if (event.type === 'data.changed') {
          for (const id of new Set([...Object.keys(get().lists), ...Object.keys(get().loadErrors)])) void get().load(id);
        }
      },
    };
  });
}
