import path from 'node:path';
import type { Command } from 'commander';
import type { LiveCollectedEvidence, LiveCollectorRun, LiveProfiles } from '../contract';
import { describeLiveRun } from '../domain/evidence/liveWords';
import { megabytes } from '../domain/units';
import { callLong, commandModules, invalid } from './context';
import { report, type OutputMode } from './output';
import { unlockIfAsked } from './vaultCommands';

const repeatable = (value: string, previous: string[]) => [...previous, value];

function formatProfiles({ profiles, problems }: LiveProfiles): string {
  const lines: string[] = [];
  for (const profile of profiles) {
    lines.push(`${profile.id}: ${profile.title}${profile.source === 'custom' ? ' (custom)' : ''}`, `  ${profile.description}`);
    for (const collector of profile.collectors) {
      const marks = [collector.volatile ? 'volatile' : '', collector.needsRoot ? 'root' : '', collector.redact ? 'redacted' : ''].filter(Boolean).join(', ');
      lines.push(`  ${collector.available ? '✓' : '✗'} ${collector.id.padEnd(20)} ${collector.argv.join(' ')}${marks ? `  [${marks}]` : ''}`);
      if (!collector.available) lines.push(`    not available: ${collector.unavailableReason}`);
    }
    lines.push('');
  }
  for (const problem of problems) lines.push(`! ${commandModules().liveProfile.describeLiveProblem(problem)}`);
  return lines.join('\n').trimEnd();
}

const formatRun = (run: LiveCollectorRun) => `  ${String(run.order).padStart(2)}. ${run.problem ? '!' : ' '} ${run.id.padEnd(22)} ${describeLiveRun(run)}${run.problemText ? `: ${run.problemText}` : ''}`;

/** `firebreak evidence live`: run a live response profile into an archive, or list the profiles. */
export function registerLiveCommands(evidence: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  evidence
    .command('live')
    .description('capture the system\'s state (processes, connections, logins, containers…) by running a profile\'s commands, without a shell, into a signed .tar.gz; --list shows the profiles and what each runs')
    .option('--list', 'list the profiles, each command as it will run, and whether it can run on this machine')
    .option('--profile <id>', 'the profile to run: quick, containers, build, or one of the data dir\'s collectors/')
    .option('-o, --output <file>', 'the archive to write, e.g. live.tar.gz')
    .option('--incident <id>', 'record the collection on this incident\'s timeline')
    .option('--path <path>', 'a path for "recently modified files" and lockfiles (repeatable; default: each collector\'s own)', repeatable, [])
    .option('--namespace <ns>', 'a Kubernetes namespace for kubectl (repeatable; default: default)', repeatable, [])
    .action(async (options: { list?: boolean; profile?: string; output?: string; incident?: string; path: string[]; namespace: string[] }) => {
      if (options.list) return finish(report(mode(), await callLong<LiveProfiles>('evidence.liveProfiles', {}), formatProfiles));
      if (!options.profile) return finish(report(mode(), invalid('name a profile with --profile (see --list)'), () => ''));
      if (!options.output) return finish(report(mode(), invalid('name the archive to write with -o, --output'), () => ''));
      await unlockIfAsked();
      const envelope = await callLong<LiveCollectedEvidence>('evidence.liveCollect', {
        profile: options.profile,
        output: options.output,
        incidentId: options.incident,
        ...(options.path.length ? { paths: options.path.map((each) => path.resolve(each)) } : {}),
        ...(options.namespace.length ? { namespaces: options.namespace } : {}),
      });
      const printed = envelope.ok ? { ok: true as const, value: { ...envelope.value, jobId: undefined } } : envelope;
      finish(
        report(mode(), printed, (value) => {
          const problems = value.collectors.filter((run) => run.problem).length;
          return [
            `Live response (${value.profile}): ${value.collectors.length} commands, ${problems ? `${problems} with a problem` : 'all ran cleanly'}; archived ${value.totals.files} files (${megabytes(value.totals.bytes)}) into ${value.archive} as ${value.evidenceId}`,
            `sha256 ${value.archiveSha256}`,
            `manifest ${value.manifestFile}, signed by key ${value.publicKeyFingerprint?.slice(0, 16)}…`,
            ...value.collectors.map(formatRun),
          ].join('\n');
        }),
      );
    });
}
