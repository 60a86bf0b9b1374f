import { z } from 'zod';
import { incidentId } from '../../contract/incidents/incident';
import { canonicalJson } from '../incidents/eventChain';
import { bundleTableNames, isoTime, optionalBundleTables, rowSchema, type BundleRow, type BundleTable } from './bundleTables';

export const bundleFormatName = 'firebreak-incident-bundle';
/** 2: the events are the incident's DAG as stored (v1 prefix rows, then signed v2 events). Version 1 files still import. */
export const bundleFormatVersion = 2;
const readableVersions = [1, 2] as const;
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
  at: isoTime,
  actor: shortText,
  deviceId: shortText,
  payload: jsonObject,
  prevHash: hex64,
  hash: hex64,
});
export type BundleEvent = z.infer<typeof bundleEventSchema>;

const b64url = z.string({ error: 'must be base64url text' }).max(200).regex(/^[A-Za-z0-9_-]*$/, { message: 'must be base64url' });

/** A format-v2 event as it travels (eventV2.ts): every field is hashed, the hash signed by the author's device key. */
export const signedEventSchema = z.strictObject({
  hash: hex64,
  sig: b64url,
  event: z.strictObject({
    v: z.literal(2, { error: 'must be 2' }),
    id: shortText,
    incident: shortText,
    actor: shortText,
    actor_key: b64url,
    actor_seq: z.number().int().min(1),
    actor_prev: hex64.nullable(),
    parents: z.array(hex64).max(10_000),
    lamport: z.number().int().min(1),
    time: isoTime,
    type: shortText,
    payload: jsonObject,
  }),
});
export type BundleSignedEvent = z.infer<typeof signedEventSchema>;
export type BundleItem = BundleEvent | BundleSignedEvent;
/** One schema or the other by shape, so a bad field is still named by its own path and message. */
const bundleItemSchema = z.unknown().transform((value, ctx): BundleItem => {
  const signed = value !== null && typeof value === 'object' && 'event' in value;
  const parsed = (signed ? signedEventSchema : bundleEventSchema).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: value } as never);
  return z.NEVER;
});
export const isSignedItem = (item: BundleItem): item is BundleSignedEvent => 'event' in item;

/** An evidence item's manifest, or why it could not be read when the bundle was made. */
const manifestSchema = z.strictObject({
  evidenceId: shortText,
  content: jsonObject.nullable(),
  problem: shortText.nullable(),
});
export type BundleManifest = z.infer<typeof manifestSchema>;

type OptionalTable = (typeof optionalBundleTables)[number];
export type BundleTables = Record<Exclude<BundleTable, OptionalTable>, BundleRow[]> & Partial<Record<OptionalTable, BundleRow[]>>;
const isOptional = (table: BundleTable): table is OptionalTable => (optionalBundleTables as readonly string[]).includes(table);
// An optional table stays absent when absent: the signature covers the tables as written.
const tablesSchema = z.strictObject(
  Object.fromEntries(bundleTableNames.map((table) => [table, isOptional(table) ? z.array(rowSchema(table)).max(5_000_000).optional() : z.array(rowSchema(table)).max(5_000_000)])),
) as unknown as z.ZodType<BundleTables>;

export const bundleSignatureSchema = z.strictObject({
  algorithm: z.literal('ed25519', { error: 'must be ed25519' }),
  publicKey: base64,
  publicKeyFingerprint: hex64,
  value: base64,
});

export const bundleSchema = z.strictObject({
  format: z.literal(bundleFormatName, { error: `must be ${bundleFormatName}` }),
  version: z.union([z.literal(readableVersions[0]), z.literal(readableVersions[1])], { error: `must be ${readableVersions.join(' or ')}: this version of Firebreak reads bundle formats ${readableVersions.join(' and ')}` }),
  incidentId,
  exportedAt: shortText,
  eventCount: z.number().int().min(0),
  headHash: hex64,
  events: z.array(bundleItemSchema).max(5_000_000),
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
