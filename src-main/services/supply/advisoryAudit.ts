import path from 'node:path';
import { AppError, advisorySeverities, type DepsAuditResult, type DepsFinding, type Lockfile, type SupplyEcosystem } from '../../contract';
import { mergeAliasedHits, type AdvisoryHit } from '../../domain/supply/osv/osvAliases';
import { matchAdvisory } from '../../domain/supply/osv/osvMatch';
import { futureModifiedReason, knownEcosystem, readOsvRecord } from '../../domain/supply/osv/osvRecord';
import { ecosystemOrder, isOrderable } from '../../domain/supply/osv/versionOrder';
import { distinctVersions, packageKey } from '../../domain/supply/packageNames';
import { advisoriesForPackages, countAdvisories, lastAdvisoryImport, type AdvisoryForPackage } from '../../store/advisoryRepo';
import { nowIso, type ServiceContext } from '../context';
import { readAdvisorySource } from './advisorySource';

/** One package version across the lockfiles given. */
interface AuditedPackage {
  ecosystem: SupplyEcosystem;
  name: string;
  key: string;
  version: string;
  paths: string[][];
  files: string[];
}

export interface AuditOutcome {
  result: DepsAuditResult;
  /**
   * Package versions the ecosystem's order cannot read (`1.0.0-local+hack`, a git URL): only an
   * advisory's explicit `versions` list could match them, its ranges were not evaluated.
   */
  unorderable: { ecosystem: SupplyEcosystem; name: string; version: string }[];
}

const maxPaths = 5;

function collectPackages(lockfiles: Lockfile[]): Map<string, AuditedPackage> {
  const packages = new Map<string, AuditedPackage>();
  for (const lockfile of lockfiles) {
    const file = path.resolve(lockfile.file);
    for (const item of lockfile.packages) {
      const key = packageKey(item.ecosystem, item.name);
      const id = `${item.ecosystem}\0${key}\0${item.version}`;
      let held = packages.get(id);
      if (!held) packages.set(id, (held = { ecosystem: item.ecosystem, name: item.name, key, version: item.version, paths: [], files: [] }));
      if (!held.files.includes(file)) held.files.push(file);
      for (const chain of item.paths) if (!held.paths.some((known) => known.join('\0') === chain.join('\0'))) held.paths.push(chain);
    }
  }
  for (const held of packages.values()) {
    held.paths = held.paths.sort((a, b) => a.length - b.length || a.join('/').localeCompare(b.join('/'))).slice(0, maxPaths);
    held.files.sort();
  }
  return packages;
}

function looksLikeRecord(value: unknown): value is { id: string; affected?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

function namesWanted(value: { affected?: unknown }, wanted: Set<string>): boolean {
  if (!Array.isArray(value.affected)) return false;
  for (const entry of value.affected as { package?: { ecosystem?: unknown; name?: unknown } }[]) {
    const ecosystem = typeof entry?.package?.ecosystem === 'string' ? knownEcosystem(entry.package.ecosystem) : null;
    if (ecosystem && typeof entry.package!.name === 'string' && wanted.has(`${ecosystem}\0${packageKey(ecosystem, entry.package!.name)}`)) return true;
  }
  return false;
}

/**
 * Only the advisories naming a wanted package, read from a folder or zip without importing it.
 * Records dated in the future are skipped as an import refuses them.
 */
async function readDirect(source: string, wanted: Set<string>, now: string): Promise<{ byPackage: Map<string, AdvisoryForPackage[]>; advisories: number }> {
  const byPackage = new Map<string, AdvisoryForPackage[]>();
  let advisories = 0;
  for await (const item of readAdvisorySource(source)) {
    if ('error' in item || !looksLikeRecord(item.value)) continue;
    advisories += 1;
    // Most records name none of the lockfiles' packages: only those that do are checked whole.
    if (!namesWanted(item.value, wanted)) continue;
    const read = readOsvRecord(item.value);
    if ('error' in read) continue;
    const record = read.record;
    if (record.withdrawn || futureModifiedReason(record, now) !== null) continue;
    for (const named of record.packages) {
      const id = `${named.ecosystem}\0${named.key}`;
      if (!wanted.has(id)) continue;
      const list = byPackage.get(id) ?? [];
      // A folder may hold two copies of one record (an old export next to a new one): the newer wins.
      const same = list.findIndex((known) => known.id === record.id);
      const kept = { id: record.id, summary: record.summary, severity: record.severity, aliases: record.aliases, affected: record.affected, modified: record.modified };
      if (same === -1) list.push(kept);
      else if (Date.parse(record.modified) > Date.parse((list[same] as typeof kept).modified)) list[same] = kept;
      byPackage.set(id, list);
    }
  }
  return { byPackage, advisories };
}

const severityRank = (severity: DepsFinding['severity']) => advisorySeverities.indexOf(severity);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortFindings(findings: DepsFinding[]): DepsFinding[] {
  return findings.sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.ecosystem, b.ecosystem) || compareText(a.package, b.package) || compareText(a.version, b.version) || compareText(a.advisory, b.advisory),
  );
}

