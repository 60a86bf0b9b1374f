import type { Database } from 'better-sqlite3';
import type { AttackCatalogue, Technique } from '../contract';
import { prepared } from './preparedStatements';
import { writeTransaction } from './transaction';

interface TechniqueRow {
  id: string;
  name: string;
  tactics: string;
  description: string;
  platforms: string;
  parent: string | null;
  deprecated: number;
  url: string | null;
}

const columns = 'id, name, tactics, description, platforms, parent, deprecated, url';

/** A stored list read back; a row damaged by hand reads as empty rather than failing the search. */
function stringList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

function techniqueOf(row: TechniqueRow): Technique {
  return {
    id: row.id,
    name: row.name,
    tactics: stringList(row.tactics),
    description: row.description,
    platforms: stringList(row.platforms),
    parent: row.parent,
    deprecated: row.deprecated === 1,
    url: row.url,
  };
}

/** Replaces the whole catalogue in one write transaction: a failure leaves the one held as it was. */
export function replaceAttackCatalogue(db: Database, catalogue: AttackCatalogue, techniques: readonly Technique[]): void {
  const insert = prepared(
    db,
    `INSERT INTO attack_techniques (id, name, name_key, tactics, description, platforms, parent, deprecated, url)
     VALUES (@id, @name, @nameKey, @tactics, @description, @platforms, @parent, @deprecated, @url)`,
  );
  writeTransaction(db, () => {
    db.exec('DELETE FROM attack_techniques; DELETE FROM attack_catalogue;');
    for (const technique of techniques) {
      insert.run({
        id: technique.id,
        name: technique.name,
        nameKey: technique.name.toLowerCase(),
        tactics: JSON.stringify(technique.tactics),
        description: technique.description,
        platforms: JSON.stringify(technique.platforms),
        parent: technique.parent,
        deprecated: technique.deprecated ? 1 : 0,
        url: technique.url,
      });
    }
    prepared(db, 'INSERT INTO attack_catalogue (id, version, source, imported_at, techniques) VALUES (1, ?, ?, ?, ?)').run(
      catalogue.version,
      catalogue.source,
      catalogue.importedAt,
      catalogue.techniques,
    );
  });
}

export function readAttackCatalogue(db: Database): AttackCatalogue | null {
  const row = prepared<[], { version: string | null; source: string; imported_at: string; techniques: number }>(
    db,
    'SELECT version, source, imported_at, techniques FROM attack_catalogue WHERE id = 1',
  ).get();
  return row ? { techniques: row.techniques, version: row.version, source: row.source, importedAt: row.imported_at } : null;
}

/** The technique with this id (upper case), then its sub-techniques by id when `withSubtechniques`. */
export function techniquesById(db: Database, id: string, withSubtechniques: boolean, limit: number): Technique[] {
  const own = prepared<[string], TechniqueRow>(db, `SELECT ${columns} FROM attack_techniques WHERE id = ?`).all(id);
  const subs = withSubtechniques
    ? prepared<[string, number], TechniqueRow>(db, `SELECT ${columns} FROM attack_techniques WHERE parent = ? ORDER BY id LIMIT ?`).all(id, limit)
    : [];
  return [...own, ...subs].slice(0, limit).map(techniqueOf);
}

/**
 * Techniques whose name holds every word (lower-cased), ranked: the name equal to the text, then
 * starting with it, then holding it; deprecated ones last; then by id.
 */
export function techniquesByName(db: Database, words: readonly string[], limit: number): Technique[] {
  const phrase = words.join(' ');
  const rows = prepared<[{ words: string; phrase: string; limit: number }], TechniqueRow>(
    db,
    `SELECT ${columns} FROM attack_techniques
     WHERE NOT EXISTS (SELECT 1 FROM json_each(@words) AS w WHERE instr(name_key, w.value) = 0)
     ORDER BY deprecated, CASE WHEN name_key = @phrase THEN 0 WHEN substr(name_key, 1, length(@phrase)) = @phrase THEN 1 ELSE 2 END, id
     LIMIT @limit`,
  );
  return rows.all({ words: JSON.stringify(words), phrase, limit }).map(techniqueOf);
}

/** Which of these ids the catalogue holds. */
export function heldTechniqueIds(db: Database, ids: readonly string[]): Set<string> {
  if (!ids.length) return new Set();
  const held = prepared<[string], string>(db, 'SELECT id FROM attack_techniques WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(ids));
  return new Set(held);
}
