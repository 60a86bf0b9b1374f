import type { LockChange } from '../../../src-main/contract';
import { UserText } from '../common/UserText';

/**
 * A change's versions (`1.2.0 → 1.3.0`, `new 2.0.0`, `was 1.0.0`) as changeText words them, each
 * version as user text: a lockfile is the attacker's, and a bidi control in a version would
 * otherwise reorder the row.
 */
export function ChangeVersions({ change }: { change: Pick<LockChange, 'from' | 'to'> }) {
  if (change.from === null) return <>new <UserText text={change.to ?? ''} /></>;
  if (change.to === null) return <>was <UserText text={change.from} /></>;
  return (
    <>
      <UserText text={change.from} /> → <UserText text={change.to} />
    </>
  );
}
