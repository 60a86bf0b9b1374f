import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { text } from '../text';
import { advisorySeverities } from '../choices';
export { advisorySeverities };

/**
 * Supply-chain checks, offline: lockfiles read into packages, an OSV advisory database kept in
 * SQLite, audits, drift against a known-good lockfile, CycloneDX SBOMs and file-hash baselines.
 * Ecosystem names are OSV's own, so advisories match packages without translation.
 */
export const supplyEcosystems = ['npm', 'crates.io', 'Go', 'PyPI'] as const;
export type SupplyEcosystem = (typeof supplyEcosystems)[number];

export const lockfileKinds = ['package-lock', 'npm-shrinkwrap', 'yarn-classic', 'yarn-berry', 'pnpm', 'cargo', 'go-sum', 'requirements', 'poetry'] as const;
export type LockfileKind = (typeof lockfileKinds)[number];

/** One resolved package as its lockfile records it. */
export interface LockPackage {
  ecosystem: SupplyEcosystem;
  name: string;
  version: string;
  /** Named by the project itself (package.json, Cargo.toml's root, requirements.txt), not only pulled in. */
  direct: boolean;
  /**
   * How the project pulls it in: chains of package names from a direct dependency down to this
   * one (`["express", "body-parser", "qs"]`), shortest first, at most 5. `[]` when the lockfile
   * does not record the graph (go.sum, requirements.txt).
   */
  paths: string[][];
  /**
   * Where it was fetched from (tarball URL, git URL, registry source), or null when not recorded
   * (the ecosystem's default registry, as far as the lockfile says). requirements.txt: the
   * `--index-url` (credentials removed); a package that may also come from an `--extra-index-url`
   * or `--find-links` place is listed once more per such place.
   */
  resolved: string | null;
  /** The lockfile's checksum as written (`sha512-…`, Cargo's hex sha256, go.sum's `h1:…`), or null. */
  integrity: string | null;
  /** The lockfile says it runs an install script (npm `hasInstallScript`, pnpm `requiresBuild`); null when the format cannot say. */
  installScript: boolean | null;
  /** Only a development dependency, when the lockfile says; null when it cannot say. */
  dev: boolean | null;
}

export interface Lockfile {
  /** As given (absolute in services). */
  file: string;
  kind: LockfileKind;
  /**
   * Sorted by ecosystem, name, version, resolved, integrity; one entry per name, version, resolved
   * and integrity: copies of one version from another place or with another checksum (npm's nested
   * node_modules, Cargo's crates.io and git sources) are entries of their own, each with its paths.
   * Consumers wanting one row per version group them (OSV matching does).
   */
  packages: LockPackage[];
}

export type AdvisorySeverity = (typeof advisorySeverities)[number];

/** One advisory that affects one package version of a lockfile. */
export interface DepsFinding {
  ecosystem: SupplyEcosystem;
  package: string;
  version: string;
  /** The OSV id (`GHSA-…`, `RUSTSEC-…`, `PYSEC-…`, `GO-…`). */
  advisory: string;
  /** CVE and GHSA ids the advisory lists as aliases. */
  aliases: string[];
  /**
   * From `database_specific.severity` (GitHub's words) when present, else from a CVSS v3 vector's
   * base score (9.0+ critical, 7.0+ high, 4.0+ medium, else low), else `unknown`.
   */
  severity: AdvisorySeverity;
  summary: string;
  /** The lowest fixed version above the found one, in the ecosystem's order, or null when no fix is known. */
  fixed: string | null;
  paths: string[][];
  /** Lockfiles that hold this package version (absolute). */
  files: string[];
}

export interface DepsAuditResult {
  /** Severity (critical first), then ecosystem, package, version, advisory. */
  findings: DepsFinding[];
  lockfiles: { file: string; kind: LockfileKind; packages: number }[];
  /** The advisory database used: imported (with when) or read straight from `db`. */
  database: { source: 'imported' | 'direct'; advisories: number; importedAt: string | null; path: string | null };
  packages: number;
  durationMs: number;
}

export interface AdvisoryImportResult {
  source: string;
  /** Records stored (new or newer `modified`). */
  imported: number;
  /** Records already held with the same or a later `modified`. */
  unchanged: number;
  /** Records marked `withdrawn`: kept, never matched. */
  withdrawn: number;
  /** Records skipped, with why (`advisories/GHSA-x.json: not OSV: missing id`); at most 100 listed. */
  rejected: { entry: string; reason: string }[];
  rejectedCount: number;
  /** Per ecosystem, records imported. */
  byEcosystem: Partial<Record<string, number>>;
  durationMs: number;
}

export interface AdvisoryStatus {
  advisories: number;
  withdrawn: number;
  byEcosystem: Partial<Record<string, number>>;
  /** The last import's date and source, or null before the first. */
  lastImport: { at: string; source: string; imported: number } | null;
  /** The newest `modified` among stored records: how fresh the data is. */
  newestModified: string | null;
}

export const lockChangeKinds = ['added', 'removed', 'changed'] as const;
export type LockChangeKind = (typeof lockChangeKinds)[number];

/** Why a package of the current lockfile needs a look. */
/** `version-downgraded`: the same package at a lower version than the baseline held (back to a vulnerable release is an attack too). */
export const lockSuspicionKinds = ['resolved-host-changed', 'install-script-added', 'typosquat', 'integrity-changed', 'version-downgraded'] as const;
export type LockSuspicionKind = (typeof lockSuspicionKinds)[number];

export interface LockChange {
  kind: LockChangeKind;
  ecosystem: SupplyEcosystem;
  name: string;
  /** null for an added package. */
  from: string | null;
  /** null for a removed package. */
  to: string | null;
}

