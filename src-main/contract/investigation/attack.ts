import { z } from 'zod';
import { text } from '../text';

/** `T1059` or a sub-technique `T1059.001`: accepted by format even without a catalogue. */
export const techniqueId = z
  .string({ error: 'must be an ATT&CK technique id' })
  .transform((value) => value.trim().toUpperCase())
  .pipe(z.string().regex(/^T\d{4}(\.\d{3})?$/, { message: 'must be an ATT&CK technique id like T1059 or T1059.001' }));

export const importAttackInput = z.strictObject({
  /** A MITRE ATT&CK STIX 2.x bundle (JSON) the responder provides: nothing is fetched. */
  path: text({ min: 1, max: 4_096 }),
});

export const searchAttackInput = z.strictObject({
  /** An id (`T1059`, `t1059.001`) or words of a name. */
  text: text({ min: 1, max: 200 }),
  limit: z.number({ error: 'must be a whole number from 1 to 200' }).int().min(1).max(200).default(20),
});

export interface Technique {
  id: string;
  name: string;
  /** Kill-chain phases, e.g. `initial-access`. */
  tactics: string[];
  /** The first paragraph of its description, plain text. */
  description: string;
  platforms: string[];
  /** The parent technique's id for a sub-technique, else null. */
  parent: string | null;
  deprecated: boolean;
  url: string | null;
}

export interface AttackCatalogue {
  techniques: number;
  /** The bundle's ATT&CK version (x_mitre_version of its collection) or null. */
  version: string | null;
  /** File name of the imported bundle. */
  source: string;
  importedAt: string;
}

export interface AttackImportResult {
  catalogue: AttackCatalogue;
  /** Objects skipped: revoked or not attack-pattern. */
  skipped: number;
}

export interface AttackSearchResult {
  techniques: Technique[];
  /** null when no catalogue was imported: ids are still accepted by format. */
  catalogue: AttackCatalogue | null;
}
