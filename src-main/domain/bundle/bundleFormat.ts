import { z } from 'zod';
import { incidentId } from '../../contract/incident';
import { canonicalJson } from '../incidents/eventChain';
import { bundleTableNames, rowSchema, type BundleRow, type BundleTable } from './bundleTables';

export const bundleFormatName = 'firebreak-incident-bundle';
export const bundleFormatVersion = 1;
/**
 * A bundle is parsed and signed whole, in memory: 128 MiB holds an incident with hundreds of
 * thousands of events or findings, and keeps a hostile file from exhausting memory.
 */
export const maxBundleBytes = 128 * 1024 * 1024;
export const maxBundleSize = '128 MiB';

const hex64 = z.string({ error: 'must be a SHA-256 hash' }).regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lowercase hex digits' });
const shortText = z.string({ error: 'must be text' }).max(1000, { message: 'must be at most 1000 characters' });
const base64 = z.string({ error: 'must be base64 text' }).max(1000).regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64' });
// The payload is hashed exactly as given: checked to be an object, never rebuilt.
const jsonObject = z.custom<Record<string, unknown>>((value) => value !== null && typeof value === 'object' && !Array.isArray(value), { message: 'must be an object' });

/** Every hashed field of the event as stored, with its link and hash. */
export const bundleEventSchema = z.strictObject({
  incidentId: shortText,
  seq: z.number().int().min(1),
  formatVersion: z.number().int().min(1),
  type: shortText,
  at: shortText,
  actor: shortText,
  deviceId: shortText,
  payload: jsonObject,
  prevHash: hex64,
  hash: hex64,
});
export type BundleEvent = z.infer<typeof bundleEventSchema>;

/** An evidence item's manifest, or why it could not be read when the bundle was made. */
const manifestSchema = z.strictObject({
  evidenceId: shortText,
  content: jsonObject.nullable(),
  problem: shortText.nullable(),
});
export type BundleManifest = z.infer<typeof manifestSchema>;

export type BundleTables = Record<BundleTable, BundleRow[]>;
const tablesSchema = z.strictObject(Object.fromEntries(bundleTableNames.map((table) => [table, z.array(rowSchema(table)).max(5_000_000)]))) as unknown as z.ZodType<BundleTables>;

export const bundleSignatureSchema = z.strictObject({
  algorithm: z.literal('ed25519', { error: 'must be ed25519' }),
  publicKey: base64,
  publicKeyFingerprint: hex64,
  value: base64,
});

export const bundleSchema = z.strictObject({
  format: z.literal(bundleFormatName, { error: `must be ${bundleFormatName}` }),
  version: z.literal(bundleFormatVersion, { error: `must be ${bundleFormatVersion}: this version of Firebreak reads bundle format ${bundleFormatVersion}` }),
  incidentId,
  exportedAt: shortText,
  eventCount: z.number().int().min(0),
  headHash: hex64,
  events: z.array(bundleEventSchema).max(5_000_000),
  tables: tablesSchema,
  manifests: z.array(manifestSchema).max(100_000),
  signature: bundleSignatureSchema,
});

export type Bundle = z.infer<typeof bundleSchema>;
export type BundleBody = Omit<Bundle, 'signature'>;

/** What the signature covers: everything but the signature, as RFC 8785 canonical JSON. */
export function signedBytes(body: BundleBody): Buffer {
  return Buffer.from(canonicalJson(body));
}

/** `events[3].payload`: the path of the first bad field, then what is wrong with it. */
export function describeShapeProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const at = issue.path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}${text ? '.' : ''}${String(part)}`), '');
  if (issue.code === 'unrecognized_keys') return `${at || 'the bundle'} has a field this format does not have: ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  return `${at || 'the bundle'} ${issue.message}`;
}
