import { z } from 'zod';
import { operation } from '../operationSpec';
import {
  getSupplyCheckInput,
  importAdvisoriesInput,
  integrityCheckInput,
  integritySnapshotInput,
  listSupplyChecksInput,
  lockDiffInput,
  sbomDiffInput,
  sbomInput,
  scanDepsInput,
  type AdvisoryImportResult,
  type AdvisoryStatus,
  type DepsAuditResult,
  type IntegrityReport,
  type IntegritySnapshotResult,
  type LockDiff,
  type SbomDiff,
  type SbomResult,
  type SupplyCheck,
  type SupplyCheckList,
  type WithCheck,
} from './supply';

const noInput = z.strictObject({});

/** The supply-chain operations, part of the API reference in operations.ts. */
export const supplyOperations = {
  'advisories.import': operation<AdvisoryImportResult>()(importAdvisoriesInput, 'Import OSV advisories from a folder of JSON files or an OSV all.zip into the offline advisory database; streams, keeps the newer of two copies, keeps withdrawn records unmatched.'),
  'advisories.status': operation<AdvisoryStatus>()(noInput, 'The offline advisory database: how many records per ecosystem, the last import and the newest record.'),
  'scan.deps': operation<DepsAuditResult & WithCheck>()(scanDepsInput, 'Audit lockfiles against the advisory database (or a folder or zip read directly): one finding per advisory and package version, most severe first, with the lowest fixed version.'),
  'scan.lockdiff': operation<LockDiff & WithCheck>()(lockDiffInput, 'Compare a lockfile with a known-good one: added, removed and changed packages, and what needs a look (a new resolved host, a new install script, a changed checksum, a name one edit from a well-known package).'),
  'sbom.generate': operation<SbomResult>()(sbomInput, 'A CycloneDX 1.5 JSON SBOM of a lockfile\'s packages, with purls and hashes.'),
  'sbom.diff': operation<SbomDiff & WithCheck>()(sbomDiffInput, 'Compare two CycloneDX JSON SBOMs: added, removed and changed components, and hashes that differ for the same version.'),
  'integrity.snapshot': operation<IntegritySnapshotResult>()(integritySnapshotInput, 'A known-good baseline of a folder: the SHA-256 of every regular file.'),
  'integrity.check': operation<IntegrityReport & WithCheck>()(integrityCheckInput, 'Compare a folder with its baseline: changed, added and removed files, with both hashes.'),
  'supply.list': operation<SupplyCheckList>()(listSupplyChecksInput, 'The supply-chain checks kept against an incident, newest first.'),
  'supply.get': operation<SupplyCheck>()(getSupplyCheckInput, 'One supply-chain check of an incident with its whole result.'),
} as const;

/** Supply-chain operations that read files or walk folders: transports await them. */
export const longRunningSupplyOperations = ['advisories.import', 'scan.deps', 'scan.lockdiff', 'sbom.generate', 'sbom.diff', 'integrity.snapshot', 'integrity.check'] as const;