export async function auditPackages(ctx: ServiceContext, lockfiles: Lockfile[], directDb?: string): Promise<AuditOutcome> {
  const started = Date.now();
  const packages = collectPackages(lockfiles);
  let lookup: (ecosystem: SupplyEcosystem, key: string) => AdvisoryForPackage[];
  let database: DepsAuditResult['database'];
  if (directDb !== undefined) {
    const source = path.resolve(directDb);
    const wanted = new Set([...packages.values()].map((item) => `${item.ecosystem}\0${item.key}`));
    const direct = await readDirect(source, wanted, nowIso(ctx));
    if (!direct.advisories) throw new AppError('invalid-input', `${source}: holds no OSV records: nothing to audit against`);
    lookup = (ecosystem, key) => direct.byPackage.get(`${ecosystem}\0${key}`) ?? [];
    database = { source: 'direct', advisories: direct.advisories, importedAt: null, path: source };
  } else {
    const advisories = countAdvisories(ctx.db);
    if (!advisories) throw new AppError('not-found', 'the advisory database is empty: run `firebreak advisories import PATH` with an OSV folder or all.zip first, or audit against one directly with --db PATH');
    const found = advisoriesForPackages(ctx.db, packages.values());
    lookup = (ecosystem, key) => found.get(`${ecosystem}\0${key}`) ?? [];
    database = { source: 'imported', advisories, importedAt: lastAdvisoryImport(ctx.db)?.at ?? null, path: null };
  }
  const findings: DepsFinding[] = [];
  const unorderable: AuditOutcome['unorderable'] = [];
  for (const item of packages.values()) {
    if (!isOrderable(item.ecosystem, item.version)) unorderable.push({ ecosystem: item.ecosystem, name: item.name, version: item.version });
    const hits: AdvisoryHit[] = [];
    for (const advisory of lookup(item.ecosystem, item.key)) {
      const match = matchAdvisory({ withdrawn: null, affected: advisory.affected }, item.ecosystem, item.name, item.version);
      if (match) hits.push({ id: advisory.id, aliases: advisory.aliases, severity: advisory.severity, summary: advisory.summary, fixed: match.fixed });
    }
    // OSV holds one vulnerability under several ids (PYSEC-/GO- and GHSA-): one finding each.
    for (const hit of mergeAliasedHits(hits, ecosystemOrder(item.ecosystem))) {
      findings.push({ ecosystem: item.ecosystem, package: item.name, version: item.version, advisory: hit.id, aliases: hit.aliases, severity: hit.severity, summary: hit.summary, fixed: hit.fixed, paths: item.paths, files: item.files });
    }
  }
  return {
    result: {
      findings: sortFindings(findings),
      lockfiles: lockfiles.map((lockfile) => ({ file: path.resolve(lockfile.file), kind: lockfile.kind, packages: distinctVersions(lockfile.packages) })),
      database,
      packages: packages.size,
      durationMs: Date.now() - started,
    },
    unorderable,
  };
}
