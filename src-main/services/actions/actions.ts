import { AppError, type ActionItem, type ParsedInput } from '../../contract';
import { actionChangeFields, actionEventTypes, compareActionItems, type ActionChanges } from '../../domain/actions/actionItems';
import { findAction, insertAction, listAllActions, listIncidentActions, nextActionPosition, updateAction } from '../../store/actionRepo';
import { readTransaction } from '../../store/transaction';
import { nowIso, type ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';

/** Overdue means due before today in UTC, by the service's (injectable) clock. */
const today = (ctx: ServiceContext) => nowIso(ctx).slice(0, 10);

export function listActions(ctx: ServiceContext, input: ParsedInput<'action.list'>): { items: ActionItem[] } {
  const onlyOpen = input.status === 'open';
  const items = readTransaction(ctx.db, () => {
    if (!input.incidentId) return listAllActions(ctx.db, today(ctx), onlyOpen);
    requireIncident(ctx, input.incidentId);
    return listIncidentActions(ctx.db, input.incidentId, today(ctx)).filter((item) => !onlyOpen || item.status === 'open');
  });
  return { items: items.sort(compareActionItems) };
}

export function addAction(ctx: ServiceContext, input: ParsedInput<'action.add'>): ActionItem {
  const { incidentId, title } = input;
  const owner = input.owner ?? '';
  const due = input.due ?? null;
  let id = '';
  recordChange(ctx, incidentId, (current, at, actor) => {
    const position = nextActionPosition(ctx.db, incidentId);
    id = `A${position}`;
    return {
      next: current,
      type: actionEventTypes.added,
      payload: { item: { id, title, owner, due } },
      write: () => insertAction(ctx.db, { incidentId, id, position, title, owner, due }, at, actor),
    };
  });
  return findAction(ctx.db, incidentId, id, today(ctx))!;
}

function requireItem(ctx: ServiceContext, incidentId: string, itemId: string): ActionItem {
  const item = findAction(ctx.db, incidentId, itemId, today(ctx));
  if (item) return item;
  const known = listIncidentActions(ctx.db, incidentId, today(ctx)).map((candidate) => candidate.id);
  throw new AppError('not-found', `no action item ${itemId} in ${incidentId}${known.length ? ` (it has ${known.join(', ')})` : ': it has no action items yet'}`);
}

/** Edit, assign, reschedule, finish or reopen: one event naming each field that changed, from → to. */
export function updateActionItem(ctx: ServiceContext, input: ParsedInput<'action.update'>): ActionItem {
  const { incidentId, itemId } = input;
  recordChange(ctx, incidentId, (current, at, actor) => {
    const item = requireItem(ctx, incidentId, itemId);
    const wanted = { title: input.title ?? item.title, owner: input.owner ?? item.owner, due: input.due === undefined ? item.due : input.due, status: input.status ?? item.status };
    const changes: ActionChanges = {};
    for (const field of actionChangeFields) if (wanted[field] !== item[field]) changes[field] = { from: item[field], to: wanted[field] };
    if (Object.keys(changes).length === 0) {
      throw new AppError('invalid-input', `action item ${itemId} of ${incidentId} already is ${item.status}${item.owner ? `, owner ${item.owner}` : ''}${item.due ? `, due ${item.due}` : ''}: give a new title, owner, due date or status`);
    }
    return {
      next: current,
      type: actionEventTypes.updated,
      payload: { itemId, title: wanted.title, changes },
      write: () => updateAction(ctx.db, incidentId, itemId, wanted, at, actor, changes.status !== undefined),
    };
  });
  return findAction(ctx.db, incidentId, itemId, today(ctx))!;
}
