import type { Command } from 'commander';
import { regulatoryPresets, type RegulatoryClock, type RegulatoryClocks } from '../contract';
import { call, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';
import { visibleText } from './visibleText';

type Finish = (code: number) => void;

/** `2 d 3 h`, `5 h 12 min`, `40 min`: a span as a responder reads a deadline. */
function span(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

export function remaining(clock: RegulatoryClock, nowMs: number): string {
  if (clock.state === 'met') return `met ${clock.stoppedAt ?? ''}`;
  if (clock.state === 'met-late') return `met late ${clock.stoppedAt ?? ''}`;
  const left = Date.parse(clock.dueAt) - nowMs;
  return left < 0 ? `OVERDUE by ${span(left)}` : `${span(left)} left`;
}

export function formatClocks(clocks: RegulatoryClocks, incidentId: string, nowMs: number): string {
  if (clocks.clocks.length === 0) return `No regulatory clocks on ${incidentId}. Start one with: firebreak clock start ${incidentId} gdpr-authority --at TIME (see firebreak clock presets)`;
  const rows = clocks.clocks.map((clock) => [clock.name, clock.state.toUpperCase(), clock.dueAt, remaining(clock, nowMs), visibleText(clock.label)]);
  return table(['NAME', 'STATE', 'DUE (UTC)', 'REMAINING', 'LABEL'], rows);
}

export function registerClockCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const clock = program.command('clock').description('regulatory clocks: deadlines a law or contract sets from a moment (GDPR 72 h from awareness…), with reminders');

  clock
    .command('start <id> <name>')
    .description('start a clock: a preset (firebreak clock presets) or a new name with --label and --hours or --days')
    .option('--label <text>', 'what the deadline is, e.g. "Customer contract: notify within 60 days"')
    .option('--hours <n>', 'how long it runs, in hours')
    .option('--days <n>', 'how long it runs, in days')
    .option('--at <time>', 'when it started (awareness), with its offset, e.g. 2026-11-30T09:15:00+01:00; default now')
    .option('--note <text>', 'a note, e.g. how the team became aware')
    .action((id: string, name: string, options: { label?: string; hours?: string; days?: string; at?: string; note?: string }) => {
      if (options.hours !== undefined && options.days !== undefined) return finish(report(mode(), invalid('give --hours or --days, not both'), () => ''));
      const hours = options.hours !== undefined ? Number(options.hours) : options.days !== undefined ? Number(options.days) * 24 : undefined;
      const envelope = call<RegulatoryClocks>('clock.start', { incidentId: id, name, label: options.label, hours, startedAt: options.at, note: options.note });
      finish(
        report(mode(), envelope, (clocks) => {
          const started = clocks.clocks.find((held) => held.name === name)!;
          return `Started ${started.name}: ${visibleText(started.label)}, due ${started.dueAt} (${remaining(started, Date.now())})`;
        }),
      );
    });

  clock
    .command('stop <id> <name>')
    .description('mark a clock met: the notification was made')
    .requiredOption('--note <text>', 'what met it, e.g. "notified the ICO, reference 123"')
    .action((id: string, name: string, options: { note: string }) => {
      const envelope = call<RegulatoryClocks>('clock.stop', { incidentId: id, name, note: options.note });
      finish(
        report(mode(), envelope, (clocks) => {
          const stopped = clocks.clocks.find((held) => held.name === name)!;
          return `${stopped.name} ${stopped.state === 'met' ? 'met in time' : 'met LATE'} at ${stopped.stoppedAt ?? '?'} (was due ${stopped.dueAt})`;
        }),
      );
    });

  clock
    .command('list <id>')
    .description('the incident\'s clocks with their deadlines and time left; OVERDUE marked')
    .action((id: string) => {
      finish(report(mode(), call<RegulatoryClocks>('clock.list', { incidentId: id }), (clocks) => formatClocks(clocks, id, Date.now())));
    });

  clock
    .command('presets')
    .description('the named deadlines a clock can start from')
    .action(() => {
      const presets = Object.entries(regulatoryPresets).map(([name, preset]) => ({ name, label: preset.label, hours: preset.hours }));
      finish(report(mode(), { ok: true, value: { presets } }, ({ presets: list }) => table(['NAME', 'HOURS', 'LABEL'], list.map((preset) => [preset.name, String(preset.hours), preset.label]))));
    });
}
