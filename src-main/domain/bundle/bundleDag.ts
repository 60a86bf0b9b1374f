import { genesisHash } from '../incidents/eventChain';
import { headsDigest } from '../sync/witness';
import { isSignedItem, type BundleItem } from './bundleFormat';

/** The fields every bundle event has, v1 row or signed v2 event, read the same way. */
export interface ItemView {
  hash: string;
  incidentId: string;
  type: string;
  at: string;
  actor: string;
  payload: Record<string, unknown>;
  parents: string[];
  /** The v1 chain number, or null for a v2 event. */
  v1Seq: number | null;
}

export function viewOf(item: BundleItem): ItemView {
  if (isSignedItem(item)) {
    const { event } = item;
    return { hash: item.hash, incidentId: event.incident, type: event.type, at: event.time, actor: event.actor, payload: event.payload, parents: event.parents, v1Seq: null };
  }
  return { hash: item.hash, incidentId: item.incidentId, type: item.type, at: item.at, actor: item.actor, payload: item.payload, parents: item.seq === 1 ? [] : [item.prevHash], v1Seq: item.seq };
}

/** How a bundle event is named to a responder: its chain number (v1) or the start of its hash. */
export const itemName = (view: ItemView) => (view.v1Seq !== null ? `event #${view.v1Seq} (${view.type})` : `event ${view.hash.slice(0, 12)}… (${view.type})`);

/** The bundle's events no other of its events names as a parent, sorted. */
export function itemHeads(items: readonly BundleItem[]): string[] {
  const views = items.map(viewOf);
  const named = new Set(views.flatMap((view) => view.parents));
  return views.map((view) => view.hash).filter((hash) => !named.has(hash)).sort();
}

/** One head's hash, or the digest of several (as `incident verify` gives it); the v1 genesis hash for none. */
export function headHashOf(heads: readonly string[]): string {
  if (heads.length === 0) return genesisHash;
  return heads.length === 1 ? heads[0]! : headsDigest(heads);
}
