import type { Command } from 'commander';
import type { ActionItem } from '../contract';
import { call, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';

type Finish = (code: number) => void;

/** `a2` → `A2`: the contract checks the rest. */
const itemId = (value: string) => value.toUpperCase();

function dueText(item: ActionItem): string {
  if (!item.due) return '-';
  return item.overdue ? `${item.due} OVERDUE` : item.due;
}

export function formatActionList(items: ActionItem[], incidentId: string | undefined, all: boolean): string {
  const scope = incidentId ?? 'any real incident'; // a drill's follow-ups are listed only with its id
  if (items.length === 0) return `No ${all ? '' : 'open '}action items for ${scope}.${incidentId ? ` Add one with: firebreak action add ${incidentId} "TITLE" --owner NAME --due YYYY-MM-DD` : ''}`;
  const overdue = items.filter((item) => item.overdue).length;
  const head = `${items.length} ${all ? '' : 'open '}action item(s) for ${scope}${overdue ? `, ${overdue} overdue` : ''}:`;
  const rows = items.map((item) => [...(incidentId ? [] : [item.incidentId]), item.id, item.status.toUpperCase(), dueText(item), item.owner || '-', item.title]);
  return `${head}\n${table([...(incidentId ? [] : ['INCIDENT']), 'ID', 'STATUS', 'DUE', 'OWNER', 'TITLE'], rows)}`;
}

function formatItem(item: ActionItem): string {
  const details = [item.owner ? `owner ${item.owner}` : 'no owner', item.due ? `due ${dueText(item)}` : 'no due date'];
  const done = item.status === 'done' ? `, done by ${item.doneBy ?? '?'} at ${item.doneAt ?? '?'}` : '';
  return `${item.incidentId} ${item.id} ${item.status.toUpperCase()}: ${item.title} (${details.join(', ')}${done})`;
}

export function registerActionCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const action = program.command('action').description('action items from an incident: follow-ups with an owner and a due date');

  action
    .command('add <id> <title>')
    .description('add an action item; prints its id (A1, A2…)')
    .option('--owner <name>', 'who does it')
    .option('--due <date>', 'due date, YYYY-MM-DD')
    .action((id: string, title: string, options: { owner?: string; due?: string }) => {
      const envelope = call<ActionItem>('action.add', { incidentId: id, title, owner: options.owner, due: options.due });
      finish(report(mode(), envelope, (item) => `Added ${formatItem(item)}`));
    });

  action
    .command('list [id]')
    .description('open action items of one incident, or of every real incident (not drills); overdue first, then by due date')
    .option('--all', 'include done items')
    .action((id: string | undefined, options: { all?: boolean }) => {
      const envelope = call<{ items: ActionItem[] }>('action.list', { incidentId: id, status: options.all ? 'all' : 'open' });
      finish(report(mode(), envelope, ({ items }) => formatActionList(items, id, options.all === true)));
    });

  action
    .command('done <id> <item>')
    .description('mark an action item done')
    .action((id: string, item: string) => {
      finish(report(mode(), call<ActionItem>('action.update', { incidentId: id, itemId: itemId(item), status: 'done' }), formatItem));
    });

  action
    .command('edit <id> <item>')
    .description('change an action item: title, owner, due date, or reopen it')
    .option('--title <title>', 'new title')
    .option('--owner <name>', 'new owner ("" for none)')
    .option('--due <date>', 'new due date, YYYY-MM-DD')
    .option('--no-due', 'remove the due date')
    .option('--reopen', 'reopen a done item')
    .action((id: string, item: string, options: { title?: string; owner?: string; due?: string | false; reopen?: boolean }) => {
      // Commander sets due to true by default because of --no-due: only a string or false is a change.
      const due = options.due === false ? null : typeof options.due === 'string' ? options.due : undefined;
      if (options.title === undefined && options.owner === undefined && due === undefined && !options.reopen) {
        return finish(report(mode(), invalid('nothing to change: give --title, --owner, --due, --no-due or --reopen'), () => ''));
      }
      const envelope = call<ActionItem>('action.update', { incidentId: id, itemId: itemId(item), title: options.title, owner: options.owner, due, status: options.reopen ? 'open' : undefined });
      finish(report(mode(), envelope, formatItem));
    });
}
