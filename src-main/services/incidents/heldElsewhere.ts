import type { Database } from 'better-sqlite3';
import type { StateMismatch } from '../../contract';
import { eventTypes } from '../../domain/incidents/incidentState';

/**
 * Records whose rows hold more than their events (a scan's findings, an evidence archive and its
 * custody, a quarantined file) stay on the laptop that made them: only their events travel through
 * a hub, the rows in a bundle. Which event names which record, and by which payload field.
 */
const recordEvents: Partial<Record<StateMismatch['record'], { type: string; field: string }>> = {
  scan: { type: eventTypes.scanCompleted, field: 'scanId' },
  finding: { type: eventTypes.findingMarked, field: 'findingId' },
  evidence: { type: eventTypes.evidenceCustody, field: 'evidenceId' },
  'custody entry': { type: eventTypes.evidenceCustody, field: 'evidenceId' },
  'quarantined file': { type: eventTypes.quarantined, field: 'id' },
};

/**
 * Splits the mismatches into those that are real and those that are rows another laptop made and
 * this one never received: missing here, and every event naming them signed by another device key.
 * A row this laptop made and then lost is never excused.
 */
export function splitHeldElsewhere(db: Database, incidentId: string, localActorKey: string | null, mismatches: readonly StateMismatch[]): { real: StateMismatch[]; elsewhere: string[] } {
  // Without this laptop's recorded key nothing tells its own records from another's: none is excused
  // (a data dir whose key setting was removed along with its rows must not read as intact).
  if (localActorKey === null) return { real: [...mismatches], elsewhere: [] };
  const real: StateMismatch[] = [];
  const elsewhere: string[] = [];
  for (const mismatch of mismatches) {
    const source = recordEvents[mismatch.record];
    if (!source || !mismatch.message.endsWith('is on the timeline but missing from the database')) {
      real.push(mismatch);
      continue;
    }
    const recordId = mismatch.record === 'custody entry' ? mismatch.key.replace(/ entry \d+$/, '') : mismatch.key;
    const authors = db
      .prepare<[string, string, string, string], string | null>(`SELECT DISTINCT actor_key FROM events WHERE incident_id = ? AND type = ? AND json_extract(payload, '$.' || ?) = ?`)
      .pluck()
      .all(incidentId, source.type, source.field, recordId);
    const byOthers = authors.length > 0 && authors.every((key) => key !== null && key !== localActorKey);
    if (!byOthers) {
      real.push(mismatch);
      continue;
    }
    elsewhere.push(`${mismatch.record} ${mismatch.key} was recorded on another laptop (device key ${authors[0]!.slice(0, 12)}…): its event verifies, and its rows stay there; they travel in a bundle (incident export, then import here), not through a hub`);
  }
  return { real, elsewhere };
}
