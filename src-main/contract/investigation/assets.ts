import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { text } from '../text';
import { techniqueIds, indicatorTags } from './indicators';

export const assetKinds = ['host', 'service', 'account', 'repository', 'data-store'] as const;
export type AssetKind = (typeof assetKinds)[number];

/** An affected asset's life through the response, in order (any move is allowed, each on the timeline). */
export const assetStates = ['suspected', 'compromised', 'contained', 'cleaned', 'restored'] as const;
export type AssetState = (typeof assetStates)[number];

/** `S1`, `S2`…: an incident's assets numbered in timeline order (kind and name are the identity). */
export const assetId = z.string({ error: 'must be an asset id' }).transform((value) => value.trim().toUpperCase()).pipe(z.string().regex(/^S\d{1,6}$/, { message: 'must be an asset id like S2' }));

// Right-to-left overrides and isolates make `web-01` and a look-alike read the same.
const directionControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const assetState = z.enum(assetStates, { error: `must be one of ${assetStates.join(', ')}` });

export const addAssetInput = z.strictObject({
  incidentId,
  kind: z.enum(assetKinds, { error: `must be one of ${assetKinds.join(', ')}` }),
  name: text({ min: 1, max: 300 }).refine((value) => !directionControls.test(value), { message: 'must not contain direction control characters (they make a name read differently from what it is)' }),
  state: assetState.default('suspected'),
  owner: text({ max: 120 }).default(''),
  note: text({ max: 2_000, multiline: true }).default(''),
  tags: indicatorTags.default([]),
  techniques: techniqueIds.default([]),
});

export const setAssetStateInput = z.strictObject({
  incidentId,
  assetId,
  state: assetState,
  reason: text({ max: 1_000 }).default(''),
});

export const updateAssetInput = z.strictObject({
  incidentId,
  assetId,
  owner: text({ max: 120 }).optional(),
  note: text({ max: 2_000, multiline: true }).optional(),
  tags: indicatorTags.optional(),
  techniques: techniqueIds.optional(),
});

export const listAssetsInput = z.strictObject({
  incidentId,
  state: assetState.optional(),
});

export interface Asset {
  id: string;
  kind: AssetKind;
  name: string;
  state: AssetState;
  owner: string;
  note: string;
  tags: string[];
  techniques: string[];
  addedAt: string;
  addedBy: string;
  /** When and by whom its state last changed. */
  stateAt: string;
  stateBy: string;
}

export interface AssetList {
  assets: Asset[];
  /** Assets the Contain phase still waits on (suspected or compromised), and those Recover waits on (not restored). */
  openForContain: string[];
  openForRecover: string[];
}
