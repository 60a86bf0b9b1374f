import { AppError, type LockDiff, type Lockfile } from '../../contract';

/** Added, removed and changed packages of `current` against `baseline`, and what needs a look. */
export function diffLockfiles(_baseline: Lockfile, _current: Lockfile): LockDiff {
  throw new AppError('invalid-input', 'lockfile diff is not built yet');
}
