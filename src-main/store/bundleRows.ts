import type { Database } from 'better-sqlite3';
import { AppError } from '../contract';
import { eventOfRow, listDagRows, v1EventOfRow } from './dagStore';
import type { BundleItem } from '../domain/bundle/bundleFormat';
import { bundleTableNames, columnsOf, optionalBundleTables, type BundleRow, type BundleTable } from '../domain/bundle/bundleTables';
import type { BundleTables } from '../domain/bundle/bundleFormat';

/** How each table's rows of one incident are found, in the order the bundle lists them. */
const selections: Record<BundleTable, { from: string; where: string; order: string }> = {
  incidents: { from: 'incidents t', where: 't.id = @id', order: 't.id' },
  checklist_steps: { from: 'checklist_steps t', where: 't.incident_id = @id', order: 't.position' },
  checklist_notes: { from: 'checklist_notes t', where: 't.incident_id = @id', order: 't.id' },
  reminders: { from: 'reminders t', where: 't.incident_id = @id', order: 't.step_key' },
  scan_runs: { from: 'scan_runs t', where: 't.incident_id = @id', order: 't.started_at, t.id' },
  scan_findings: { from: 'scan_findings t JOIN scan_runs r ON r.id = t.run_id', where: 'r.incident_id = @id', order: 't.id' },
  evidence_items: { from: 'evidence_items t', where: 't.incident_id = @id', order: 't.collected_at, t.id' },
  custody_entries: { from: 'custody_entries t JOIN evidence_items e ON e.id = t.evidence_id', where: 'e.incident_id = @id', order: 't.id' },
  quarantine: { from: 'quarantine t', where: 't.incident_id = @id', order: 't.quarantined_at, t.id' },
  rotation_items: { from: 'rotation_items t', where: 't.incident_id = @id', order: 't.position' },
  rotation_checks: { from: 'rotation_checks t', where: 't.incident_id = @id', order: 't.item_id, t.position' },
  action_items: { from: 'action_items t', where: 't.incident_id = @id', order: 't.position' },
  log_scans: { from: 'log_scans t', where: 't.incident_id = @id', order: 't.started_at, t.id' },
  log_findings: { from: 'log_findings t JOIN log_scans s ON s.id = t.scan_id', where: 's.incident_id = @id', order: 't.scan_id, t.id' },
};

// Finding ids are per laptop: a bundle names the ids its events name, so an imported incident exported again still verifies.
const exportedAs: Partial<Record<BundleTable, Record<string, string>>> = {
  scan_findings: { id: '(SELECT m.bundle_id FROM imported_finding_ids m WHERE m.local_id = t.id)' },
  rotation_items: { finding_id: '(SELECT m.bundle_id FROM imported_finding_ids m WHERE m.local_id = t.finding_id)' },
  // A log finding by the number its scan's laptop gave it (logFindingIdsMigration.ts).
  log_findings: { id: '(t.id - s.finding_id_offset)' },
};

/** The incident's rows of every table a bundle carries, whitelisted columns only. */
export function readBundleTables(db: Database, incidentId: string): BundleTables {
  const tables = {} as BundleTables;
  for (const table of bundleTableNames) {
    const { from, where, order } = selections[table];
    const columns = columnsOf(table).map((column) => {
      const mapped = exportedAs[table]?.[column];
      return mapped ? `coalesce(${mapped}, t.${column}) AS ${column}` : `t.${column}`;
    });
    const rows = db.prepare<{ id: string }, BundleRow>(`SELECT ${columns.join(', ')} FROM ${from} WHERE ${where} ORDER BY ${order}`).all({ id: incidentId });
    if (rows.length > 0 || !(optionalBundleTables as readonly string[]).includes(table)) tables[table] = rows;
  }
  return tables;
}

/**
 * The incident's events exactly as stored, in projection order (parents first): the v1 prefix as
 * chain rows, every v2 event as it travels (body, hash, signature).
 */
export function readBundleEvents(db: Database, incidentId: string): BundleItem[] {
  return listDagRows(db, incidentId).map((row): BundleItem => {
    const event = eventOfRow(row);
    if (event) return { hash: row.hash, sig: row.sig ?? '', event };
    return v1EventOfRow(row);
  });
}

/** Where each evidence item's manifest file is, to read it into the bundle. */
export function evidenceManifestFiles(db: Database, incidentId: string): { id: string; manifest_file: string }[] {
  return db.prepare<[string], { id: string; manifest_file: string }>('SELECT id, manifest_file FROM evidence_items WHERE incident_id = ? ORDER BY collected_at, id').all(incidentId);
}

