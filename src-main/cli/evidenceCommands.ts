import type { Command } from 'commander';
import type { EvidenceProgress, EvidenceVerifyResult } from '../contract';
import { errorEnvelope } from '../services/dispatch';
import { collect, verifyEvidence } from '../services/evidence';
import { context } from './context';
import { report, type OutputMode } from './output';

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One overwritten line on stderr (only on a terminal): files, bytes, rate, ETA. */
function progressLine(progress: EvidenceProgress): void {
  if (!process.stderr.isTTY) return;
  const fraction = progress.totalBytes ? progress.bytes / progress.totalBytes : 1;
  const bar = '█'.repeat(Math.round(fraction * 24)).padEnd(24, '░');
  const eta = progress.etaSeconds === null ? '' : `  ETA ${progress.etaSeconds}s`;
  process.stderr.write(`\r${bar} ${progress.files}/${progress.totalFiles} files  ${megabytes(progress.bytes)}/${megabytes(progress.totalBytes)}  ${megabytes(progress.bytesPerSecond)}/s${eta}   `);
}

export function registerEvidenceCommands(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  const evidence = program.command('evidence').description('collect and verify evidence archives');

  evidence
    .command('collect <paths...>')
    .description('stream files and folders into a signed .tar.gz with a SHA-256 manifest (symlinks are recorded, not followed)')
    .requiredOption('-o, --output <file>', 'the archive to write, e.g. evidence.tar.gz')
    .option('--incident <id>', 'record the collection on this incident\'s timeline')
    .action(async (paths: string[], options: { output: string; incident?: string }) => {
      const controller = new AbortController();
      const cancel = () => controller.abort();
      process.once('SIGINT', cancel);
      try {
        const result = await collect(context(), { roots: paths, output: options.output, incidentId: options.incident ?? null, signal: controller.signal, onProgress: progressLine });
        if (process.stderr.isTTY) process.stderr.write('\n');
        const { manifest } = result;
        finish(
          report(mode(), { ok: true, value: { archive: result.output, manifestFile: result.manifestFile, checksumFile: result.checksumFile, archiveSha256: manifest.archiveSha256, totals: manifest.totals, publicKeyFingerprint: manifest.signature?.publicKeyFingerprint, problems: manifest.entries.filter((entry) => entry.problem).map((entry) => ({ path: entry.path, problem: entry.problem })) } }, (value) =>
            [
              `Collected ${value.totals.files} files (${megabytes(value.totals.bytes)}) into ${value.archive}`,
              `sha256 ${value.archiveSha256}`,
              `manifest ${value.manifestFile}, signed by key ${value.publicKeyFingerprint?.slice(0, 16)}…`,
              ...value.problems.map((problem) => `  ! ${problem.path}: ${problem.problem}`),
            ].join('\n'),
          ),
        );
      } catch (error) {
        if (process.stderr.isTTY) process.stderr.write('\n');
        finish(report(mode(), errorEnvelope(error), () => ''));
      } finally {
        process.removeListener('SIGINT', cancel);
      }
    });

  evidence
    .command('verify <archive>')
    .description('re-hash the archive and every entry against the manifest and check its signature; exits 1 on any mismatch')
    .action(async (archive: string) => {
      try {
        const result = await verifyEvidence(archive);
        finish(
          report(
            mode(),
            { ok: true, value: result },
            (value: EvidenceVerifyResult) =>
              value.intact
                ? `${value.archive}: intact (${value.entriesChecked} files match, signature valid, key ${value.publicKeyFingerprint?.slice(0, 16)}…)`
                : [`${value.archive}: ${value.mismatches.length} MISMATCH${value.mismatches.length === 1 ? '' : 'ES'}`, ...value.mismatches.map((m) => `  ${m.kind}: ${m.message}${m.expected || m.actual ? ` (expected ${m.expected ?? '-'}, actual ${m.actual ?? '-'})` : ''}`)].join('\n'),
            (value) => !value.intact,
          ),
        );
      } catch (error) {
        finish(report(mode(), errorEnvelope(error), () => ''));
      }
    });
}
