import type { Migration } from './migrations';

/**
 * The offline advisory database and the supply-chain checks kept against incidents.
 * - `advisories`: one OSV record each (summary, severity, aliases); `withdrawn` records are kept so
 *   a re-import does not bring them back; `ecosystems` (JSON) lists every ecosystem it names, known
 *   to the audit or not, for the status.
 * - `advisory_packages`: which records name which package, by ecosystem and matching key (PyPI
 *   names normalised as PEP 503 does, others as written), with `affected` (JSON) holding only that
 *   package's `affected[]` entries: an audit parses what applies to its packages, not whole records.
 * - `advisory_imports`: when and from where the database was filled.
 * - `supply_checks`: an audit, lockfile diff, integrity check or SBOM diff, its result as JSON.
 */
export const supplyMigration: Migration = {
  version: 15,
  description: 'the offline OSV advisory database and supply-chain checks kept against an incident',
  up(db) {
    db.exec(`
      CREATE TABLE advisories (
        id TEXT PRIMARY KEY,
        modified TEXT NOT NULL,
        published TEXT,
        withdrawn TEXT,
        summary TEXT NOT NULL,
        severity TEXT NOT NULL,
        aliases TEXT NOT NULL,
        ecosystems TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE advisory_packages (
        ecosystem TEXT NOT NULL,
        name TEXT NOT NULL,
        advisory_id TEXT NOT NULL REFERENCES advisories (id),
        affected TEXT NOT NULL,
        PRIMARY KEY (ecosystem, name, advisory_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX advisory_packages_by_advisory ON advisory_packages (advisory_id);

      CREATE TABLE advisory_imports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        imported INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        withdrawn INTEGER NOT NULL,
        rejected INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE supply_checks (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        kind TEXT NOT NULL,
        inputs TEXT NOT NULL,
        summary TEXT NOT NULL,
        result TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        actor TEXT NOT NULL
      ) STRICT;
      CREATE INDEX supply_checks_by_incident ON supply_checks (incident_id, finished_at, id);
    `);
  },
};