function insertRows(db: Database, table: BundleTable, rows: readonly BundleRow[], override: (row: BundleRow) => BundleRow = (row) => row): void {
  if (rows.length === 0) return;
  const columns = columnsOf(table);
  // Column names come from the whitelist only; values are bound, never spliced.
  const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`);
  for (const row of rows) {
    const values = override(row);
    insert.run(Object.fromEntries(columns.map((column) => [column, values[column] ?? null])));
  }
}

/**
 * A quarantined file stays on the laptop that holds it: here it is `missing`. A move that had not
 * finished there is `not-moved` here, so this laptop's recovery never tries to finish it.
 */
function importedQuarantineState(state: string): string {
  if (state === 'released' || state === 'not-moved') return state;
  return state === 'moving-in' ? 'not-moved' : 'missing';
}

export interface ImportAdjustments {
  /** The local path of each evidence item's manifest copy. */
  manifestFile(evidenceId: string): string | null;
}

/**
 * Writes the bundle's rows (inside the caller's transaction). Findings get new local ids, recorded
 * in imported_finding_ids; quarantined files are not on this laptop, so their rows say `missing`.
 */
export function insertBundleRows(db: Database, incidentId: string, tables: BundleTables, adjust: ImportAdjustments): void {
  insertRows(db, 'incidents', tables.incidents);
  insertRows(db, 'checklist_steps', tables.checklist_steps);
  insertRows(db, 'checklist_notes', tables.checklist_notes);
  insertRows(db, 'reminders', tables.reminders);
  insertRows(db, 'scan_runs', tables.scan_runs);
  const localFinding = new Map<number, number>();
  const findingColumns = columnsOf('scan_findings').filter((column) => column !== 'id');
  const insertFinding = db.prepare(`INSERT INTO scan_findings (${findingColumns.join(', ')}) VALUES (${findingColumns.map((column) => `@${column}`).join(', ')})`);
  const recordId = db.prepare('INSERT INTO imported_finding_ids (incident_id, bundle_id, local_id) VALUES (?, ?, ?)');
  for (const row of tables.scan_findings) {
    const local = Number(insertFinding.run(Object.fromEntries(findingColumns.map((column) => [column, row[column] ?? null]))).lastInsertRowid);
    localFinding.set(Number(row.id), local);
    recordId.run(incidentId, row.id, local);
  }
  insertRows(db, 'evidence_items', tables.evidence_items, (row) => ({ ...row, manifest_file: adjust.manifestFile(String(row.id)) ?? row.manifest_file! }));
  insertRows(db, 'custody_entries', tables.custody_entries, (row) => ({ ...row }));
  insertRows(db, 'quarantine', tables.quarantine, (row) => ({ ...row, state: importedQuarantineState(String(row.state)), mover_pid: null }));
  insertRows(db, 'rotation_items', tables.rotation_items, (row) => ({ ...row, finding_id: row.finding_id === null ? null : (localFinding.get(Number(row.finding_id)) ?? null) }));
  insertRows(db, 'rotation_checks', tables.rotation_checks);
  insertRows(db, 'action_items', tables.action_items);
  insertLogScans(db, tables.log_scans ?? [], tables.log_findings ?? []);
}

/**
 * Log scans with their findings, each finding under the number its scan's laptop gave it shifted to
 * follow this data dir's own (the scan keeps the shift): events name a finding by that number.
 */
function insertLogScans(db: Database, scans: readonly BundleRow[], findings: readonly BundleRow[]): void {
  insertRows(db, 'log_scans', scans);
  const setOffset = db.prepare('UPDATE log_scans SET finding_id_offset = ? WHERE id = ?');
  const columns = columnsOf('log_findings');
  const insert = db.prepare(`INSERT INTO log_findings (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`);
  const highest = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM log_findings').pluck();
  for (const scan of scans) {
    const own = findings.filter((row) => row.scan_id === scan.id);
    if (own.length === 0) continue;
    // Numbered right after this data dir's highest (a scan's are consecutive: logRowChecks.ts), whatever
    // numbers they had: a bundle cannot push the numbers this laptop gives its own scans ahead.
    const lowest = own.reduce((low, row) => Math.min(low, Number(row.id)), Infinity);
    const offset = highest.get()! + 1 - lowest;
    setOffset.run(offset, scan.id);
    for (const row of own) insert.run(Object.fromEntries(columns.map((column) => [column, column === 'id' ? Number(row.id) + offset : (row[column] ?? null)])));
  }
}

/** A v1 chain row of a bundle, linked into the DAG tables as the v2 migration links stored ones (parents = [prev_hash]). */
export function insertBundleEvent(db: Database, event: { incidentId: string; seq: number; formatVersion: number; type: string; at: string; actor: string; deviceId: string; payloadJson: string; prevHash: string; hash: string }): void {
  const parents = event.seq === 1 ? [] : [event.prevHash];
  db.prepare(
    `INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash, lamport, parents)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(event.incidentId, event.seq, event.formatVersion, event.type, event.at, event.actor, event.deviceId, event.payloadJson, event.prevHash, event.hash, event.seq, JSON.stringify(parents));
  for (const parent of parents) {
    db.prepare('INSERT OR IGNORE INTO event_parents (child, parent) VALUES (?, ?)').run(event.hash, parent);
    db.prepare('DELETE FROM heads WHERE incident_id = ? AND hash = ?').run(event.incidentId, parent);
  }
  if (db.prepare('SELECT 1 FROM event_parents WHERE parent = ? LIMIT 1').get(event.hash) === undefined) {
    db.prepare('INSERT OR IGNORE INTO heads (incident_id, hash) VALUES (?, ?)').run(event.incidentId, event.hash);
  }
}

