import fs from 'node:fs';
import path from 'node:path';
import { AppError, namespacePlaceholder, pathsPlaceholder, type LiveCollectedEvidence, type LiveCollectorDefinition, type LiveManifestSection, type ParsedInput } from '../../contract';
import { orderOfVolatility, runCollectors, type PlannedRun } from '../../jobs/evidence/liveRunner';
import type { ServiceContext } from '../context';
import { requireIncident } from '../incidents/incidentChange';
import type { JobHandle } from '../jobRegistry';
import { redactNamedSecrets } from '../../domain/redaction/namedSecrets';
import { storageRedactor } from '../redaction/redaction';
import { collect } from './evidence';
import { consoleKey, consoleKeys } from '../vault/vaultKeys';
import { collectedEvidence, describeProgress } from './evidenceOperations';
import { findProgram, isRoot, loadLiveProfiles, type LoadedProfile } from './liveProfiles';

export interface LivePlanChoices {
  paths?: readonly string[];
  namespaces?: readonly string[];
  platform?: NodeJS.Platform;
  root?: boolean;
}

/**
 * The runs of a profile on this machine, in order of volatility: its collectors for this platform,
 * `{paths}` expanded into one argument per path and `{namespace}` into one run per namespace. A run
 * that cannot start here (no program, no root) is planned as skipped, so the record names it.
 */
export function planProfile(profile: LoadedProfile, choices: LivePlanChoices = {}): PlannedRun[] {
  const platform = choices.platform ?? process.platform;
  const root = choices.root ?? isRoot();
  // Each once: a namespace or path given twice would name the same output twice.
  const namespaces = choices.namespaces?.length ? [...new Set(choices.namespaces)] : ['default'];
  const chosenPaths = choices.paths?.length ? [...new Set(choices.paths)] : null;
  const plans: PlannedRun[] = [];
  for (const collector of profile.collectors.filter((each) => each.platforms.includes(platform as never))) {
    const paths = chosenPaths ?? collector.defaultPaths ?? [process.cwd()];
    const expand = (namespace: string | null) => collector.argv.flatMap((item) => (item === pathsPlaceholder ? paths : item === namespacePlaceholder ? [namespace!] : [item]));
    const perNamespace = collector.argv.includes(namespacePlaceholder);
    for (const namespace of perNamespace ? namespaces : [null]) {
      plans.push({
        id: namespace === null ? collector.id : `${collector.id}:${namespace}`,
        argv: expand(namespace),
        timeoutMs: collector.timeoutMs,
        volatile: collector.volatile,
        output: namespace === null ? collector.output : collector.output.replace(namespacePlaceholder, namespace),
        redact: collector.redact,
        ...skipReason(collector, root),
      });
    }
  }
  return orderOfVolatility(plans);
}

function skipReason(collector: LiveCollectorDefinition, root: boolean): Pick<PlannedRun, 'skip'> {
  if (!findProgram(collector.argv[0]!)) return { skip: { problem: 'missing-program', text: `${collector.argv[0]} is not on this machine's PATH` } };
  // Run without root it would only say "permission denied": recorded instead, so the gap is plain.
  if (collector.needsRoot && !root) return { skip: { problem: 'needs-root', text: 'needs root: not run (the console does not run as root)' } };
  return {};
}

export function findProfile(ctx: ServiceContext, id: string): LoadedProfile {
  const { profiles, problems } = loadLiveProfiles(ctx);
  const found = profiles.find((profile) => profile.id === id);
  if (found) return found;
  const broken = problems.find((problem) => path.basename(problem.file).replace(/\.ya?ml$/i, '') === id);
  if (broken) throw new AppError('invalid-input', `the live response profile "${id}" cannot be used: ${broken.file}${broken.line === null ? '' : `:${broken.line}`}: ${broken.path ? `${broken.path}: ` : ''}${broken.message}`);
  throw new AppError('not-found', `no live response profile "${id}": expected one of ${profiles.map((profile) => profile.id).join(', ')}`);
}

/** Runs a profile's collectors into a spool folder, then archives that folder as `evidence.collect` does, with the runs in the manifest. */
export async function liveCollect(ctx: ServiceContext, input: ParsedInput<'evidence.liveCollect'>, job: JobHandle): Promise<LiveCollectedEvidence> {
  const profile = findProfile(ctx, input.profile);
  if (input.incidentId) requireIncident(ctx, input.incidentId);
  const output = path.resolve(input.output);
  // Checked before any command runs: evidence is never overwritten, and the state must not be captured for nothing.
  // lstat: a symlink counts even when it points nowhere (the archive would be written through it).
  const taken = [output, `${output}.manifest.json`, `${output}.sha256`].find((file) => fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined);
  if (taken) throw new AppError('conflict', `${taken} already exists: choose another name (evidence is never overwritten)`);
  // A locked vault would stop the archive after the commands ran: asked first, so nothing is captured for nothing.
  await consoleKey(ctx, consoleKeys.evidence);
  const root = isRoot();
  const plans = planProfile(profile, { paths: input.paths, namespaces: input.namespaces, root });
  if (plans.length === 0) throw new AppError('invalid-input', `the live response profile "${profile.id}" has no collector for this platform (${process.platform})`);

  // Spooled beside the archive (0700, removed whatever happens): the outputs may be large, and never leave the chosen disk.
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const base = fs.mkdtempSync(path.join(path.dirname(output), '.firebreak-live-'));
  const folder = `live-${profile.id}`;
  const spool = path.join(base, folder);
  fs.mkdirSync(spool, { mode: 0o700 });
  try {
    const redactor = storageRedactor(ctx);
    const runs = await runCollectors(plans, {
      dir: spool,
      signal: job.signal,
      // The secret rules first (they name what they found), then values whose name says secret.
      redact: (text) => {
        const result = redactor(text);
        const named = redactNamedSecrets(result.text);
        return { text: named.text, count: result.redactions.length + named.names.length };
      },
      onStep: (finished, total, running) => job.progress(finished, total, `${finished} of ${total} commands done${running.length ? ` · running ${running.join(', ')}` : ''}`),
    });
    if (job.signal.aborted) throw new AppError('cancelled', 'live response cancelled: the running commands were stopped and no archive was left behind');
    const live: LiveManifestSection = {
      profile: profile.id,
      platform: process.platform,
      root,
      // The chosen ones; none means each collector's default (every run's argv shows exactly what ran).
      paths: input.paths ? [...input.paths] : [],
      namespaces: input.namespaces?.length ? [...input.namespaces] : plans.some((plan) => plan.id.includes(':')) ? ['default'] : [],
      collectors: runs.map((run) => ({ ...run, archivePath: run.archivePath && `${folder}/${run.archivePath}`, ...(run.stderrPath ? { stderrPath: `${folder}/${run.stderrPath}` } : {}) })),
    };
    job.progress(0, null, 'Archiving the outputs…');
    const result = await collect(ctx, {
      roots: [spool],
      output,
      incidentId: input.incidentId ?? null,
      live,
      signal: job.signal,
      onProgress: (progress) => job.progress(progress.bytes, progress.totalBytes, `Archiving: ${describeProgress(progress)}`),
    });
    return {
      ...collectedEvidence(result, job.jobId),
      profile: profile.id,
      collectors: live.collectors,
    };
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
