import type { AssetKind, AssetState } from '../../../../src-main/contract';

// The contract's order; the renderer may import its types only.
export const assetKindChoices: readonly AssetKind[] = ['host', 'service', 'account', 'repository', 'data-store'];
export const assetStateChoices: readonly AssetState[] = ['suspected', 'compromised', 'contained', 'cleaned', 'restored'];

export const assetKindNames: Record<AssetKind, string> = { host: 'host', service: 'service', account: 'account', repository: 'repository', 'data-store': 'data store' };
export const assetStateNames: Record<AssetState, string> = {
  suspected: 'suspected',
  compromised: 'confirmed compromised',
  contained: 'contained',
  cleaned: 'cleaned',
  restored: 'restored',
};

/** "Contain waits on 2 assets (web-01, db-02)": names up to `max`, then how many more. */
export function waitLine(phase: string, names: readonly string[], max = 4): string {
  if (names.length === 0) return `${phase} waits on no asset`;
  const listed = names.slice(0, max).join(', ');
  const more = names.length > max ? ` and ${names.length - max} more` : '';
  return `${phase} waits on ${names.length} asset${names.length === 1 ? '' : 's'} (${listed}${more})`;
}