/**
 * The id an incident's own events use for a finding: the exporting laptop's id for a finding that
 * came with an imported incident, this laptop's for one found here. A new event must name it so, as
 * its earlier events do, or the verify replay would see two findings.
 */
export function findingIdInHistory(db: Database, localId: number): number {
  const bundleId = db.prepare<[number], number>('SELECT bundle_id FROM imported_finding_ids WHERE local_id = ?').pluck().get(localId);
  return bundleId ?? localId;
}

/**
 * A finding found here must not take a number the incident's history already gives a finding that
 * came with it in a bundle: it gets the next number that history has not used.
 */
export function keepFindingIdDistinct(db: Database, incidentId: string, localId: number): void {
  const taken = db.prepare('SELECT 1 FROM imported_finding_ids WHERE incident_id = ? AND bundle_id = ?').get(incidentId, localId);
  if (!taken) return;
  const next = db
    .prepare<[string, string], number>(
      `SELECT max(n) + 1 FROM (SELECT max(bundle_id) AS n FROM imported_finding_ids WHERE incident_id = ?
       UNION ALL SELECT max(f.id) FROM scan_findings f JOIN scan_runs r ON r.id = f.run_id WHERE r.incident_id = ?)`,
    )
    .pluck()
    .get(incidentId, incidentId)!;
  db.prepare('INSERT INTO imported_finding_ids (incident_id, bundle_id, local_id) VALUES (?, ?, ?)').run(incidentId, next, localId);
}

/**
 * For an incident already here: the bundle's scans (with their findings), evidence items and
 * quarantined files this data dir lacks, by key; rows it holds are left alone (their marks follow
 * the events). Returns the evidence ids added, whose manifests the caller copies. Inside the
 * caller's transaction.
 */
export function insertMissingBundleRows(db: Database, incidentId: string, tables: BundleTables, adjust: ImportAdjustments): string[] {
  const has = (sql: string, key: unknown) => db.prepare(sql).get(key) !== undefined;
  const runs = tables.scan_runs.filter((row) => !has('SELECT 1 FROM scan_runs WHERE id = ?', row.id));
  const newRuns = new Set(runs.map((row) => String(row.id)));
  const findings = tables.scan_findings.filter((row) => newRuns.has(String(row.run_id)));
  // A finding is named in events by the number its history gives it: a scan made apart must not reuse one.
  const taken = db.prepare(
    `SELECT 1 FROM imported_finding_ids WHERE incident_id = @incidentId AND bundle_id = @id
     UNION ALL SELECT 1 FROM scan_findings f JOIN scan_runs r ON r.id = f.run_id WHERE r.incident_id = @incidentId AND f.id = @id
       AND NOT EXISTS (SELECT 1 FROM imported_finding_ids m WHERE m.local_id = f.id)`,
  );
  const clash = findings.find((row) => taken.get({ incidentId, id: row.id }) !== undefined);
  if (clash) {
    throw new AppError('conflict', `finding ${String(clash.id)} of scan ${String(clash.run_id)} has a number this data dir's copy of ${incidentId} already gives another finding: scans made on two laptops apart cannot be merged yet; nothing was imported`);
  }
  const evidence = tables.evidence_items.filter((row) => !has('SELECT 1 FROM evidence_items WHERE id = ?', row.id));
  const newEvidence = new Set(evidence.map((row) => String(row.id)));
  insertBundleRows(db, incidentId, {
    ...emptyTables(),
    scan_runs: runs,
    scan_findings: findings,
    evidence_items: evidence,
    // Custody of evidence new here comes with it; entries added to an item held here follow the events.
    custody_entries: tables.custody_entries.filter((row) => newEvidence.has(String(row.evidence_id))),
    quarantine: tables.quarantine.filter((row) => !has('SELECT 1 FROM quarantine WHERE id = ?', row.id)),
  }, adjust);
  // Log scans new here, with their findings; a scan held here keeps its own rows.
  // Held by another incident, a scan's id clashes on insert: refused, not skipped.
  const logScans = (tables.log_scans ?? []).filter((row) => db.prepare('SELECT 1 FROM log_scans WHERE id = ? AND incident_id = ?').get(row.id, incidentId) === undefined);
  const newLogScans = new Set(logScans.map((row) => String(row.id)));
  insertLogScans(db, logScans, (tables.log_findings ?? []).filter((row) => newLogScans.has(String(row.scan_id))));
  return [...newEvidence];
}

const emptyTables = (): BundleTables => Object.fromEntries(bundleTableNames.map((table) => [table, []])) as unknown as BundleTables;
