import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Bumped when the hashed shape changes; a later version adds `parents` for the multi-laptop event graph. */
export const eventFormatVersion = 1;
export const genesisHash = '0'.repeat(64);

/** Exactly the fields covered by the hash. Stored columns map one-to-one onto these. */
export interface ChainedEvent {
  formatVersion: number;
  incidentId: string;
  seq: number;
  type: string;
  at: string;
  actor: string;
  deviceId: string;
  payload: Record<string, unknown>;
}

/** RFC 8785 canonical JSON: the same event hashes the same on every machine and every later version. */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError('value cannot be represented as JSON');
  return json;
}

/** hash = sha256(prev_hash ‖ canonical JSON of the event), hex. */
export function eventHash(prevHash: string, event: ChainedEvent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(event)).digest('hex');
}
