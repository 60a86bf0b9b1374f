import type { Command } from 'commander';
import type { LogScanOutcome } from '../contract';
import { megabytes } from '../domain/units';
import { callLong, commandModules, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';
import { visibleText as shown } from './visibleText';

/** Findings printed in the table; the rest are in --json (and on the Logs tab with --incident). */
const shownFindings = 50;

const count = (value: number) => value.toLocaleString('en-US');
const clock = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '-');

function human(result: LogScanOutcome): string {
  const { stats } = result;
  const formats = Object.entries(stats.formats).map(([format, lines]) => `${format} ${count(lines)}`).join(', ');
  const summary = [
    `Scanned ${stats.files} file(s), ${count(stats.lines)} lines (${megabytes(stats.bytes)}) in ${(stats.durationMs / 1000).toFixed(1)} s${formats ? `: ${formats}` : ''}`,
    stats.malformed ? `${count(stats.malformed)} line(s) did not parse as their file's format (matched as plain text)` : '',
    stats.outOfRange ? `${count(stats.outOfRange)} line(s) outside --since/--until (or without a time) left out` : '',
    stats.longLinesCut ? `${count(stats.longLinesCut)} line(s) over 64 KiB matched on their first 64 KiB and last 16 KiB only (the middle not scanned)` : '',
    ...stats.skipped.map((skip) => `skipped ${shown(skip.file)}: ${shown(skip.reason)}`),
    stats.findingsOmitted ? `${count(stats.findingsOmitted)} finding(s) over the cap of a scan not kept (still counted in the patterns and top sources)` : '',
    result.scanId ? `kept as ${result.scanId} on the incident` : '',
  ].filter(Boolean);
  const sections: string[] = [];
  const flagged = result.findings.length + stats.findingsOmitted;
  sections.push(flagged || result.aggregates.length ? `${count(flagged)} FINDING(S), ${result.aggregates.length} PATTERN(S) ACROSS LINES` : 'No attack patterns found.');
  if (result.aggregates.length) {
    sections.push(table(['PATTERN', 'SOURCE', 'COUNT', 'FROM', 'TO', 'DETAIL'], result.aggregates.map((aggregate) => [aggregate.kind, shown(aggregate.ip ?? '(site-wide)'), count(aggregate.count), clock(aggregate.from), clock(aggregate.to), shown(aggregate.detail)])));
  }
  const talkers = result.topIps.filter((talker) => talker.hits > 0);
  if (talkers.length) {
    sections.push(`TOP SOURCES\n${table(['IP', 'REQUESTS', 'FLAGGED', 'FIRST', 'LAST', 'CATEGORIES'], talkers.map((talker) => [shown(talker.ip), count(talker.requests), count(talker.hits), clock(talker.firstSeen), clock(talker.lastSeen), talker.categories.join(', ')]))}`);
  }
  if (result.findings.length) {
    const rows = result.findings.slice(0, shownFindings).map((finding) => [finding.category, finding.severity, shown(`${finding.file}:${finding.line}`), clock(finding.time), shown(finding.ip ?? '-'), shown(finding.excerpt.slice(0, 120))]);
    const more = result.findings.length - rows.length;
    sections.push(`${table(['CATEGORY', 'SEVERITY', 'WHERE', 'TIME (UTC)', 'IP', 'EXCERPT (redacted)'], rows)}${more > 0 ? `\n${count(more)} more: use --json` : ''}`);
  }
  return [...sections, summary.join('\n')].join('\n\n');
}

/** An instant as the contract takes it, or the error naming the flag. */
function instantFlag(flag: string, value: string | undefined): { ok: true; value?: string } | { ok: false; message: string } {
  if (value === undefined) return { ok: true };
  const parsed = commandModules().contract.scanLogsInput.shape.since.safeParse(value);
  if (!parsed.success) return { ok: false, message: `${flag} must be an ISO date-time with a zone, like 2026-11-23T14:15:02Z, not '${value}'` };
  return { ok: true, value: parsed.data };
}

export function registerLogScanCommand(scan: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  scan
    .command('logs <file...>')
    .description('find attack patterns, brute force, rate-limit storms, error spikes and scanning in log files (globs and .gz read as is); excerpts are redacted')
    .option('--since <time>', 'only lines at or after this ISO date-time (e.g. 2026-11-23T14:00:00Z)')
    .option('--until <time>', 'only lines at or before this ISO date-time')
    .option('--incident <id>', 'keep the findings on this incident (the Logs tab) and note the scan on its timeline')
    .action(async (files: string[], options: { since?: string; until?: string; incident?: string }) => {
      const since = instantFlag('--since', options.since);
      if (!since.ok) return finish(report(mode(), invalid(since.message), () => ''));
      const until = instantFlag('--until', options.until);
      if (!until.ok) return finish(report(mode(), invalid(until.message), () => ''));
      const envelope = await callLong<LogScanOutcome>('scan.logs', { paths: files, since: since.value, until: until.value, incidentId: options.incident });
      finish(report(mode(), envelope, human, (value) => value.findings.length + value.stats.findingsOmitted > 0 || value.aggregates.length > 0));
    });
}