export interface LockSuspicion {
  kind: LockSuspicionKind;
  ecosystem: SupplyEcosystem;
  name: string;
  version: string;
  /** A sentence a responder reads: "resolved from registry.npmjs.org before, now from npm.evil.example". */
  reason: string;
}

export interface LockDiff {
  baseline: { file: string; kind: LockfileKind; packages: number };
  current: { file: string; kind: LockfileKind; packages: number };
  /** By ecosystem, name. */
  changes: LockChange[];
  suspicions: LockSuspicion[];
}

export interface SbomComponentChange {
  kind: LockChangeKind;
  /** The component's purl without version when it has one, else its name. */
  name: string;
  from: string | null;
  to: string | null;
}

export interface SbomDiff {
  changes: SbomComponentChange[];
  /** Components with the same name and version whose hashes differ. */
  hashMismatches: { name: string; version: string; algorithm: string; before: string; after: string }[];
}

/** A known-good record of a folder: SHA-256 of every regular file, paths relative and `/`-separated. */
export interface IntegrityBaseline {
  format: 'firebreak-integrity/1';
  root: string;
  createdAt: string;
  /** Sorted by path. `mode`: permission bits with setuid/setgid/sticky (`mode & 0o7777`); absent in older baselines. */
  files: { path: string; size: number; sha256: string; mode?: number }[];
  /** Symbolic links with their targets as written (not followed), sorted by path; absent in older baselines, whose links are then not compared. */
  links?: { path: string; target: string }[];
}

/** What changed about a path: its bytes (sha256 before/after), a link's target, or its permission bits (octal, `0644` → `4755`). */
export type IntegrityChangeKind = 'content' | 'link-target' | 'mode';

export interface IntegrityReport {
  root: string;
  baselineCreatedAt: string;
  /** `what` absent means content (reports of older versions); for a link before/after are its targets, for a mode the octal bits. */
  changed: { path: string; before: string; after: string; what?: IntegrityChangeKind }[];
  /** A symbolic link has `linkTarget` and an empty sha256. */
  added: { path: string; sha256: string; linkTarget?: string }[];
  removed: { path: string; sha256: string; linkTarget?: string }[];
  unchanged: number;
  /** Files that could not be read, with why (unreadable, vanished); never fatal. */
  skipped: { path: string; reason: string }[];
}

/** What a supply-chain check kept against an incident (the result is stored whole, as JSON). */
export const supplyCheckKinds = ['deps', 'lockdiff', 'integrity', 'sbom-diff'] as const;
export type SupplyCheckKind = (typeof supplyCheckKinds)[number];

export interface SupplyCheckSummary {
  id: string;
  incidentId: string;
  kind: SupplyCheckKind;
  /** The files or folders as given. */
  inputs: string[];
  /** One line: "7 advisories in 3 packages (2 critical)", "2 suspicious changes of 41". */
  summary: string;
  finishedAt: string;
  actor: string;
}

export type SupplyCheckResult =
  | { kind: 'deps'; result: DepsAuditResult }
  | { kind: 'lockdiff'; result: LockDiff }
  | { kind: 'integrity'; result: IntegrityReport }
  | { kind: 'sbom-diff'; result: SbomDiff };

export type SupplyCheck = SupplyCheckSummary & SupplyCheckResult;

export interface SupplyCheckList {
  /** Newest first, without their results (supply.get returns one whole). */
  checks: SupplyCheckSummary[];
}

const localPath = text({ min: 1, max: 4_096 });
export const supplyCheckId = z.string().regex(/^SC-[0-9a-f]{8}$/, { message: 'must be a supply-chain check id like SC-1a2b3c4d' });

export const importAdvisoriesInput = z.strictObject({
  /** A folder of OSV JSON files (walked) or an OSV `all.zip`. */
  path: localPath,
});

export const scanDepsInput = z.strictObject({
  lockfiles: z.array(localPath).min(1, { message: 'must name at least one lockfile' }).max(200),
  /** Read advisories from this folder or zip directly, without importing. */
  db: localPath.optional(),
  /** Keep the result against this incident (a timeline entry and a stored check). */
  incidentId: incidentId.optional(),
});

export const lockDiffInput = z.strictObject({
  baseline: localPath,
  current: localPath,
  incidentId: incidentId.optional(),
});

export const sbomInput = z.strictObject({
  lockfile: localPath,
  /** Write the SBOM here (refused over the data dir, as report exports are). */
  output: localPath.optional(),
});

export const sbomDiffInput = z.strictObject({
  before: localPath,
  after: localPath,
  incidentId: incidentId.optional(),
});

export const integritySnapshotInput = z.strictObject({
  dir: localPath,
  /** Write the baseline here; without it the baseline is only returned. */
  output: localPath.optional(),
});

export const integrityCheckInput = z.strictObject({
  dir: localPath,
  baseline: localPath,
  incidentId: incidentId.optional(),
});

export const listSupplyChecksInput = z.strictObject({ incidentId });
export const getSupplyCheckInput = z.strictObject({ incidentId, checkId: supplyCheckId });

export interface SbomResult {
  /** CycloneDX 1.5 JSON, as written. */
  sbom: unknown;
  components: number;
  /** The file written, or null. */
  output: string | null;
}

export interface IntegritySnapshotResult {
  baseline: IntegrityBaseline;
  output: string | null;
  /** Files that could not be read, with why (not in the baseline). */
  skipped: { path: string; reason: string }[];
}

/** The stored check, when an incident was given. */
export interface WithCheck {
  checkId: string | null;
}
