import { z } from 'zod';
import { incidentId } from '../incidents/incident';

const filePath = z.string({ error: 'must be a file path' }).min(1, { message: 'must not be empty' }).max(4096, { message: 'must be at most 4096 characters' });

export const exportBundleInput = z.strictObject({
  id: incidentId,
  /** The bundle file to write (`.json`); it is written whole or not at all. */
  file: filePath,
});

export const importBundleInput = z.strictObject({
  file: filePath,
  /** Signers to trust besides this laptop's own key: 64-hex fingerprints or public key files (as for evidence). */
  trustedKeys: z.array(filePath).max(32).optional(),
});

export interface ExportedBundle {
  incidentId: string;
  file: string;
  /** Events in the bundle and the hash of the last one: what an importer checks. */
  events: number;
  headHash: string;
  bytes: number;
  /** SHA-256 of the bundle file. */
  sha256: string;
  /** The evidence key that signed it. */
  keyFingerprint: string;
  /** What the bundle leaves out and why (log scans, when with them it would be over the size a bundle may hold), or null. */
  leftOut: string | null;
}

export interface ImportedBundle {
  incidentId: string;
  /** False when this data dir already held exactly this incident: nothing changed. */
  imported: boolean;
  events: number;
  /** How many of the bundle's events this data dir did not hold: 0 when nothing changed. */
  newEvents: number;
  headHash: string;
  keyFingerprint: string;
  /** Why the signer is trusted: this laptop's key, or one given in `trustedKeys`. */
  signer: string;
}
