import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../incidents/eventChain';

/**
 * Event format v2 (docs/event-format.md): a node of the incident's hash DAG, signed by the
 * author's device key. Every field is covered by the hash; the hash by the signature.
 */
export interface EventV2 {
  v: 2;
  /** Stable identity for projections and the console; one id never has two hashes. */
  id: string;
  incident: string;
  /** Display name of the responder. */
  actor: string;
  /** Ed25519 public key of the author's device, raw 32 bytes as base64url. */
  actor_key: string;
  /** 1, 2, 3 … per (incident, actor_key), no gaps. */
  actor_seq: number;
  /** This author's previous event in this incident, or null for its first. */
  actor_prev: string | null;
  /** Every head the author knew when appending: sorted, no duplicates; [] only for the genesis. */
  parents: string[];
  /** 1 + max(parents' lamport); the genesis has 1. */
  lamport: number;
  /** The author's wall clock, ISO 8601 UTC: advisory. */
  time: string;
  type: string;
  payload: Record<string, unknown>;
}

/** An event as it travels: the body, its hash, and the author's signature of that hash (null until the device key signs it). */
export interface SignedEvent {
  hash: string;
  sig: string | null;
  event: EventV2;
}

export const eventV2Version = 2;

/** RFC 8785 canonical bytes of the event: exactly what is hashed. */
export function canonicalBytes(event: EventV2): Buffer {
  return Buffer.from(canonicalJson(event), 'utf8');
}

/** hash = sha256(JCS(event)), lowercase hex. */
export function hashEvent(event: EventV2): string {
  return createHash('sha256').update(canonicalBytes(event)).digest('hex');
}

// DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows it.
const ed25519SpkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

/** The raw 32-byte public key as base64url: the form `actor_key` holds. */
export function actorKeyOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return der.subarray(ed25519SpkiPrefix.length).toString('base64url');
}

// A handful of devices write an incident's thousands of events: parse each key once, and check each
// (hash, signature, key) once. Both are pure functions of their input; the caches are bounded.
const cacheLimit = 100_000;
const publicKeys = new Map<string, KeyObject | null>();
const validSignatures = new Set<string>();

/** The public key an `actor_key` names, or null when it is not a 32-byte Ed25519 key. */
export function publicKeyOfActor(actorKey: string): KeyObject | null {
  if (publicKeys.has(actorKey)) return publicKeys.get(actorKey)!;
  const key = parsePublicKey(actorKey);
  if (publicKeys.size >= cacheLimit) publicKeys.clear();
  publicKeys.set(actorKey, key);
  return key;
}

function parsePublicKey(actorKey: string): KeyObject | null {
  const raw = Buffer.from(actorKey, 'base64url');
  if (raw.length !== 32 || raw.toString('base64url') !== actorKey) return null;
  try {
    return createPublicKey({ key: Buffer.concat([ed25519SpkiPrefix, raw]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/** sig = Ed25519(device private key, the 32 hash bytes), base64url. */
export function signHash(hash: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(hash, 'hex'), privateKey).toString('base64url');
}

export function signatureValid(hash: string, sig: string, actorKey: string): boolean {
  const triple = `${hash} ${sig} ${actorKey}`;
  if (validSignatures.has(triple)) return true;
  const publicKey = publicKeyOfActor(actorKey);
  if (!publicKey || !/^[0-9a-f]{64}$/.test(hash)) return false;
  let valid: boolean;
  try {
    valid = verify(null, Buffer.from(hash, 'hex'), publicKey, Buffer.from(sig, 'base64url'));
  } catch {
    return false;
  }
  if (valid) {
    if (validSignatures.size >= cacheLimit) validSignatures.clear();
    validSignatures.add(triple);
  }
  return valid;
}
