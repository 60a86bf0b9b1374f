import path from 'node:path';
import { AppError, type AdvisoryImportResult, type AdvisoryStatus, type DepsAuditResult, type Lockfile } from '../../contract';
import { futureModifiedReason, readOsvRecord, type StoredAdvisory } from '../../domain/supply/osv/osvRecord';
import { advisoryStatusOf, recordAdvisoryImport, storeAdvisories } from '../../store/advisoryRepo';
import type { ServiceContext } from '../context';
import { nowIso } from '../context';
import { auditPackages } from './advisoryAudit';
import { readAdvisorySource } from './advisorySource';

export interface AdvisoryImportProgress {
  /** Files or zip entries read so far. */
  entries: number;
  imported: number;
}

/** Records per write transaction: large enough that commits do not dominate, small enough to hold briefly. */
export const advisoryBatchSize = 1_000;
const listedRejections = 100;

/** An OSV record fit to store at `now`: valid, and not dated in the future. */
function readStorableRecord(value: unknown, now: string): { record: StoredAdvisory } | { error: string } {
  const read = readOsvRecord(value);
  if ('error' in read) return read;
  const future = futureModifiedReason(read.record, now);
  return future === null ? read : { error: future };
}

/** Imports OSV records from a folder of JSON files or an OSV all.zip into the database, streaming in batches. */
export async function importAdvisoryFiles(ctx: ServiceContext, source: string, onProgress?: (progress: AdvisoryImportProgress) => void, signal?: AbortSignal): Promise<AdvisoryImportResult> {
  const started = Date.now();
  const from = path.resolve(source);
  const at = nowIso(ctx);
  const result: AdvisoryImportResult = { source: from, imported: 0, unchanged: 0, withdrawn: 0, rejected: [], rejectedCount: 0, byEcosystem: {}, durationMs: 0 };
  let entries = 0;
  let batch: StoredAdvisory[] = [];
  const flush = () => {
    if (!batch.length) return;
    const outcomes = storeAdvisories(ctx.db, batch, at);
    outcomes.forEach((outcome, index) => {
      result[outcome] += 1;
      if (outcome === 'unchanged') return;
      for (const ecosystem of batch[index]!.ecosystems) result.byEcosystem[ecosystem] = (result.byEcosystem[ecosystem] ?? 0) + 1;
    });
    batch = [];
    onProgress?.({ entries, imported: result.imported });
  };
  try {
    for await (const item of readAdvisorySource(from, signal)) {
      entries += 1;
      const read = 'error' in item ? item : readStorableRecord(item.value, at);
      if ('error' in read) {
        result.rejectedCount += 1;
        if (result.rejected.length < listedRejections) result.rejected.push({ entry: item.entry, reason: read.error });
        continue;
      }
      batch.push(read.record);
      if (batch.length >= advisoryBatchSize) flush();
    }
    if (signal?.aborted) throw new AppError('cancelled', 'advisory import cancelled');
    flush();
  } catch (error) {
    if (error instanceof AppError && error.code === 'cancelled') {
      throw new AppError('cancelled', `advisory import cancelled: ${result.imported + result.withdrawn} records kept from batches already written, run it again to finish`);
    }
    throw error;
  }
  recordAdvisoryImport(ctx.db, { at, source: from, imported: result.imported, unchanged: result.unchanged, withdrawn: result.withdrawn, rejected: result.rejectedCount });
  result.durationMs = Date.now() - started;
  return result;
}

/** What the database holds: all records (withdrawn ones included and also counted apart), per ecosystem, and how fresh. */
export function readAdvisoryStatus(ctx: ServiceContext): AdvisoryStatus {
  return advisoryStatusOf(ctx.db);
}

/**
 * Audits parsed lockfiles against the imported database, or against the OSV folder or zip at
 * `directDb` read without importing. Findings sorted as DepsAuditResult says.
 */
export async function auditLockfiles(ctx: ServiceContext, lockfiles: Lockfile[], directDb?: string): Promise<DepsAuditResult> {
  return (await auditPackages(ctx, lockfiles, directDb)).result;
}
