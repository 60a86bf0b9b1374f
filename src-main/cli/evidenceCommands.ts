import fs from 'node:fs';
import type { Command } from 'commander';
import type { CollectedEvidence, EvidenceContents, EvidenceItem, EvidenceVerifyResult, QuarantinedFile } from '../contract';
import { custodyActions } from '../contract/choices';
import { megabytes } from '../domain/units';
import { call, callLong, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';
import { unlockIfAsked } from './vaultCommands';
import { registerLiveCommands } from './liveCommands';

/** The CLI's envelope names the files it wrote, as it always has; the job id only matters to a console watching the job. */
const asPrinted = ({ evidenceId, archive, manifestFile, checksumFile, archiveSha256, totals, publicKeyFingerprint, problems, leftOut }: CollectedEvidence) => ({ evidenceId, archive, manifestFile, checksumFile, archiveSha256, totals, publicKeyFingerprint, problems, leftOut });

export function registerEvidenceCommands(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  const evidence = program.command('evidence').description('collect and verify evidence archives');

  evidence
    .command('collect <paths...>')
    .description('stream files and folders into a signed .tar.gz with a SHA-256 manifest (symlinks are recorded, not followed, unless --follow-symlinks)')
    .requiredOption('-o, --output <file>', 'the archive to write, e.g. evidence.tar.gz')
    .option('--incident <id>', 'record the collection on this incident\'s timeline')
    .option('--follow-symlinks', 'follow symlinks whose target is inside the collected paths (loops are detected and recorded)')
    .option('--skip-missing', 'collect the paths that can be read and record the missing or unreadable ones as left out (otherwise one stops the collection before it starts)')
    .action(async (paths: string[], options: { output: string; incident?: string; followSymlinks?: boolean; skipMissing?: boolean }) => {
      await unlockIfAsked();
      const envelope = await callLong<CollectedEvidence>('evidence.collect', {
        paths,
        output: options.output,
        incidentId: options.incident,
        followSymlinks: Boolean(options.followSymlinks),
        skipUnavailable: Boolean(options.skipMissing),
      });
      const printed = envelope.ok ? { ok: true as const, value: asPrinted(envelope.value) } : envelope;
      finish(
        report(mode(), printed, (value) =>
          [
            `Collected ${value.totals.files} files (${megabytes(value.totals.bytes)}) into ${value.archive} as ${value.evidenceId}`,
            `sha256 ${value.archiveSha256}`,
            `manifest ${value.manifestFile}, signed by key ${value.publicKeyFingerprint?.slice(0, 16)}…`,
            ...value.leftOut.map((root) => `  left out: ${root.path}: ${root.reason}`),
            ...value.problems.map((problem) => `  ! ${problem.path}: ${problem.problem}`),
            ...(value.totals.problems > value.problems.length ? [`  … and ${value.totals.problems - value.problems.length} more in the manifest`] : []),
          ].join('\n'),
        ),
      );
    });

  registerLiveCommands(evidence, mode, finish);

  evidence
    .command('verify <archive>')
    .description("re-hash the archive and every entry, compare each entry's type, mode, owner, time, size and link target with the manifest, and check who signed it; exits 1 on any mismatch or an untrusted signer")
    .option('--trusted-key <key>', 'also trust this signer: a public key file from "firebreak evidence key export", or its 64-hex fingerprint (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .action(async (archive: string, options: { trustedKey: string[] }) => {
      finish(
        report(
          mode(),
          await callLong<EvidenceVerifyResult>('evidence.verify', { archive, trustedKeys: options.trustedKey }),
          (value) =>
            value.intact
              ? [
                  `${value.archive}: intact (${value.entriesChecked} files match, signed by ${value.signer.description}${value.registeredAs ? `, as registered for ${value.registeredAs}` : ''})`,
                  `  sha256 ${value.archiveSha256}`,
                  ...(value.collection ? [`  collected by ${value.collection.collector} on ${value.collection.host} at ${value.collection.finishedAt}${value.collection.incidentId ? ` for ${value.collection.incidentId}` : ''}, from ${value.collection.roots.join(', ')}`] : []),
                  ...(value.collection?.drill ? ['  DRILL: collected in a tabletop drill, not evidence of a real incident'] : []),
                ].join('\n')
              : [
                  `${value.archive}: ${value.mismatchCount} MISMATCH${value.mismatchCount === 1 ? '' : 'ES'}${value.mismatchCount > value.mismatches.length ? ` (the first ${value.mismatches.length} listed)` : ''}`,
                  `  signer: ${value.signer.description}${value.signer.trusted ? ' (trusted)' : ''}`,
                  ...value.mismatches.map((m) => `  ${m.kind}: ${m.message}${m.expected || m.actual ? ` (expected ${m.expected ?? '-'}, actual ${m.actual ?? '-'})` : ''}`),
                ].join('\n'),
          (value) => !value.intact,
        ),
      );
    });

  evidence
    .command('key')
    .description("this laptop's evidence signing key")
    .command('export')
    .description('print the public key (PEM) that colleagues give to "evidence verify --trusted-key", or write it to a file')
    .option('-o, --output <file>', 'write the public key to this file instead of printing it')
    .action(async (options: { output?: string }) => {
      await unlockIfAsked();
      const envelope = await callLong<{ fingerprint: string; publicKeyPem: string }>('evidence.publicKey', {});
      if (envelope.ok && options.output) {
        try {
          fs.writeFileSync(options.output, envelope.value.publicKeyPem, { flag: 'wx', mode: 0o644 });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          return finish(report(mode(), invalid(code === 'EEXIST' ? `${options.output} already exists: choose another name` : `cannot write ${options.output} (${code ?? (error as Error).message})`), () => ''));
        }
      }
      finish(report(mode(), envelope, (value) => (options.output ? `Wrote the public key (fingerprint ${value.fingerprint}) to ${options.output}` : `${value.publicKeyPem.trimEnd()}\n# fingerprint ${value.fingerprint}`)));
    });

  const formatItem = (item: EvidenceItem) =>
    [`${item.id}  ${item.archive}  (${item.files} files, ${megabytes(item.bytes)}${item.incidentId ? `, ${item.incidentId}` : ''})`, `  sha256 ${item.archiveSha256}`, ...item.custody.map((entry) => `  ${entry.at}  ${entry.actor.padEnd(12)} ${entry.words}`)].join('\n');

  evidence
    .command('list')
    .description('evidence collected with this console, with its chain of custody')
    .option('--incident <id>', 'only this incident\'s evidence')
    .action((options: { incident?: string }) => {
      finish(report(mode(), call<{ items: EvidenceItem[] }>('evidence.list', { incidentId: options.incident }), ({ items: list }) => (list.length ? list.map(formatItem).join('\n\n') : 'No evidence collected yet.')));
    });

  evidence
    .command('custody <evidenceId>')
    .description(`show the chain of custody, or append to it with --add (${custodyActions.join(', ')})`)
    .option('--add <action>', 'the custody action to record')
    .option('--to <name>', 'who received it (with --add handed-over)')
    .option('--note <text>', 'what happened')
    .action((evidenceId: string, options: { add?: string; to?: string; note?: string }) => {
      if (options.add === undefined) {
        const listed = call<{ items: EvidenceItem[] }>('evidence.list', {});
        if (!listed.ok) return finish(report(mode(), listed, () => ''));
        const item = listed.value.items.find((candidate) => candidate.id === evidenceId);
        if (!item) return finish(report(mode(), { ok: false, error: { code: 'not-found', message: `no evidence item ${evidenceId}` } }, () => ''));
        return finish(report(mode(), { ok: true, value: item }, formatItem));
      }
      // Named after the flags, which the responder typed; the contract checks the same again.
      if (!(custodyActions as readonly string[]).includes(options.add)) return finish(report(mode(), invalid(`--add must be one of ${custodyActions.join(', ')}`), () => ''));
      if (options.add === 'handed-over' && !options.to) return finish(report(mode(), invalid('--add handed-over needs --to NAME'), () => ''));
      const detail = [options.to ? `to ${options.to}` : '', options.note ?? ''].filter(Boolean).join(': ');
      finish(report(mode(), call<EvidenceItem>('evidence.addCustody', { evidenceId, action: options.add, detail }), formatItem));
    });

  evidence
    .command('contents <evidenceId>')
    .description('what a collected archive holds, from the register\'s copy of its manifest, 100 entries a page')
    .option('--page <n>', 'which page (1 for the first 100 entries)', '1')
    .action(async (evidenceId: string, options: { page: string }) => {
      const page = Number(options.page);
      if (!Number.isInteger(page) || page < 1) return finish(report(mode(), invalid('--page must be a whole number from 1'), () => ''));
      finish(
        report(mode(), await callLong<EvidenceContents>('evidence.contents', { evidenceId, page }), (value) => {
          const last = Math.max(1, Math.ceil(value.total / value.pageSize));
          return [
            `${value.evidenceId}: ${value.total} entries, page ${value.page} of ${last}`,
            ...value.entries.map((entry) => `  ${entry.type.padEnd(9)} ${entry.size === null ? ''.padStart(10) : String(entry.size).padStart(10)}  ${entry.archivePath}${entry.linkTarget ? ` -> ${entry.linkTarget}` : ''}${entry.problem ? `  ! ${entry.problem}` : ''}`),
            ...value.leftOut.map((root) => `  left out: ${root.path}: ${root.reason}`),
          ].join('\n');
        }),
      );
    });

  evidence
    .command('export <evidenceId> <folder>')
    .description('copy the archive, its manifest and checksum into a folder, check the copy\'s hash, and record the export in the chain of custody')
    .action(async (evidenceId: string, folder: string) => {
      const envelope = await callLong<EvidenceItem & { exportedTo: string }>('evidence.export', { evidenceId, destination: folder });
      finish(report(mode(), envelope, (value) => `Exported ${value.id} to ${value.exportedTo} (copy's sha256 matches)\n${formatItem(value)}`));
    });

  const quarantine = program.command('quarantine').description('move suspicious files out of harm\'s way, and back');
  const where = (file: QuarantinedFile) =>
    file.state === 'released' ? `released ${file.releasedAt}` : file.state === 'not-moved' ? 'not moved: interrupted before the file left; it is still at its path' : file.state === 'held' ? `since ${file.quarantinedAt}` : `${file.state} (interrupted)`;
  const formatQuarantined = (file: QuarantinedFile) => `${file.id}  ${file.originalPath}  sha256 ${file.sha256.slice(0, 16)}…  ${where(file)}`;
  quarantine
    .command('add <file>')
    .description('move the file into the data dir\'s quarantine and strip its permissions')
    .option('--incident <id>', 'record it on this incident\'s timeline')
    .action(async (file: string, options: { incident?: string }) => {
      finish(report(mode(), await callLong<QuarantinedFile>('quarantine.add', { file, incidentId: options.incident }), formatQuarantined));
    });
  quarantine
    .command('list')
    .option('--all', 'include released files')
    .action((options: { all?: boolean }) => {
      const envelope = call<{ files: QuarantinedFile[] }>('quarantine.list', { includeReleased: Boolean(options.all) });
      finish(report(mode(), envelope, ({ files: list }) => (list.length ? table(['ID', 'ORIGINAL PATH', 'SHA256', 'SINCE'], list.map((f) => [f.id, f.originalPath, f.sha256.slice(0, 16), f.state === 'held' ? f.quarantinedAt : f.state === 'released' ? `released ${f.releasedAt}` : f.state])) : 'Nothing in quarantine.')));
    });
  quarantine
    .command('release <id>')
    .description('put the file back where it was, with its permissions, after checking its hash')
    .action(async (id: string) => {
      finish(report(mode(), await callLong<QuarantinedFile>('quarantine.release', { id }), formatQuarantined));
    });
}
