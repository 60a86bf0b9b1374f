import path from 'node:path';
import type { Command } from 'commander';
import type { AdvisoryImportResult, AdvisoryStatus, DepsAuditResult, IntegrityReport, IntegritySnapshotResult, LockDiff, SbomDiff, SbomResult, WithCheck } from '../contract';
import { call, callLong } from './context';
import { report, type OutputMode } from './output';
import { formatAdvisoryImport, formatAdvisoryStatus, formatDepsAudit, formatIntegrityReport, formatLockDiff, formatSbomDiff } from './supplyFormat';
import { visibleText as shown } from './visibleText';

/** Paths as the responder typed them, made absolute here: the operations refuse relative ones (over HTTP they would mean the server's folder). */
const absolute = (file: string) => path.resolve(file);
const absoluteIfAny = (file: string | undefined) => (file === undefined ? undefined : path.resolve(file));
/** An output keeps a trailing `/`: the operation then says it names a folder, not a file to create. */
const outputPath = (file: string | undefined) => (file === undefined ? undefined : `${path.resolve(file)}${/[\\/]$/.test(file) ? '/' : ''}`);

const keepOption = (what: string) => `keep the ${what} on this incident (the Supply chain tab) and note it on its timeline`;

/** `scan deps` and `scan lockdiff` join the other scans; the rest are their own nouns. */
function registerScanSubcommands(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  const scan = program.commands.find((command) => command.name() === 'scan') ?? program.command('scan').description('offline scans');
  scan
    .command('deps <lockfile...>')
    .description('audit lockfiles (package-lock.json, yarn.lock, pnpm-lock.yaml, Cargo.lock, go.sum, requirements.txt, poetry.lock) against the offline OSV advisory database; exit 1 when an advisory affects a package')
    .option('--db <path>', 'read advisories from this OSV folder or all.zip directly, without importing them')
    .option('--incident <id>', keepOption('audit'))
    .action(async (lockfiles: string[], options: { db?: string; incident?: string }) => {
      const envelope = await callLong<DepsAuditResult & WithCheck>('scan.deps', { lockfiles: lockfiles.map(absolute), db: absoluteIfAny(options.db), incidentId: options.incident });
      finish(report(mode(), envelope, formatDepsAudit, (value) => value.findings.length > 0));
    });
  scan
    .command('lockdiff <baseline> <current>')
    .description('compare a lockfile with a known-good one: added, removed and changed packages, and what needs a look (a new resolved host, a new install script, a changed checksum, a look-alike name, a version gone down); exit 1 when something does')
    .option('--incident <id>', keepOption('comparison'))
    .action(async (baseline: string, current: string, options: { incident?: string }) => {
      const envelope = await callLong<LockDiff & WithCheck>('scan.lockdiff', { baseline: absolute(baseline), current: absolute(current), incidentId: options.incident });
      finish(report(mode(), envelope, formatLockDiff, (value) => value.suspicions.length > 0));
    });
}

export function registerSupplyCommands(program: Command, mode: () => OutputMode, finish: (code: number) => void): void {
  registerScanSubcommands(program, mode, finish);

  const advisories = program.command('advisories').description('the offline OSV advisory database that scan deps audits against');
  advisories
    .command('import <path>')
    .description('import OSV advisories from a folder of JSON files or an OSV all.zip (from https://osv.dev, carried offline); newer copies replace older ones')
    .action(async (source: string) => {
      const envelope = await callLong<AdvisoryImportResult>('advisories.import', { path: absolute(source) });
      finish(report(mode(), envelope, formatAdvisoryImport));
    });
  advisories
    .command('status')
    .description('how many advisories are held per ecosystem, and how fresh they are')
    .action(() => finish(report(mode(), call<AdvisoryStatus>('advisories.status', {}), formatAdvisoryStatus)));

  const sbom = program.command('sbom').description('CycloneDX 1.5 software bills of materials');
  sbom
    .command('generate <lockfile>')
    .description('a CycloneDX 1.5 JSON SBOM of a lockfile\'s packages (printed, or written with -o)')
    .option('-o, --output <file>', 'write the SBOM to this new file (never over an existing file, nor over the lockfile)')
    .action(async (lockfile: string, options: { output?: string }) => {
      const envelope = await callLong<SbomResult>('sbom.generate', { lockfile: absolute(lockfile), output: outputPath(options.output) });
      // Without -o the SBOM itself is the output, ready for `> sbom.json`.
      finish(report(mode(), envelope, (value) => (value.output ? `Wrote a CycloneDX 1.5 SBOM of ${value.components.toLocaleString('en-US')} component(s) to ${shown(value.output)}` : JSON.stringify(value.sbom, null, 2))));
    });
  sbom
    .command('diff <before> <after>')
    .description('compare two CycloneDX JSON SBOMs: added, removed and changed components, and hashes that differ for the same version; exit 1 when they differ')
    .option('--incident <id>', keepOption('comparison'))
    .action(async (before: string, after: string, options: { incident?: string }) => {
      const envelope = await callLong<SbomDiff & WithCheck>('sbom.diff', { before: absolute(before), after: absolute(after), incidentId: options.incident });
      finish(report(mode(), envelope, formatSbomDiff, (value) => value.changes.length + value.hashMismatches.length > 0));
    });

  const integrity = program.command('integrity').description('known-good baselines of a folder: the SHA-256 of every file');
  integrity
    .command('snapshot <dir>')
    .description('record the SHA-256 of every regular file under a folder as a known-good baseline (printed, or written with -o)')
    .option('-o, --output <file>', 'write the baseline to this new file, outside the folder (a baseline is never written over: remove the old one first to retake it)')
    .action(async (dir: string, options: { output?: string }) => {
      const envelope = await callLong<IntegritySnapshotResult>('integrity.snapshot', { dir: absolute(dir), output: outputPath(options.output) });
      finish(
        report(mode(), envelope, (value) => {
          if (!value.output) return JSON.stringify(value.baseline, null, 2);
          const skipped = value.skipped.map((skip) => `could not read ${shown(skip.path)}: ${shown(skip.reason)} (not in the baseline)`);
          return [`Wrote the baseline of ${value.baseline.files.length.toLocaleString('en-US')} file(s) under ${shown(value.baseline.root)} to ${shown(value.output)}`, ...skipped].join('\n');
        }),
      );
    });
  integrity
    .command('check <dir> <baseline>')
    .description('compare a folder with its baseline: changed, added and removed files with both hashes; exit 1 when any file differs')
    .option('--incident <id>', keepOption('check'))
    .action(async (dir: string, baseline: string, options: { incident?: string }) => {
      const envelope = await callLong<IntegrityReport & WithCheck>('integrity.check', { dir: absolute(dir), baseline: absolute(baseline), incidentId: options.incident });
      finish(report(mode(), envelope, formatIntegrityReport, (value) => value.changed.length + value.added.length + value.removed.length > 0));
    });
}
