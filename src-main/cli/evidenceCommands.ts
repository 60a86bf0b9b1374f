import type { Command } from 'commander';
import { custodyActions, type CustodyAction, type EvidenceItem, type EvidenceProgress, type EvidenceVerifyResult, type QuarantinedFile } from '../contract';
import { megabytes } from '../domain/units';
import { errorEnvelope } from '../services/dispatch';
import { collect, verifyRegistered } from '../services/evidence';
import { exportEvidence } from '../services/evidenceExport';
import { addCustody, listEvidence } from '../services/evidenceRegister';
import { listQuarantine, quarantineFile, releaseFile } from '../services/quarantine';
import { context } from './context';
import { invalid } from './context';
import { report, table, type OutputMode } from './output';

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
    .description('stream files and folders into a signed .tar.gz with a SHA-256 manifest (symlinks are recorded, not followed, unless --follow-symlinks)')
    .requiredOption('-o, --output <file>', 'the archive to write, e.g. evidence.tar.gz')
    .option('--incident <id>', 'record the collection on this incident\'s timeline')
    .option('--follow-symlinks', 'follow symlinks whose target is inside the collected paths (loops are detected and recorded)')
    .action(async (paths: string[], options: { output: string; incident?: string; followSymlinks?: boolean }) => {
      const controller = new AbortController();
      const cancel = () => controller.abort();
      process.once('SIGINT', cancel);
      try {
        const result = await collect(context(), { roots: paths, output: options.output, incidentId: options.incident ?? null, followSymlinks: Boolean(options.followSymlinks), signal: controller.signal, onProgress: progressLine });
        if (process.stderr.isTTY) process.stderr.write('\n');
        const manifest = result.summary;
        finish(
          report(mode(), { ok: true, value: { evidenceId: result.evidenceId, archive: result.output, manifestFile: result.manifestFile, checksumFile: result.checksumFile, archiveSha256: manifest.archiveSha256, totals: manifest.totals, publicKeyFingerprint: manifest.signature?.publicKeyFingerprint, problems: manifest.problems } }, (value) =>
            [
              `Collected ${value.totals.files} files (${megabytes(value.totals.bytes)}) into ${value.archive} as ${value.evidenceId}`,
              `sha256 ${value.archiveSha256}`,
              `manifest ${value.manifestFile}, signed by key ${value.publicKeyFingerprint?.slice(0, 16)}…`,
              ...value.problems.map((problem) => `  ! ${problem.path}: ${problem.problem}`),
              ...(value.totals.problems > value.problems.length ? [`  … and ${value.totals.problems - value.problems.length} more in the manifest`] : []),
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
        const result = await verifyRegistered(context(), archive);
        finish(
          report(
            mode(),
            { ok: true, value: result },
            (value: EvidenceVerifyResult) =>
              value.intact
                ? `${value.archive}: intact (${value.entriesChecked} files match, signature valid, key ${value.publicKeyFingerprint?.slice(0, 16)}…)`
                : [`${value.archive}: ${value.mismatchCount} MISMATCH${value.mismatchCount === 1 ? '' : 'ES'}${value.mismatchCount > value.mismatches.length ? ` (the first ${value.mismatches.length} listed)` : ''}`, ...value.mismatches.map((m) => `  ${m.kind}: ${m.message}${m.expected || m.actual ? ` (expected ${m.expected ?? '-'}, actual ${m.actual ?? '-'})` : ''}`)].join('\n'),
            (value) => !value.intact,
          ),
        );
      } catch (error) {
        finish(report(mode(), errorEnvelope(error), () => ''));
      }
    });

  const formatItem = (item: EvidenceItem) =>
    [`${item.id}  ${item.archive}  (${item.files} files, ${megabytes(item.bytes)}${item.incidentId ? `, ${item.incidentId}` : ''})`, `  sha256 ${item.archiveSha256}`, ...item.custody.map((entry) => `  ${entry.at}  ${entry.actor.padEnd(12)} ${entry.action.padEnd(12)} ${entry.detail}`)].join('\n');

  evidence
    .command('list')
    .description('evidence collected with this console, with its chain of custody')
    .option('--incident <id>', 'only this incident\'s evidence')
    .action((options: { incident?: string }) => {
      try {
        const items = listEvidence(context(), options.incident);
        finish(report(mode(), { ok: true, value: { items } }, ({ items: list }) => (list.length ? list.map(formatItem).join('\n\n') : 'No evidence collected yet.')));
      } catch (error) {
        finish(report(mode(), errorEnvelope(error), () => ''));
      }
    });

  evidence
    .command('custody <evidenceId>')
    .description(`show the chain of custody, or append to it with --add (${custodyActions.join(', ')})`)
    .option('--add <action>', 'the custody action to record')
    .option('--to <name>', 'who received it (with --add handed-over)')
    .option('--note <text>', 'what happened')
    .action((evidenceId: string, options: { add?: string; to?: string; note?: string }) => {
      try {
        if (options.add === undefined) {
          const item = listEvidence(context()).find((candidate) => candidate.id === evidenceId);
          if (!item) return finish(report(mode(), { ok: false, error: { code: 'not-found', message: `no evidence item ${evidenceId}` } }, () => ''));
          return finish(report(mode(), { ok: true, value: item }, formatItem));
        }
        if (!(custodyActions as readonly string[]).includes(options.add)) return finish(report(mode(), invalid(`--add must be one of ${custodyActions.join(', ')}`), () => ''));
        if (options.add === 'handed-over' && !options.to) return finish(report(mode(), invalid('--add handed-over needs --to NAME'), () => ''));
        const detail = [options.to ? `to ${options.to}` : '', options.note ?? ''].filter(Boolean).join(': ');
        const item = addCustody(context(), evidenceId, options.add as CustodyAction, detail);
        finish(report(mode(), { ok: true, value: item }, formatItem));
      } catch (error) {
        finish(report(mode(), errorEnvelope(error), () => ''));
      }
    });

  evidence
    .command('export <evidenceId> <folder>')
    .description('copy the archive, its manifest and checksum into a folder, check the copy\'s hash, and record the export in the chain of custody')
    .action(async (evidenceId: string, folder: string) => {
      try {
        const item = await exportEvidence(context(), evidenceId, folder);
        finish(report(mode(), { ok: true, value: item }, (value) => `Exported ${value.id} to ${value.exportedTo} (copy's sha256 matches)\n${formatItem(value)}`));
      } catch (error) {
        finish(report(mode(), errorEnvelope(error), () => ''));
      }
    });

  const quarantine = program.command('quarantine').description('move suspicious files out of harm\'s way, and back');
  const formatQuarantined = (file: QuarantinedFile) => `${file.id}  ${file.originalPath}  sha256 ${file.sha256.slice(0, 16)}…  ${file.releasedAt ? `released ${file.releasedAt}` : `since ${file.quarantinedAt}`}`;
  quarantine
    .command('add <file>')
    .description('move the file into the data dir\'s quarantine and strip its permissions')
    .option('--incident <id>', 'record it on this incident\'s timeline')
    .action(async (file: string, options: { incident?: string }) => {
      try {
        finish(report(mode(), { ok: true, value: await quarantineFile(context(), file, options.incident ?? null) }, formatQuarantined));
      } catch (error) {
        finish(report(mode(), errorEnvelope(error), () => ''));
      }
    });
  quarantine
    .command('list')
    .option('--all', 'include released files')
    .action((options: { all?: boolean }) => {
      try {
        const files = listQuarantine(context(), Boolean(options.all));
        finish(report(mode(), { ok: true, value: { files } }, ({ files: list }) => (list.length ? table(['ID', 'ORIGINAL PATH', 'SHA256', 'SINCE'], list.map((f) => [f.id, f.originalPath, f.sha256.slice(0, 16), f.releasedAt ?? f.quarantinedAt])) : 'Nothing in quarantine.')));
      } catch (error) {
        finish(report(mode(), errorEnvelope(error), () => ''));
      }
    });
  quarantine
    .command('release <id>')
    .description('put the file back where it was, with its permissions, after checking its hash')
    .action(async (id: string) => {
      try {
        finish(report(mode(), { ok: true, value: await releaseFile(context(), id) }, formatQuarantined));
      } catch (error) {
        finish(report(mode(), errorEnvelope(error), () => ''));
      }
    });
}
