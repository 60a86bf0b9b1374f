import { createHash } from 'node:crypto';
import { canonicalJson } from '../incidents/eventChain';

/**
 * A signed record of what a replica held at one moment (a sync, a bundle export, a report seal):
 * its heads and every device's highest sequence number. Removing the newest events afterwards
 * leaves a witnessed head or sequence missing, which the verifier reports as truncation.
 */
export interface Witness {
  reason: string;
  digest: string;
  heads: string[];
  actorSeqs: Record<string, number>;
  recordedAt: string;
  actorKey: string | null;
  sig: string | null;
}

/** sha256(JCS({incident, heads (sorted), actorSeqs})), hex: what the witness signs. */
export function witnessDigest(state: { incident: string; heads: readonly string[]; actorSeqs: Record<string, number> }): string {
  return createHash('sha256')
    .update(canonicalJson({ incident: state.incident, heads: [...state.heads].sort(), actorSeqs: state.actorSeqs }))
    .digest('hex');
}

/** The digest of a set of heads alone: equal on two replicas exactly when they hold the same newest events. */
export function headsDigest(heads: readonly string[]): string {
  return createHash('sha256').update([...heads].sort().join('\n')).digest('hex');
}
