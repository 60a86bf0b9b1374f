import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AppError, type EvidenceEntry, type EvidenceProgress, type EvidenceVerifyResult } from '../../contract';
import { collectTemporaries, type CollectResult } from '../../jobs/evidenceCollector';
import { readStreamWithoutBlocking, readWithoutBlocking, sha256File } from '../../jobs/fileHash';
import { runInWorker } from '../../jobs/runInWorker';
import { EntryCheck, MismatchList } from '../../jobs/evidenceCheck';
import { ManifestReader, type ReadManifest } from '../../jobs/manifestReader';
import { readTarEntries } from '../../jobs/tarReader';
import { currentActor, type ServiceContext } from '../context';
import { addCustody, findEvidenceByArchive, registerEvidence } from './evidenceRegister';
import { requireIncident } from '../incidents/incidentChange';
import { FileSigningKeyVault, signatureValidForDigest, signingKey, signManifestDigest } from './evidenceSigning';

export interface CollectRequest {
  roots: string[];
  output: string;
  incidentId: string | null;
  followSymlinks?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: EvidenceProgress) => void;
}

export async function collect(ctx: ServiceContext, request: CollectRequest): Promise<CollectResult & { evidenceId: string }> {
  if (request.roots.length === 0) throw new AppError('invalid-input', 'name at least one file or folder to collect');
  for (const root of request.roots) {
    try {
      fs.lstatSync(root);
    } catch (error) {
      throw new AppError('invalid-input', `cannot collect ${root}: ${(error as NodeJS.ErrnoException).code ?? 'not found'}`);
    }
  }
  if (request.incidentId) requireIncident(ctx, request.incidentId);
  const key = signingKey(new FileSigningKeyVault(ctx.dataDir));
  // Named here so that a stopped worker's leftovers can be removed: never the archive itself, which appears only when complete.
  const temporaries = collectTemporaries(request.output);
  // Walking, hashing and compressing run in a worker thread; the key stays here and signs on request.
  const result = await runInWorker(
    'evidence.collect',
    { roots: request.roots, output: request.output, incidentId: request.incidentId, followSymlinks: request.followSymlinks ?? false, temporaries, collector: currentActor(ctx), version: ctx.version },
    {
      signal: request.signal,
      onProgress: request.onProgress,
      answer: { sign: (digest) => signManifestDigest(key, digest) },
      cleanUp: () => [temporaries.archive, temporaries.entries].forEach((file) => fs.rmSync(file, { force: true })),
    },
  );
  // The register's first custody entry goes on the incident's timeline too.
  const item = registerEvidence(ctx, result.summary, result.output, result.manifestFile);
  return { ...result, evidenceId: item.id };
}


/** A manifest entry's archive path as raw bytes in a Latin-1 string (the key the archive side uses too). */
const entryKey = (entry: { archivePath: string; archivePathBytes?: string }) => (entry.archivePathBytes ? Buffer.from(entry.archivePathBytes, 'base64') : Buffer.from(entry.archivePath)).toString('latin1');
const manifestName = Buffer.from('manifest.json');

/** Verifies, and records the check in the chain of custody when the archive is in this console's register. */
export async function verifyRegistered(ctx: ServiceContext, archive: string): Promise<EvidenceVerifyResult> {
  const result = await verifyEvidence(archive);
  const evidenceId = findEvidenceByArchive(ctx, path.resolve(archive));
  const kinds = [...new Set(result.mismatches.map((m) => m.kind))];
  if (evidenceId) addCustody(ctx, evidenceId, 'verified', result.intact ? `intact: ${result.entriesChecked} files, signature valid` : `FAILED: ${result.mismatchCount} mismatch(es): ${kinds.join(', ')}`);
  return result;
}

type FileKind = 'file' | 'missing' | 'folder' | 'pipe' | 'device' | 'socket';

function fileKind(file: string): FileKind {
  const stats = fs.statSync(file, { throwIfNoEntry: false });
  if (!stats) return 'missing';
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'folder';
  if (stats.isFIFO()) return 'pipe';
  return stats.isSocket() ? 'socket' : 'device';
}

