import type { Database } from 'better-sqlite3';
import type { AdvisoryStatus, SupplyEcosystem } from '../contract';
import type { AffectedPackage, StoredAdvisory } from '../domain/supply/osv/osvRecord';
import { prepared } from './preparedStatements';
import { writeTransaction } from './transaction';

export type AdvisoryWrite = 'imported' | 'withdrawn' | 'unchanged';

/**
 * Stores a batch of records in one write transaction: a record already held with the same or a
 * newer `modified` is left as it is. Only records naming a known ecosystem are indexed, and
 * withdrawn ones not at all: an audit never reads them.
 */
export function storeAdvisories(db: Database, records: StoredAdvisory[], importedAt: string): AdvisoryWrite[] {
  const held = prepared<[string], string>(db, 'SELECT modified FROM advisories WHERE id = ?').pluck();
  const unindex = prepared(db, 'DELETE FROM advisory_packages WHERE advisory_id = ?');
  const upsert = prepared(
    db,
    `INSERT INTO advisories (id, modified, published, withdrawn, summary, severity, aliases, affected, ecosystems, imported_at)
     VALUES (@id, @modified, @published, @withdrawn, @summary, @severity, @aliases, @affected, @ecosystems, @importedAt)
     ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, published = excluded.published, withdrawn = excluded.withdrawn,
       summary = excluded.summary, severity = excluded.severity, aliases = excluded.aliases, affected = excluded.affected,
       ecosystems = excluded.ecosystems, imported_at = excluded.imported_at`,
  );
  const index = prepared(db, 'INSERT OR IGNORE INTO advisory_packages (ecosystem, name, advisory_id) VALUES (?, ?, ?)');
  return writeTransaction(db, () =>
    records.map((record) => {
      const previous = held.get(record.id);
      if (previous !== undefined && !isNewer(record.modified, previous)) return 'unchanged';
      unindex.run(record.id);
      upsert.run({
        id: record.id,
        modified: record.modified,
        published: record.published,
        withdrawn: record.withdrawn,
        summary: record.summary,
        severity: record.severity,
        aliases: JSON.stringify(record.aliases),
        affected: JSON.stringify(record.affected),
        ecosystems: JSON.stringify(record.ecosystems),
        importedAt,
      });
      if (record.withdrawn) return 'withdrawn';
      for (const entry of record.packages) index.run(entry.ecosystem, entry.key, record.id);
      return 'imported';
    }),
  );
}

/** Timestamps compare as instants (`Z` and `+00:00` forms are the same moment). */
function isNewer(candidate: string, held: string): boolean {
  const a = Date.parse(candidate);
  const b = Date.parse(held);
  return Number.isNaN(a) || Number.isNaN(b) ? candidate > held : a > b;
}

export function recordAdvisoryImport(db: Database, row: { at: string; source: string; imported: number; unchanged: number; withdrawn: number; rejected: number }): void {
  writeTransaction(db, () => {
    prepared(db, 'INSERT INTO advisory_imports (at, source, imported, unchanged, withdrawn, rejected) VALUES (@at, @source, @imported, @unchanged, @withdrawn, @rejected)').run(row);
  });
}

export function countAdvisories(db: Database): number {
  return prepared<[], number>(db, 'SELECT count(*) FROM advisories').pluck().get()!;
}

export function lastAdvisoryImport(db: Database): AdvisoryStatus['lastImport'] {
  const row = prepared<[], { at: string; source: string; imported: number }>(db, 'SELECT at, source, imported FROM advisory_imports ORDER BY id DESC LIMIT 1').get();
  return row ?? null;
}

export function readAdvisoryCounts(db: Database): Omit<AdvisoryStatus, 'lastImport'> {
  const totals = prepared<[], { advisories: number; withdrawn: number; newest: string | null }>(
    db,
    'SELECT count(*) AS advisories, count(withdrawn) AS withdrawn, max(modified) AS newest FROM advisories',
  ).get()!;
  const byEcosystem: Partial<Record<string, number>> = {};
  const rows = prepared<[], { ecosystem: string; records: number }>(
    db,
    'SELECT e.value AS ecosystem, count(*) AS records FROM advisories, json_each(advisories.ecosystems) AS e GROUP BY e.value ORDER BY e.value',
  ).all();
  for (const row of rows) byEcosystem[row.ecosystem] = row.records;
  return { advisories: totals.advisories, withdrawn: totals.withdrawn, byEcosystem, newestModified: totals.newest };
}

/** The advisories an audit reads for one package: those indexed under its key (never withdrawn ones). */
export interface AdvisoryForPackage {
  id: string;
  summary: string;
  severity: StoredAdvisory['severity'];
  aliases: string[];
  affected: AffectedPackage[];
}

export function advisoriesForPackage(db: Database, ecosystem: SupplyEcosystem, key: string): AdvisoryForPackage[] {
  const rows = prepared<[SupplyEcosystem, string], { id: string; summary: string; severity: StoredAdvisory['severity']; aliases: string; affected: string }>(
    db,
    `SELECT a.id, a.summary, a.severity, a.aliases, a.affected FROM advisory_packages p JOIN advisories a ON a.id = p.advisory_id
     WHERE p.ecosystem = ? AND p.name = ? AND a.withdrawn IS NULL ORDER BY a.id`,
  ).all(ecosystem, key);
  return rows.map((row) => ({ id: row.id, summary: row.summary, severity: row.severity, aliases: JSON.parse(row.aliases) as string[], affected: JSON.parse(row.affected) as AffectedPackage[] }));
}
