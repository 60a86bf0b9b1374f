import type { Command } from 'commander';
import type { InvestigationEntry, InvestigationTimeline, TimelineExport, TimelineImport, TimelineLinks } from '../contract';
import { formatInOffset } from '../domain/investigation/timeline/occurredTime';
import { call, callLong, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';

type Finish = (code: number) => void;

const repeat = (value: string, previous: string[]) => [...previous, value];
const upper = (values: string[]) => values.map((value) => value.trim().toUpperCase());

/** The offset of this machine's zone at that moment (`+02:00`), so a local time says which zone it is in. */
function localOffset(utc: string): string {
  const minutes = -new Date(utc).getTimezoneOffset();
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `2026-11-30 09:15 +02:00` in the responder's zone, or `2026-11-30 07:15 UTC`. */
export function shownTime(utc: string, utcOnly: boolean): string {
  const offset = utcOnly ? 'Z' : localOffset(utc);
  const written = formatInOffset(utc, offset);
  return `${written.slice(0, 10)} ${written.slice(11, 16)} ${offset === 'Z' ? 'UTC' : offset}`;
}

function linkText(links: TimelineLinks): string {
  return [...links.indicators, ...links.assets, ...links.techniques, ...links.tags.map((tag) => `#${tag}`)].join(' ');
}

export function formatTimeline(timeline: InvestigationTimeline, incidentId: string, utcOnly: boolean): string {
  if (timeline.entries.length === 0) return `No entries match on the timeline of ${incidentId} (${timeline.total} in all).`;
  const rows = timeline.entries.map((entry) => [
    shownTime(entry.occurredAt, utcOnly) + (entry.occurredOffset && entry.occurredOffset !== localOffset(entry.occurredAt) ? ` (given ${entry.occurredOffset})` : ''),
    entry.retroactive ? shownTime(entry.recordedAt, utcOnly) : '=',
    entry.actor,
    entry.hash.slice(0, 12),
    linkText(entry.links),
    entry.summary,
  ]);
  const shown = timeline.matched > timeline.entries.length ? `the first ${timeline.entries.length} of ${timeline.matched}` : `${timeline.matched}`;
  return `${shown} of ${timeline.total} entries on the timeline of ${incidentId}:\n${table(['HAPPENED', 'RECORDED', 'ACTOR', 'HASH', 'LINKS', 'WHAT'], rows)}`;
}

function formatEntry(entry: InvestigationEntry, verb: string): string {
  const links = linkText(entry.links);
  const when = formatInOffset(entry.occurredAt, entry.occurredOffset);
  return `${verb} ${entry.hash.slice(0, 12)} (happened ${when}${entry.retroactive ? `, recorded ${entry.recordedAt}` : ''}): ${entry.summary}${links ? `\nLinks: ${links}` : ''}`;
}

export function registerTimelineCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const timeline = program.command('timeline').description('the investigation timeline: when each thing happened and when it was recorded, its links, CSV and JSON');

  timeline
    .command('add <id> <text>')
    .description('add an entry, possibly after the fact: --at is when it happened, with its offset')
    .option('--at <time>', 'when it happened, e.g. 2026-11-30T09:15:00+02:00 (also +0200 or Z); default: now')
    .option('--category <category>', 'a short kind for filtering, e.g. initial-access')
    .option('--indicator <id>', 'link an indicator (I3; repeatable)', repeat, [])
    .option('--asset <id>', 'link an asset (S2; repeatable)', repeat, [])
    .option('--technique <id>', 'link an ATT&CK technique (T1059; repeatable)', repeat, [])
    .option('--tag <tag>', 'add a tag (repeatable)', repeat, [])
    .action((id: string, text: string, options: { at?: string; category?: string; indicator: string[]; asset: string[]; technique: string[]; tag: string[] }) => {
      const links = { indicators: upper(options.indicator), assets: options.asset, techniques: options.technique, tags: options.tag };
      const envelope = call<InvestigationEntry>('timeline.add', { incidentId: id, text, at: options.at, category: options.category, links });
      finish(report(mode(), envelope, (entry) => formatEntry(entry, 'Added')));
    });

  timeline
    .command('list <id>')
    .description('the timeline with both clocks, sorted by when things happened (or were recorded), filtered')
    .option('--sort <clock>', 'occurred (default) or recorded')
    .option('--utc', 'show times in UTC instead of this machine\'s zone')
    .option('--indicator <id>', 'only entries linked to this indicator (I3)')
    .option('--asset <id>', 'only entries linked to this asset (S2)')
    .option('--technique <id>', 'only entries linked to this technique (or its sub-techniques)')
    .option('--tag <tag>', 'only entries with this tag')
    .option('--actor <name>', 'only entries recorded by this responder')
    .option('--type <type>', 'only events of this type, e.g. timeline.entry (repeatable)', repeat, [])
    .option('--limit <n>', 'at most this many entries (1-1000)', (value) => Number(value))
    .action((id: string, options: { sort?: string; utc?: boolean; indicator?: string; asset?: string; technique?: string; tag?: string; actor?: string; type: string[]; limit?: number }) => {
      const envelope = call<InvestigationTimeline>('timeline.list', {
        incidentId: id,
        sort: options.sort,
        indicator: options.indicator?.toUpperCase(),
        asset: options.asset,
        technique: options.technique,
        tag: options.tag,
        actor: options.actor,
        types: options.type.length ? options.type : undefined,
        limit: options.limit,
      });
      finish(report(mode(), envelope, (value) => formatTimeline(value, id, options.utc === true)));
    });

  timeline
    .command('tag <id> <hash>')
    .description('link an entry already on the timeline (by its hash, or a prefix of it that timeline list shows) to indicators, assets, techniques or tags; --remove takes them off')
    .option('--indicator <id>', 'an indicator (I3; repeatable)', repeat, [])
    .option('--asset <id>', 'an asset (S2; repeatable)', repeat, [])
    .option('--technique <id>', 'an ATT&CK technique (repeatable)', repeat, [])
    .option('--tag <tag>', 'a tag (repeatable)', repeat, [])
    .option('--remove', 'take these links off instead of adding them')
    .action((id: string, hash: string, options: { indicator: string[]; asset: string[]; technique: string[]; tag: string[]; remove?: boolean }) => {
      const links = { indicators: upper(options.indicator), assets: options.asset, techniques: options.technique, tags: options.tag };
      const envelope = call<InvestigationEntry>('timeline.tag', { incidentId: id, hash, [options.remove ? 'remove' : 'add']: links });
      finish(report(mode(), envelope, (entry) => formatEntry(entry, options.remove ? 'Unlinked' : 'Linked')));
    });

  timeline
    .command('export <id>')
    .description('the timeline as CSV (docs/timeline-csv.md) or JSON, indicator values defanged; the export itself on stdout, or to a file with -o')
    .option('--csv', 'CSV (the documented column set)')
    .option('--json', 'JSON: { incidentId, exportedAt, entries } (with -o or --csv: the usual JSON envelope)')
    .option('-o, --output <file>', 'write it there (atomically; an existing file is replaced), or into that folder')
    .action(async (id: string, options: { csv?: boolean; output?: string }) => {
      // --json is also the global envelope switch: here it names the format unless --csv does.
      if (!options.csv && !mode().json) return finish(report(mode(), invalid('give --csv or --json: the format of the export'), () => ''));
      const format = options.csv ? 'csv' : 'json';
      const envelope = await callLong<TimelineExport>('timeline.export', { incidentId: id, format, output: options.output });
      if (envelope.ok && envelope.value.text !== null && (format === 'json' || !mode().json)) {
        // The export alone on stdout: it is meant for a pipe or a redirect.
        process.stdout.write(envelope.value.text);
        return finish(0);
      }
      finish(report(mode(), envelope, (value) => `Wrote ${value.entries} entries of ${id} as ${value.format.toUpperCase()} to ${value.path}`));
    });

  timeline
    .command('import <id> <file>')
    .description('add the entries of a timeline CSV (as exported; or a JSON export) to the incident, keeping when each happened; nothing is imported if any row is rejected')
    .action(async (id: string, file: string) => {
      const envelope = await callLong<TimelineImport>('timeline.import', { incidentId: id, path: file });
      finish(
        report(
          mode(),
          envelope,
          (value) =>
            value.rejected.length
              ? [`Nothing imported: ${value.rejected.length} row(s) rejected. Fix them and import again:`, ...value.rejected.slice(0, 50).map((row) => `  ${row.entry === undefined ? `line ${row.line}` : `entry ${row.entry}`}: ${row.reason}`), ...(value.rejected.length > 50 ? [`  … and ${value.rejected.length - 50} more (--json lists all)`] : [])].join('\n')
              : `Imported ${value.imported} entries into ${id}${value.redacted ? ` (${value.redacted} had a secret taken out)` : ''}`,
          (value) => value.rejected.length > 0,
        ),
      );
    });
}
