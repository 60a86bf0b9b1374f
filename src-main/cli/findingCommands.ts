import type { Command } from 'commander';
import type { FindingGroup, FindingPlace, MarkFingerprintResult, ScanKind, ScanList } from '../contract';
import { call, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';

type Finish = (code: number) => void;

const statusWords: Record<FindingGroup['status'], string> = { open: 'OPEN', 'false-positive': 'FALSE POSITIVE', rotation: 'SENT TO ROTATION' };

function place(where: FindingPlace): string {
  const at = `${where.file}:${where.line}:${where.column}`;
  const history = where.commit ? ` @ ${where.commit.slice(0, 12)} (${where.author ?? '?'}, ${where.date?.slice(0, 10) ?? '?'})` : ' (working tree)';
  return `${at}${history}${where.status === 'open' ? '' : ` [${where.status}]`}`;
}

/** Where a page of credentials sits in the list, and the command that prints the next one. */
export interface GroupPage {
  total: number;
  nextCursor: string | null;
  limit: number;
}

/** One block per credential: what it is, its status, then every place it was found. */
export function formatFindingGroups(incidentId: string, groups: FindingGroup[], page?: GroupPage): string {
  if (groups.length === 0 && (page?.total ?? 0) === 0) return `${incidentId}: no secrets found by its scans. Scan with: firebreak scan secrets PATH --history --incident ${incidentId}`;
  const open = groups.filter((group) => group.open > 0).length;
  const lines = [page ? `${incidentId}: ${groups.length} of ${page.total} credential(s) on this page, ${open} open (values redacted)` : `${incidentId}: ${groups.length} credential(s) found, ${open} open (values redacted)`];
  for (const group of groups) {
    const where = group.inWorkingTree ? (group.inHistory ? 'in the files and in git history' : 'in the files') : 'in git history only (removed from the files)';
    const status = group.status === 'open' ? `OPEN in ${group.open} of ${group.places.length} place(s)` : `${statusWords[group.status]}${group.statusNote ? `: ${group.statusNote}` : ''}`;
    lines.push('', `${group.fingerprint}  ${group.redacted}  ${group.description}`, `  ${status} · ${where} · rule ${group.rules.join(', ')}`);
    for (const found of group.places) lines.push(`    ${place(found)}`);
  }
  const next = groups.find((group) => group.open > 0);
  if (next) lines.push('', `Settle one credential in every place: firebreak scan mark ${incidentId} ${next.fingerprint} --rotate  (or --false-positive "why")`);
  if (page?.nextCursor) lines.push('', `Next page: firebreak scan findings ${incidentId} --limit ${page.limit} --cursor ${page.nextCursor}`);
  return lines.join('\n');
}

export function registerFindingCommands(scan: Command, mode: () => OutputMode, finish: Finish): void {
  scan
    .command('findings <incident>')
    .description('the secrets an incident\'s scans found, one per credential (fingerprint) with every place: files and git history')
    .option('--limit <n>', 'print one page of at most n credentials (1-1000) and the cursor of the next')
    .option('--cursor <cursor>', 'with --limit: start after the page that printed this cursor')
    .action((incidentId: string, options: { limit?: string; cursor?: string }) => {
      if (options.limit === undefined) {
        if (options.cursor !== undefined) return finish(report(mode(), invalid('--cursor pages with --limit: give both'), () => ''));
        const envelope = call<ScanList>('scan.list', { incidentId });
        // JSON carries the groups; the runs (each finding per scan) stay available through the operation itself.
        const grouped = envelope.ok ? { ok: true as const, value: { groups: envelope.value.groups } } : envelope;
        return finish(report(mode(), grouped, ({ groups }) => formatFindingGroups(incidentId, groups), ({ groups }) => groups.some((group) => group.open > 0)));
      }
      if (!/^\d+$/.test(options.limit)) return finish(report(mode(), invalid(`--limit '${options.limit}' is not a whole number of credentials`), () => ''));
      const limit = Number(options.limit);
      const envelope = call<ScanList>('scan.list', { incidentId, limit, cursor: options.cursor });
      const paged = envelope.ok ? { ok: true as const, value: { groups: envelope.value.groups, total: envelope.value.total, nextCursor: envelope.value.nextCursor } } : envelope;
      finish(report(mode(), paged, ({ groups, total, nextCursor }) => formatFindingGroups(incidentId, groups, { total, nextCursor, limit }), ({ groups }) => groups.some((group) => group.open > 0)));
    });

  scan
    .command('mark <incident> <fingerprint>')
    .description('settle a credential in every place it was found: send it to rotation, or mark it a false positive with the reason')
    .option('--rotate', 'track it in the incident\'s rotation list (one item per fingerprint)')
    .option('--false-positive <why>', 'not a live secret: why (test fixture, documentation example…)')
    .option('--note <text>', 'with --rotate: a note kept with the mark')
    .action((incidentId: string, fingerprint: string, options: { rotate?: boolean; falsePositive?: string; note?: string }) => {
      if (Boolean(options.rotate) === (options.falsePositive !== undefined)) return finish(report(mode(), invalid('say what it is: --rotate, or --false-positive "why"'), () => ''));
      const input = options.rotate ? { status: 'rotation', note: options.note ?? '' } : { status: 'false-positive', note: options.falsePositive! };
      const envelope = call<MarkFingerprintResult>('scan.markFingerprint', { incidentId, fingerprint, ...input });
      finish(
        report(mode(), envelope, ({ group, settled }) =>
          `${group.fingerprint} (${group.redacted}) ${group.status === 'rotation' ? 'sent to rotation' : 'marked false positive'} in ${settled} place(s):\n${group.places.map((where) => `  ${place(where)}`).join('\n')}${group.status === 'rotation' ? `\nRotate it, then: firebreak rotation list ${incidentId}` : ''}`,
        ),
      );
    });

  scan
    .command('kinds')
    .description('the kinds of scan playbooks link to, and which the console runs yet')
    .action(() => {
      finish(report(mode(), call<{ kinds: ScanKind[] }>('scan.kinds', {}), ({ kinds }) => table(['KIND', 'RUNS HERE', 'WHAT'], kinds.map((kind) => [kind.id, kind.runnable ? 'yes' : 'not yet', kind.detail]))));
    });
}
