import type { Command } from 'commander';
import type { ScanOutcome } from '../contract';
import { writeError, writeFileAtomic } from '../jobs/atomicFile';
import { prestartWorkers } from '../jobs/workerStart';
import { callLong, errorEnvelope, invalid } from './context';
import { registerFindingCommands } from './findingCommands';
import { registerLogScanCommand } from './logScanCommand';
import { exitCodes, report, type OutputMode } from './output';
import { secretScanBaseline, secretScanSarif, secretScanText } from './secretScanText';

/**
 * For `scan secrets --history`, starts the history's worker before the command has loaded: it boots
 * (about a fifth of a second) while the command's own modules load, instead of after. Tree lanes past
 * the one on this thread start only for a folder worth them, once it is sized (secretScan.ts). A
 * guess from argv that turns out wrong costs an idle worker that holds nothing up.
 */
export function prestartScanWorkers(argv: readonly string[]): void {
  const [command, subcommand] = argv.filter((arg) => !arg.startsWith('-'));
  if (command !== 'scan' || subcommand !== 'secrets' || !argv.includes('--history')) return;
  prestartWorkers(1);
}

export function registerScanCommands(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  const scan = program.command('scan').description('offline scans');
  registerFindingCommands(scan, mode, finish);
  registerLogScanCommand(scan, mode, finish);
  scan
    .command('secrets <path>')
    .description('find secrets in a folder (and its git history); values are never printed, only a redacted preview and a fingerprint')
    .option('--history', 'also scan the lines every commit added (git log -p)')
    .option('--all-branches', 'with --history: every branch and tag, not only the current one')
    .option('--since <date>', 'with --history: only commits after this date (git syntax, e.g. 2026-01-01 or "2 weeks ago")')
    .option('--no-gitignore', 'scan files .gitignore excludes too')
    .option('--baseline <file>', 'hide findings whose fingerprint is in this file (a list, or an earlier --json result)')
    .option('--write-baseline <file>', 'write the fingerprints of the findings to this file, to use as --baseline later')
    .option('--max-file-size <mb>', 'skip (and count) files larger than this many MB', '10')
    .option('--sarif', 'print SARIF 2.1.0 for code-scanning tools instead of the table')
    .option('--incident <id>', 'keep the findings on this incident and note the scan on its timeline')
    .action(async (target: string, options: { history?: boolean; allBranches?: boolean; since?: string; gitignore: boolean; baseline?: string; writeBaseline?: string; maxFileSize: string; sarif?: boolean; incident?: string }) => {
      // The flag is in MB, the contract's field in bytes: name what the responder typed.
      const maxFileMb = Number(options.maxFileSize);
      if (!Number.isFinite(maxFileMb)) return finish(report(mode(), invalid(`--max-file-size must be a number of MB, not '${options.maxFileSize}'`), () => ''));
      const envelope = await callLong<ScanOutcome>('scan.secrets', {
        path: target,
        history: Boolean(options.history),
        allBranches: Boolean(options.allBranches),
        since: options.since,
        gitignore: options.gitignore,
        baseline: options.baseline,
        maxFileBytes: Math.round(maxFileMb * 1024 * 1024),
        incidentId: options.incident,
      });
      if (!envelope.ok) return finish(report(mode(), envelope, () => ''));
      const result = envelope.value;
      try {
        if (options.writeBaseline) {
          try {
            writeFileAtomic(options.writeBaseline, secretScanBaseline(result));
          } catch (error) {
            throw writeError(error, options.writeBaseline, 'the baseline', 'the previous baseline, if any, is unchanged');
          }
        }
      } catch (error) {
        return finish(report(mode(), errorEnvelope(error), () => ''));
      }
      if (options.sarif) {
        process.stdout.write(secretScanSarif(result));
        return finish(result.findings.length ? exitCodes.checkFailed : exitCodes.done);
      }
      finish(report(mode(), envelope, secretScanText, (value) => value.findings.length > 0));
    });
}
