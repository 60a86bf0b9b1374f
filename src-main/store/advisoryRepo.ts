import type { Database } from 'better-sqlite3';
import type { AdvisoryStatus, SupplyEcosystem } from '../contract';
import { knownEcosystem, type AffectedPackage, type StoredAdvisory } from '../domain/supply/osv/osvRecord';
import { packageKey } from '../domain/supply/packageNames';
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
    `INSERT INTO advisories (id, modified, published, withdrawn, summary, severity, aliases, ecosystems, imported_at)
     VALUES (@id, @modified, @published, @withdrawn, @summary, @severity, @aliases, @ecosystems, @importedAt)
     ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, published = excluded.published, withdrawn = excluded.withdrawn,
       summary = excluded.summary, severity = excluded.severity, aliases = excluded.aliases,
       ecosystems = excluded.ecosystems, imported_at = excluded.imported_at`,
  );
  const index = prepared(db, 'INSERT OR IGNORE INTO advisory_packages (ecosystem, name, advisory_id, affected) VALUES (?, ?, ?, ?)');
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
        ecosystems: JSON.stringify(record.ecosystems),
        importedAt,
      });
      if (record.withdrawn) return 'withdrawn';
      for (const entry of ownAffected(record).values()) index.run(entry.ecosystem, entry.key, record.id, JSON.stringify(entry.affected));
      return 'imported';
    }),
  );
}

/** Each known package the record names, with only the `affected[]` entries naming it. */
function ownAffected(record: StoredAdvisory): Map<string, { ecosystem: SupplyEcosystem; key: string; affected: AffectedPackage[] }> {
  const own = new Map<string, { ecosystem: SupplyEcosystem; key: string; affected: AffectedPackage[] }>();
  for (const named of record.packages) own.set(`${named.ecosystem}\0${named.key}`, { ...named, affected: [] });
  for (const entry of record.affected) {
    const ecosystem = knownEcosystem(entry.ecosystem);
    if (ecosystem) own.get(`${ecosystem}\0${packageKey(ecosystem, entry.name)}`)?.affected.push(entry);
  }
  return own;
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

/** What the database holds (records per ecosystem, withdrawn ones, the last import, the newest record). */
export function advisoryStatusOf(db: Database): AdvisoryStatus {
  return { ...readAdvisoryCounts(db), lastImport: lastAdvisoryImport(db) };
}

/** An advisory an audit reads for one package: its own `affected[]` entries only (never withdrawn ones). */
export interface AdvisoryForPackage {
  id: string;
  summary: string;
  severity: StoredAdvisory['severity'];
  aliases: string[];
  affected: AffectedPackage[];
}

/** Keys per query: SQLite binds one JSON array, so this only bounds the size of one result set. */
const keysPerQuery = 5_000;

/**
 * The advisories indexed under each of the packages' keys, by `ecosystem\0key`, in a few queries
 * (one per ecosystem and batch of keys). Each advisory's summary and aliases are parsed once however
 * many packages it names; `affected` is parsed per package, holding only that package's entries.
 */
export function advisoriesForPackages(db: Database, packages: Iterable<{ ecosystem: SupplyEcosystem; key: string }>): Map<string, AdvisoryForPackage[]> {
  const byEcosystem = new Map<SupplyEcosystem, Set<string>>();
  for (const item of packages) {
    let keys = byEcosystem.get(item.ecosystem);
    if (!keys) byEcosystem.set(item.ecosystem, (keys = new Set()));
    keys.add(item.key);
  }
  const query = prepared<[SupplyEcosystem, string], { name: string; affected: string; id: string; summary: string; severity: StoredAdvisory['severity']; aliases: string }>(
    db,
    `SELECT p.name, p.affected, a.id, a.summary, a.severity, a.aliases FROM advisory_packages p JOIN advisories a ON a.id = p.advisory_id
     WHERE p.ecosystem = ? AND p.name IN (SELECT value FROM json_each(?)) AND a.withdrawn IS NULL ORDER BY p.name, a.id`,
  );
  const aliasesOf = new Map<string, string[]>();
  const found = new Map<string, AdvisoryForPackage[]>();
  for (const [ecosystem, keySet] of byEcosystem) {
    const keys = [...keySet];
    for (let start = 0; start < keys.length; start += keysPerQuery) {
      for (const row of query.iterate(ecosystem, JSON.stringify(keys.slice(start, start + keysPerQuery)))) {
        let aliases = aliasesOf.get(row.id);
        if (!aliases) aliasesOf.set(row.id, (aliases = JSON.parse(row.aliases) as string[]));
        const id = `${ecosystem}\0${row.name}`;
        let list = found.get(id);
        if (!list) found.set(id, (list = []));
        list.push({ id: row.id, summary: row.summary, severity: row.severity, aliases, affected: JSON.parse(row.affected) as AffectedPackage[] });
      }
    }
  }
  return found;
}

/** The advisories an audit reads for one package: those indexed under its key (never withdrawn ones). */
export function advisoriesForPackage(db: Database, ecosystem: SupplyEcosystem, key: string): AdvisoryForPackage[] {
  return advisoriesForPackages(db, [{ ecosystem, key }]).get(`${ecosystem}\0${key}`) ?? [];
}
