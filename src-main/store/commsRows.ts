import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EvidenceFact, FindingFact } from '../domain/comms/incidentFacts';

/** The incident's evidence in the order it was collected, with its chain of custody; archives by file name only. */
export function listEvidenceFacts(db: Database, incidentId: string): EvidenceFact[] {
  type Row = { id: string; archive: string; archive_sha256: string; files: number; bytes: number; collected_at: string };
  const custody = db.prepare<[string], { at: string; actor: string; action: string; detail: string }>('SELECT at, actor, action, detail FROM custody_entries WHERE evidence_id = ? ORDER BY id');
  return db
    .prepare<[string], Row>(
      `SELECT e.id, e.archive, e.archive_sha256, e.files, e.bytes, e.collected_at
       FROM evidence_items e WHERE e.incident_id = ? ORDER BY e.collected_at, e.id`,
    )
    .all(incidentId)
    .map((row) => ({
      id: row.id,
      // The folder differs between laptops (and after an import); the name and the hash identify it.
      archive: path.basename(row.archive),
      sha256: row.archive_sha256,
      files: row.files,
      bytes: row.bytes,
      custody: custody.all(row.id),
      collectedAt: row.collected_at,
    }));
}

/** Every finding of the incident's scans, in scan then position order: redacted preview and fingerprint only. */
export function listFindingFacts(db: Database, incidentId: string): { scans: number; findings: FindingFact[] } {
  const scans = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM scan_runs WHERE incident_id = ?').get(incidentId)!.n;
  const findings = db
    .prepare<[string], FindingFact>(
      `SELECT f.rule, f.file, f.line, f.redacted, f.fingerprint, f.status FROM scan_findings f JOIN scan_runs r ON r.id = f.run_id
       WHERE r.incident_id = ? ORDER BY r.finished_at, r.id, f.rule, f.file, f.line, f.fingerprint`,
    )
    .all(incidentId);
  return { scans, findings };
}
