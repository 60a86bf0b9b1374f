import { AppError, type AdvisoryImportResult, type AdvisoryStatus, type DepsAuditResult, type Lockfile } from '../../contract';
import type { ServiceContext } from '../context';

export interface AdvisoryImportProgress {
  /** Files or zip entries read so far. */
  entries: number;
  imported: number;
}

/** Imports OSV records from a folder of JSON files or an OSV all.zip into the database, streaming in batches. */
export async function importAdvisoryFiles(_ctx: ServiceContext, source: string, _onProgress?: (progress: AdvisoryImportProgress) => void, _signal?: AbortSignal): Promise<AdvisoryImportResult> {
  throw new AppError('invalid-input', `${source}: advisory import is not built yet`);
}

export function readAdvisoryStatus(_ctx: ServiceContext): AdvisoryStatus {
  throw new AppError('invalid-input', 'the advisory database is not built yet');
}

/**
 * Audits parsed lockfiles against the imported database, or against the OSV folder or zip at
 * `directDb` read without importing. Findings sorted as DepsAuditResult says.
 */
export async function auditLockfiles(_ctx: ServiceContext, _lockfiles: Lockfile[], _directDb?: string): Promise<DepsAuditResult> {
  throw new AppError('invalid-input', 'dependency audits are not built yet');
}
