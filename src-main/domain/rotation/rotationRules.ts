import { AppError, rotationChecks, rotationGroups, type RotationGroup, type RotationItem, type RotationStatus } from '../../contract';

export const rotationEventTypes = {
  itemAdded: 'rotation.itemAdded',
  itemMarked: 'rotation.itemMarked',
  checkChanged: 'rotation.checkChanged',
} as const;

/** The runbooks' order: external API keys, then application secrets, then service credentials; within a group, as added. */
export function compareRotationItems(a: Pick<RotationItem, 'group' | 'id'>, b: Pick<RotationItem, 'group' | 'id'>): number {
  const byGroup = rotationGroups.indexOf(a.group) - rotationGroups.indexOf(b.group);
  return byGroup !== 0 ? byGroup : itemNumber(a.id) - itemNumber(b.id);
}

export const itemNumber = (id: string) => Number(id.slice(1));

export const checkLabel = (id: string) => rotationChecks.find((check) => check.id === id)?.label ?? id;

/** Refuses a status change the rotation order does not allow, saying what to do instead. */
export function assertTransition(item: Pick<RotationItem, 'id' | 'name' | 'status' | 'checks'>, to: Exclude<RotationStatus, 'pending'>): void {
  const named = `${item.id} (${item.name})`;
  if (to === 'rotated') {
    if (item.status !== 'pending') throw new AppError('conflict', `${named} is already ${item.status}`);
    return;
  }
  if (item.status === 'pending') throw new AppError('conflict', `${named} is not rotated yet: mark it rotated, tick its after-rotation checks, then verify it`);
  if (item.status === 'verified') throw new AppError('conflict', `${named} is already verified`);
  const missing = item.checks.filter((check) => !check.done);
  if (missing.length > 0) {
    throw new AppError('conflict', `${named} cannot be verified yet: ${missing.length} after-rotation check(s) not done: ${missing.map((check) => `${check.label} (${check.id})`).join('; ')}`);
  }
}

/** After-rotation checks are ticked once the new secret is in place, and frozen once the item is verified. */
export function assertCheckChange(item: Pick<RotationItem, 'id' | 'name' | 'status' | 'checks'>, checkId: string, done: boolean): void {
  const named = `${item.id} (${item.name})`;
  if (item.status === 'pending') throw new AppError('conflict', `${named} is not rotated yet: the after-rotation checks come after the new secret is in place`);
  if (item.status === 'verified') throw new AppError('conflict', `${named} is already verified: its checks can no longer change`);
  const check = item.checks.find((candidate) => candidate.id === checkId);
  if (!check) throw new AppError('not-found', `${named} has no check '${checkId}'`);
  if (check.done === done) throw new AppError('conflict', `${named}: "${check.label}" is already ${done ? 'done' : 'not done'}`);
}

// The shipped secret rules' ids, by the runbooks' groups (a test keeps every shipped rule in one
// on purpose). Connection URLs and strings hold database and service passwords; private keys,
// JWT signing secrets and the generic rules are the application's own; a provider-prefixed key,
// token or secret is an external API credential. A user's own rule that fits none of these is an
// application secret: the middle of the order, never silently last.
const serviceRule = /(-url-password|-password-url|connection-string|ldap-bind-password|basic-auth-url|kubernetes-service-account-token)$/;
const applicationRule = /^((private-key|openssh|pgp|putty|ssh2)-|age-secret-key$|jwt$|generic-)/;
const externalRule = /(key|token|secret|pat|password|auth|webhook-url|credentials|dockerconfigjson|authorization-header)(-[a-z0-9]+)?$/;

/**
 * The priority group a scan finding's rule suggests: database and service passwords → service;
 * private keys, JWT secrets and generic app secrets → application; provider API keys and tokens
 * → external; anything else → application.
 */
export function guessRotationGroup(rule: string): RotationGroup {
  if (serviceRule.test(rule)) return 'service';
  if (applicationRule.test(rule)) return 'application';
  if (externalRule.test(rule)) return 'external';
  return 'application';
}
