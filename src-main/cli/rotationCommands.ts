import type { Command } from 'commander';
import type { RotationAddResult, RotationItem } from '../contract';
import { rotationChecks, rotationGroupLabels, rotationGroups } from '../contract/choices';
import { call, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';

type Finish = (code: number) => void;

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** `r1` → `R1`: the contract checks the rest. */
const itemId = (value: string) => value.toUpperCase();

function lastStep(item: RotationItem): string {
  if (item.status === 'verified') return `verified ${minute(item.verifiedAt!)} by ${item.verifiedBy}`;
  if (item.status === 'rotated') return `rotated ${minute(item.rotatedAt!)} by ${item.rotatedBy}`;
  return `added ${minute(item.addedAt)} by ${item.addedBy}`;
}

const checksDone = (item: RotationItem) => `${item.checks.filter((check) => check.done).length}/${item.checks.length}`;

export function formatRotationList(incidentId: string, items: RotationItem[]): string {
  if (items.length === 0) return `${incidentId}: nothing to rotate yet. Add a secret with: firebreak rotation add ${incidentId} NAME --where … --owner … --group external|application|service`;
  const verified = items.filter((item) => item.status === 'verified').length;
  const lines = [`${incidentId}: ${items.length} secret(s) to rotate, ${verified} verified. Rotate in this order:`];
  for (const group of rotationGroups) {
    const inGroup = items.filter((item) => item.group === group);
    if (inGroup.length === 0) continue;
    lines.push('', rotationGroupLabels[group]);
    const rows = inGroup.map((item) => [item.id, item.status.toUpperCase(), `${checksDone(item)}`, item.owner, item.location, item.name, lastStep(item)]);
    lines.push(table(['  ID', 'STATUS', 'CHECKS', 'OWNER', 'WHERE', 'NAME', 'LAST'], rows.map(([id, ...rest]) => [`  ${id!}`, ...rest])));
  }
  const next = items.find((item) => item.status !== 'verified');
  if (next) lines.push('', `Next: ${next.id} ${next.name} (${next.status === 'pending' ? `rotate it, then: firebreak rotation done ${incidentId} ${next.id}` : `tick its checks, then: firebreak rotation verify ${incidentId} ${next.id}`})`);
  return lines.join('\n');
}

function formatItem(item: RotationItem): string {
  const lines = [`${item.id} ${item.name}: ${item.status.toUpperCase()} (${lastStep(item)})`, `  ${rotationGroupLabels[item.group]} · where: ${item.location} · owner: ${item.owner}${item.fingerprint ? ` · fingerprint ${item.fingerprint}` : ''}`];
  if (item.status !== 'pending') {
    lines.push('  After rotation:');
    for (const check of item.checks) lines.push(`    [${check.done ? 'x' : ' '}] ${check.id.padEnd(18)} ${check.label}${check.done ? ` (${check.by}, ${minute(check.at!)})` : ''}`);
  }
  return lines.join('\n');
}

export function registerRotationCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const rotation = program.command('rotation').description('the secrets an incident must rotate, in the runbooks\' order (never their values)');

  rotation
    .command('list <id>')
    .description('the secrets to rotate, grouped by priority: external API keys, application secrets, service credentials')
    .action((id: string) => {
      finish(report(mode(), call<{ items: RotationItem[] }>('rotation.list', { incidentId: id }), ({ items }) => formatRotationList(id, items)));
    });

  rotation
    .command('add <id> <name>')
    .description('track a secret to rotate by its name (e.g. OPENAI_API_KEY), never its value')
    .requiredOption('--where <place>', 'where it lives, e.g. "OpenAI dashboard; .env on api-1"')
    .requiredOption('--owner <name>', 'who rotates it')
    .requiredOption('--group <group>', `priority group: ${rotationGroups.join(', ')}`)
    .option('--fingerprint <hex>', 'the first 16 hex characters of its SHA-256, as a secret scan shows it')
    .action((id: string, name: string, options: { where: string; owner: string; group: string; fingerprint?: string }) => {
      const envelope = call<RotationAddResult>('rotation.add', { incidentId: id, name, location: options.where, owner: options.owner, group: options.group.toLowerCase(), fingerprint: options.fingerprint });
      finish(report(mode(), envelope, ({ item, created }) => (created ? `Added ${item.id}: ${item.name} (${rotationGroupLabels[item.group]})` : `Already tracked as ${item.id} (same fingerprint): ${item.name}; nothing added`)));
    });

  rotation
    .command('done <id> <item>')
    .description('mark an item rotated (the new secret is in place)')
    .action((id: string, item: string) => {
      finish(report(mode(), call<RotationItem>('rotation.mark', { incidentId: id, itemId: itemId(item), status: 'rotated' }), formatItem));
    });

  rotation
    .command('verify <id> <item>')
    .description('mark a rotated item verified; every after-rotation check must be done first')
    .action((id: string, item: string) => {
      finish(report(mode(), call<RotationItem>('rotation.mark', { incidentId: id, itemId: itemId(item), status: 'verified' }), formatItem));
    });

  rotation
    .command('check <id> <item> <check>')
    .description(`tick an after-rotation check of a rotated item: ${rotationChecks.map((check) => check.id).join(', ')}`)
    .option('--undo', 'untick it instead')
    .action((id: string, item: string, check: string, options: { undo?: boolean }) => {
      if (!rotationChecks.some((candidate) => candidate.id === check.toLowerCase())) {
        return finish(report(mode(), invalid(`unknown after-rotation check: use one of ${rotationChecks.map((candidate) => `${candidate.id} (${candidate.label})`).join('; ')}`), () => ''));
      }
      finish(report(mode(), call<RotationItem>('rotation.check', { incidentId: id, itemId: itemId(item), check: check.toLowerCase(), done: !options.undo }), formatItem));
    });
}
