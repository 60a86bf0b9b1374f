import type { Command } from 'commander';
import type { Indicator, IndicatorAdded, IndicatorImport } from '../contract';
import { call, invalid } from './context';
import { readIndicatorList } from './iocFile';
import { report, type OutputMode } from './output';
import { table } from './table';
import { visibleText } from './visibleText';

type Finish = (code: number) => void;

const repeatable = (value: string, previous: string[]) => [...previous, value];
/** `i3` → `I3`: the contract checks the rest. */
const indicatorId = (value: string) => value.toUpperCase();

function formatIndicator(indicator: Indicator): string {
  const seen = indicator.firstSeen || indicator.lastSeen ? `, seen ${indicator.firstSeen ?? '?'} to ${indicator.lastSeen ?? '?'}` : '';
  const tags = indicator.tags.length ? `, tags ${indicator.tags.join(' ')}` : '';
  const techniques = indicator.techniques.length ? `, ${indicator.techniques.join(' ')}` : '';
  const sightings = indicator.sightings > 1 ? ` (merged: added ${indicator.sightings} times)` : '';
  return visibleText(`${indicator.id} ${indicator.type} ${indicator.defanged} TLP:${indicator.tlp.toUpperCase()}${seen}${tags}${techniques}${sightings}`);
}

/** A merge keeps the stricter TLP held: say so, since the --tlp asked was not taken. */
function tlpKeptText(indicator: IndicatorAdded, incidentId: string): string {
  if (!indicator.tlpKept) return '';
  const { held, asked } = indicator.tlpKept;
  return `\nTLP:${held.toUpperCase()} is kept: it was already held, and a merge keeps the stricter marking, not the TLP:${asked.toUpperCase()} asked. To loosen it: firebreak ioc update ${incidentId} ${indicator.id} --tlp ${asked}`;
}

export function formatIndicatorList(indicators: Indicator[], incidentId: string): string {
  if (indicators.length === 0) return `No indicators in ${incidentId}. Add one with: firebreak ioc add ${incidentId} VALUE`;
  const rows = indicators.map((indicator) => [indicator.id, indicator.type, `TLP:${indicator.tlp.toUpperCase()}`, String(indicator.sightings), indicator.tags.join(' ') || '-', indicator.defanged].map(visibleText));
  return `${indicators.length} indicator(s) in ${incidentId}, values defanged:\n${table(['ID', 'TYPE', 'TLP', 'SEEN', 'TAGS', 'VALUE'], rows)}`;
}

