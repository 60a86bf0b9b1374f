import { AppError, type MemberAdded, type ParsedInput } from '../../contract';
import { admittedKeys, appendEvent } from '../../store/eventLog';
import { syncIdentityOf } from '../../store/dagStore';
import { writeTransaction } from '../../store/transaction';
import { currentActor, nowIso, type ServiceContext } from '../context';
import { requireIncident } from './incidentChange';

export const memberAddedType = 'member.added';

/**
 * Admits another laptop's device key with a signed `member.added` event: the verifier accepts its
 * events only when they descend from this one. Adding a key already admitted changes nothing.
 */
export function addMember(ctx: ServiceContext, input: ParsedInput<'incident.addMember'>): MemberAdded {
  const identity = syncIdentityOf(ctx.db);
  if (!identity)
    throw new AppError('conflict', 'this laptop has no device key yet, so it cannot admit others: open the vault once (firebreak vault status) to make it. Nothing was written.');
  const result = writeTransaction(ctx.db, () => {
    requireIncident(ctx, input.id);
    if (input.actorKey === identity.actorKey) throw new AppError('invalid-input', `${input.actorKey} is this laptop's own device key: give the key another laptop's \`firebreak vault status\` shows`);
    if (admittedKeys(ctx.db, input.id).has(input.actorKey)) return { incidentId: input.id, actorKey: input.actorKey, name: input.name };
    appendEvent(ctx.db, { incidentId: input.id, type: memberAddedType, at: nowIso(ctx), actor: currentActor(ctx), deviceId: ctx.deviceId, payload: { actorKey: input.actorKey, name: input.name } });
    return { incidentId: input.id, actorKey: input.actorKey, name: input.name };
  });
  ctx.emit({ type: 'incident.changed', incidentId: input.id });
  return result;
}