/** The archive's hash from the `.sha256` file beside it (`<hash>  <name>`): a few bytes, read as such. */
function readChecksumFile(file: string, mismatches: MismatchList): string | undefined {
  const kind = fileKind(file);
  if (kind === 'missing') return undefined;
  if (kind !== 'file') {
    mismatches.add('unreadable', `the checksum beside the archive (${file}) is a ${kind}, not a file`);
    return undefined;
  }
  const head = Buffer.alloc(256);
  const fd = fs.openSync(file, readWithoutBlocking);
  try {
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).toString('latin1').split(/\s+/)[0] || undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Streams the manifest beside the archive through a reader; null when it is missing or not a manifest. */
async function readBesideManifest(file: string, onEntry: (entry: EvidenceEntry) => void, mismatches: MismatchList): Promise<ReadManifest | null> {
  const reader = new ManifestReader(onEntry);
  try {
    const kind = fileKind(file);
    if (kind !== 'file') throw new Error(kind === 'missing' ? 'missing' : `${kind}, not a regular file`);
    for await (const chunk of readStreamWithoutBlocking(file)) reader.push(chunk as Buffer);
    return reader.end();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    const problem = code === 'ENOENT' || message === 'missing' ? 'missing' : code ? `unreadable (${code})` : message.endsWith('not a regular file') ? message : `not valid: ${message}`;
    mismatches.add('unreadable', `the manifest beside the archive (${file}) is ${problem}`);
    return null;
  }
}

/**
 * Re-hashes the archive and every entry against the manifest and checks the signature; names each
 * mismatch (the first hundred) and counts them all. Both manifests and the archive are streamed:
 * memory stays flat in the number of entries.
 */
export async function verifyEvidence(archive: string): Promise<EvidenceVerifyResult> {
  const archiveKind = fileKind(archive);
  if (archiveKind === 'missing') throw new AppError('not-found', `no archive at ${archive}`);
  // A folder, pipe or device (/dev/zero) would be read for ever or fail half-way: only files are archives.
  if (archiveKind !== 'file') throw new AppError('invalid-input', `${archive} is a ${archiveKind}, not an archive file`);
  const mismatches = new MismatchList();

  // The manifest beside the archive comes first: the archive's files are then checked as they pass.
  let check = new EntryCheck('manifest', mismatches);
  const fromManifest = (entry: EvidenceEntry) => {
    if (entry.sha256) check.manifestEntry(entryKey(entry), entry.sha256);
  };
  const beside = await readBesideManifest(`${archive}.manifest.json`, fromManifest, mismatches);
  // Without it, the archive's files are kept (compactly) until the manifest inside, its last entry, passes.
  if (!beside) check = new EntryCheck('archive', mismatches);

  const archiveSha256 = await sha256File(archive);
  const recorded = [beside?.head.archiveSha256, readChecksumFile(`${archive}.sha256`, mismatches)].filter(Boolean);
  for (const expected of new Set(recorded)) {
    if (expected !== archiveSha256) mismatches.add('archive-hash', 'the archive is not the one the manifest describes: its SHA-256 changed', null, expected!, archiveSha256);
  }

  const insideReader = new ManifestReader(beside ? undefined : fromManifest);
  let insideSeen = false;
  let insideError: Error | null = null;
  // pipeline() rejects with the abort it caused; keep the first real error to say what is wrong.
  let cause: Error | null = null;
  const gunzip = createGunzip();
  gunzip.once('error', (error) => (cause ??= error.name === 'AbortError' ? null : error));
  try {
    await pipeline(readStreamWithoutBlocking(archive), gunzip, async (stream) => {
      try {
        await readTarEntries(stream as never, {
          contentOf: (entryPath) => {
            if (!entryPath.equals(manifestName)) return null;
            insideSeen = true;
            return (chunk) => {
              if (insideError) return;
              try {
                insideReader.push(chunk);
              } catch (error) {
                insideError = error as Error;
              }
            };
          },
          entry: (entry) => {
            if (entry.type === 'file' && !entry.path.equals(manifestName)) check.archiveEntry(entry.path.toString('latin1'), entry.sha256);
          },
        });
      } catch (error) {
        cause ??= error as Error;
        throw error;
      }
    });
  } catch (error) {
    mismatches.add('unreadable', `the archive cannot be read to the end: ${(cause ?? (error as Error)).message}`);
  }
  let inside: ReadManifest | null = null;
  if (insideSeen) {
    try {
      if (insideError) throw insideError;
      inside = insideReader.end();
    } catch (error) {
      mismatches.add('unreadable', `the manifest inside the archive is not valid: ${(error as Error).message}`);
    }
  }
  if (beside && inside && beside.bodyDigest !== inside.bodyDigest) mismatches.add('manifest-differs', 'the manifest beside the archive differs from the one inside it');
  const manifest = beside ?? inside;
  if (!manifest) {
    mismatches.add('unreadable', 'no manifest found, beside or inside the archive');
    return { archive, intact: false, entriesChecked: 0, signatureValid: false, publicKeyFingerprint: null, mismatches: mismatches.listed, mismatchCount: mismatches.count };
  }
  const validSignature = signatureValidForDigest(manifest.head.signature, manifest.signedDigest);
  if (!validSignature) mismatches.add('signature', `the manifest's signature does not verify with key ${manifest.head.signature?.publicKeyFingerprint ?? '(none)'}: the manifest was changed after signing`);
  check.finish(!mismatches.has('unreadable'));
  return {
    archive,
    intact: mismatches.count === 0,
    entriesChecked: check.checked,
    signatureValid: validSignature,
    publicKeyFingerprint: manifest.head.signature?.publicKeyFingerprint ?? null,
    mismatches: mismatches.listed,
    mismatchCount: mismatches.count,
  };
}
