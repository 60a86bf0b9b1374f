import { AppError, type IntegrityBaseline, type IntegrityReport } from '../../contract';

export interface IntegrityProgress {
  files: number;
  bytes: number;
}

/** SHA-256 of every regular file under `dir` (symlinks recorded by neither: not followed), sorted by path. */
export async function snapshotIntegrity(_dir: string, _onProgress?: (progress: IntegrityProgress) => void, _signal?: AbortSignal): Promise<{ baseline: IntegrityBaseline; skipped: { path: string; reason: string }[] }> {
  throw new AppError('invalid-input', 'integrity snapshots are not built yet');
}

/** Reads and validates a baseline file written by snapshotIntegrity (clear errors for anything else). */
export function readIntegrityBaseline(file: string): IntegrityBaseline {
  throw new AppError('invalid-input', `${file}: integrity baselines are not built yet`);
}

export async function checkIntegrity(_dir: string, _baseline: IntegrityBaseline, _onProgress?: (progress: IntegrityProgress) => void, _signal?: AbortSignal): Promise<IntegrityReport> {
  throw new AppError('invalid-input', 'integrity checks are not built yet');
}
