import { AppError, type Lockfile, type LockfileKind } from '../../../contract';

/** The lockfile kind a file is, by its base name and, where names are shared (yarn.lock), its text; null when not a lockfile. */
export function lockfileKindOf(file: string, _text: string): LockfileKind | null {
  throw new AppError('invalid-input', `${file}: lockfile reading is not built yet`);
}

/**
 * Packages of one lockfile. Throws AppError('invalid-input') naming the file and where it broke
 * (`yarn.lock: line 12: …`, `package-lock.json: packages["node_modules/qs"].version: …`).
 */
export function parseLockfile(file: string, _text: string): Lockfile {
  throw new AppError('invalid-input', `${file}: lockfile reading is not built yet`);
}