export function formatImport(result: IndicatorImport, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'Would add' : 'Added'} ${result.added} indicator(s) from ${result.accepted} line(s); ${result.merged} merged into one already held or listed earlier; ${result.rejected.length} line(s) rejected.${dryRun ? ' Nothing was stored (--dry-run).' : ''}`,
  ];
  const byType = Object.entries(result.byType).sort(([, a], [, b]) => b - a);
  for (const [type, count] of byType) lines.push(`  ${type}: ${count}`);
  if (result.rejected.length) {
    lines.push('Rejected:');
    for (const rejection of result.rejected) lines.push(visibleText(`  line ${rejection.line}: ${rejection.text} — ${rejection.reason}`));
  }
  return lines.join('\n');
}

export function registerIocCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const ioc = program.command('ioc').description('indicators of compromise (observables): IPs, domains, URLs, emails, hashes, paths, accounts, processes, registry keys');

  ioc
    .command('add <id> <value>')
    .description('add an indicator, its type detected when --type is not given; defanged forms (hxxps://, [.], [@]) are accepted. A duplicate merges.')
    .option('--type <type>', 'ip, domain, url, email, md5, sha1, sha256, file-path, account, process, registry-key or text')
    .option('--tlp <level>', 'clear, green, amber (default), amber+strict or red')
    .option('--tag <tag>', 'a tag (repeatable)', repeatable, [])
    .option('--technique <id>', 'an ATT&CK technique id such as T1566.001 (repeatable)', repeatable, [])
    .option('--note <text>', 'a note')
    .option('--first-seen <time>', 'ISO date-time with its offset, like 2026-11-23T14:15:02+01:00')
    .option('--last-seen <time>', 'ISO date-time with its offset')
    .action((id: string, value: string, options: { type?: string; tlp?: string; tag: string[]; technique: string[]; note?: string; firstSeen?: string; lastSeen?: string }) => {
      const envelope = call<IndicatorAdded>('ioc.add', { incidentId: id, value, type: options.type, tlp: options.tlp, tags: options.tag, techniques: options.technique, note: options.note, firstSeen: options.firstSeen, lastSeen: options.lastSeen });
      finish(report(mode(), envelope, (indicator) => `${indicator.sightings > 1 ? 'Merged into' : 'Added'} ${formatIndicator(indicator)}${tlpKeptText(indicator, id)}`));
    });

  ioc
    .command('list <id>')
    .description('the incident\'s indicators in the order they were added, values defanged (--json: value.indicators[] with type, value, defanged, tlp…)')
    .option('--type <type>', 'only this type')
    .option('--tag <tag>', 'only indicators with this tag')
    .option('--technique <id>', 'only indicators with this technique')
    .action((id: string, options: { type?: string; tag?: string; technique?: string }) => {
      const envelope = call<{ indicators: Indicator[] }>('ioc.list', { incidentId: id, type: options.type, tag: options.tag, technique: options.technique });
      finish(report(mode(), envelope, ({ indicators }) => formatIndicatorList(indicators, id)));
    });

  ioc
    .command('import <id> <file>')
    .description(
      'add a list, one indicator per line (- reads stdin; at most 5 MB of UTF-8 text): types detected, duplicates merged, one timeline event. ' +
        'Blank lines and lines starting with # are skipped; " #" starts a trailing comment. Exits 1 when lines were rejected.',
    )
    .option('--dry-run', 'classify only: store nothing')
    .option('--tlp <level>', 'TLP of the new indicators: clear, green, amber (default), amber+strict or red')
    .option('--tag <tag>', 'tag every indicator of the list (repeatable)', repeatable, [])
    .action(async (id: string, file: string, options: { dryRun?: boolean; tlp?: string; tag: string[] }) => {
      let text: string;
      try {
        text = await readIndicatorList(file);
      } catch (error) {
        return finish(report(mode(), invalid((error as Error).message), () => ''));
      }
      const dryRun = options.dryRun === true;
      const envelope = call<IndicatorImport>('ioc.import', { incidentId: id, text, dryRun, tlp: options.tlp, tags: options.tag });
      finish(report(mode(), envelope, (result) => formatImport(result, dryRun), (result) => result.rejected.length > 0));
    });

  ioc
    .command('update <id> <indicator>')
    .description('change an indicator\'s TLP, note, tags, techniques or first/last seen')
    .option('--tlp <level>', 'clear, green, amber, amber+strict or red')
    .option('--note <text>', 'new note ("" to clear)')
    .option('--tag <tag>', 'the tags it has from now on (repeatable)', repeatable, [])
    .option('--no-tags', 'remove every tag')
    .option('--technique <id>', 'the techniques it has from now on (repeatable)', repeatable, [])
    .option('--first-seen <time>', 'ISO date-time with its offset')
    .option('--no-first-seen', 'clear first seen')
    .option('--last-seen <time>', 'ISO date-time with its offset')
    .option('--no-last-seen', 'clear last seen')
    .action((id: string, indicator: string, options: { tlp?: string; note?: string; tag: string[]; tags: boolean; technique: string[]; firstSeen?: string | boolean; lastSeen?: string | boolean }) => {
      // Commander sets firstSeen to true by default because of --no-first-seen: only a string or false is a change.
      const seen = (value: string | boolean | undefined) => (value === false ? null : typeof value === 'string' ? value : undefined);
      const tags = options.tags === false ? [] : options.tag.length ? options.tag : undefined;
      const input = { incidentId: id, indicatorId: indicatorId(indicator), tlp: options.tlp, note: options.note, tags, techniques: options.technique.length ? options.technique : undefined, firstSeen: seen(options.firstSeen), lastSeen: seen(options.lastSeen) };
      if (Object.values(input).filter((value) => value !== undefined).length === 2) {
        return finish(report(mode(), invalid('nothing to change: give --tlp, --note, --tag, --no-tags, --technique, --first-seen or --last-seen'), () => ''));
      }
      finish(report(mode(), call<Indicator>('ioc.update', input), (updated) => `Updated ${formatIndicator(updated)}`));
    });
}
