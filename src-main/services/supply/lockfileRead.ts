import { AppError, type Lockfile } from '../../contract';

/** Reads and parses one lockfile from disk, with clear errors for missing, unreadable, huge or binary files. */
export function readLockfile(file: string): Lockfile {
  throw new AppError('invalid-input', `${file}: lockfile reading is not built yet`);
}
