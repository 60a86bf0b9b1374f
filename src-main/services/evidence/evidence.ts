import fs from 'node:fs';
import path from 'node:path';
import { AppError, type EvidenceProgress, type EvidenceVerifyResult, type LeftOutRoot, type LiveManifestSection } from '../../contract';
import { preflight } from '../../jobs/evidence/evidencePreflight';
import { collectTemporaries, type CollectResult } from '../../jobs/evidence/evidenceCollector';
import { runInWorker } from '../../jobs/runInWorker';
import { currentActor, type ServiceContext } from '../context';
import { addCustody, findRegisteredAs, findRegisteredAt, registerEvidence } from './evidenceRegister';
import { requireIncident } from '../incidents/incidentChange';
import { signArchiveDigest, signManifestDigest } from './evidenceSigning';
import { consoleKey, consoleKeys } from '../vault/vaultKeys';
import { givenKey, thisLaptopKey } from './evidenceTrust';
import { verifyEvidence, type RegisteredRecord } from './evidenceVerify';

export interface CollectRequest {
  roots: string[];
  output: string;
  incidentId: string | null;
  followSymlinks?: boolean;
  /** Collect what can be read and name the rest in the manifest's `leftOut`; otherwise an unavailable root stops collection first. */
  skipUnavailable?: boolean;
  /** A live response: the roots are its spool folder, and this goes into the manifest. */
  live?: LiveManifestSection;
  signal?: AbortSignal;
  onProgress?: (progress: EvidenceProgress) => void;
}

export async function collect(ctx: ServiceContext, request: CollectRequest): Promise<CollectResult & { evidenceId: string }> {
  if (request.roots.length === 0) throw new AppError('invalid-input', 'name at least one file or folder to collect');
  // Every root is checked before any work: a missing one is named in words, never as a raw ENOENT.
  const checked = preflight(request.roots, undefined, request.followSymlinks ?? false);
  if (checked.unavailable.length && !request.skipUnavailable) throw unavailableError(checked.unavailable, request.roots.length);
  if (checked.unavailable.length === request.roots.length) throw new AppError('not-found', `none of the paths can be collected: ${listed(checked.unavailable)}. Nothing was collected.`);
  const roots = checked.roots.filter((root) => root.ready).map((root) => root.path);
  const drill = request.incidentId ? requireIncident(ctx, request.incidentId).kind === 'drill' : false;
  const key = await consoleKey(ctx, consoleKeys.evidence);
  // Named here so that a stopped worker's leftovers can be removed: never the archive itself, which appears only when complete.
  const temporaries = collectTemporaries(request.output);
  // Walking, hashing and compressing run in a worker thread; the key stays here and signs on request.
  const result = await runInWorker(
    'evidence.collect',
    {
      roots,
      leftOut: checked.unavailable,
      skipUnavailable: request.skipUnavailable ?? false,
      output: request.output,
      incidentId: request.incidentId,
      followSymlinks: request.followSymlinks ?? false,
      ...(request.live ? { live: request.live } : {}),
      ...(drill ? { drill } : {}),
      temporaries,
      collector: currentActor(ctx),
      version: ctx.version,
    },
    {
      signal: request.signal,
      onProgress: request.onProgress,
      answer: { sign: (digest) => signManifestDigest(key, digest), signArchive: ({ archiveSha256, manifestDigest }) => signArchiveDigest(key, archiveSha256, manifestDigest) },
      cleanUp: () => [temporaries.archive, temporaries.entries].forEach((file) => fs.rmSync(file, { force: true })),
    },
  );
  // The register's first custody entry goes on the incident's timeline too; a copy of the manifest is
  // kept with the register, so that verify can name what a forger changed even if they rewrote both.
  // Registered under its real path: verify finds the record however the folder is reached (a symlink, a real path).
  const item = registerEvidence(ctx, result.summary, realPath(result.output), result.manifestFile);
  return { ...result, evidenceId: item.id };
}

const listed = (roots: readonly LeftOutRoot[]) => roots.map((root) => `${root.path} (${root.reason})`).join(', ');

/** Names every root that cannot be collected, and the two ways on: fix the path, or go on without it. */
function unavailableError(unavailable: readonly LeftOutRoot[], of: number): AppError {
  const which = unavailable.length === 1 ? `cannot collect ${listed(unavailable)}` : `${unavailable.length} of ${of} paths cannot be collected: ${listed(unavailable)}`;
  const missingOnly = unavailable.every((root) => root.reason === 'no such file or folder');
  return new AppError(missingOnly ? 'not-found' : 'forbidden', `${which}. Nothing was collected: correct the path, or collect without it (the console asks; the CLI takes --skip-missing).`);
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** Verifies, and records the check in the chain of custody when the archive is in this console's register. */
export async function verifyRegistered(ctx: ServiceContext, archive: string, trustedKeys: readonly string[] = []): Promise<EvidenceVerifyResult> {
  const resolved = path.resolve(archive);
  const trusted = [...trustedKeys.map(givenKey), ...[thisLaptopKey(ctx)].filter((key) => key !== null)];
  let record: RegisteredRecord | null = null;
  const result = await verifyEvidence(resolved, {
    trusted,
    registeredAt: () => findRegisteredAt(ctx, resolved),
    registeredAs: (archiveSha256) => findRegisteredAs(ctx, archiveSha256),
    onRecord: (chosen) => (record = chosen),
  });
  if (record) {
    const { evidenceId, archive: collectedTo } = record as RegisteredRecord;
    const kinds = [...new Set(result.mismatches.map((m) => m.kind))];
    const copy = collectedTo === resolved || collectedTo === realPath(resolved) ? '' : `, the copy at ${resolved}`;
    // The hash checked goes on record: a file swapped after the check is then told apart.
    addCustody(ctx, evidenceId, 'verified', `${result.intact ? `intact: ${result.entriesChecked} files, signed by ${result.signer.description}` : `FAILED: ${result.mismatchCount} mismatch(es): ${kinds.join(', ')}`}; sha256 ${result.archiveSha256}${copy}`);
  }
  return result;
}
