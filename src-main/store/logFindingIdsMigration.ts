import type { Migration } from './migrations';

/**
 * A log scan that came in a bundle keeps its findings' numbers from the laptop that made it, shifted
 * to follow this data dir's own: the incident's events (a promoted finding) name them by the first
 * laptop's numbers, so a finding's number in history is its id here less its scan's offset (0 for a
 * scan made here; negative when the first laptop's numbers were higher).
 */
export const logFindingIdsMigration: Migration = {
  version: 18,
  description: "log scans from bundles: their findings' numbers in the incident's history",
  up(db) {
    db.exec('ALTER TABLE log_scans ADD COLUMN finding_id_offset INTEGER NOT NULL DEFAULT 0');
  },
};
