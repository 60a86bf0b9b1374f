import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AppError, type EvidenceManifest, type EvidenceProgress, type EvidenceVerifyResult, type VerifyMismatch } from '../contract';
import { canonicalJson } from '../domain/eventChain';
import type { CollectResult } from '../jobs/evidenceCollector';
import { sha256File } from '../jobs/fileHash';
import { runInWorker } from '../jobs/runInWorker';
import { readTarEntries, type ReadEntry } from '../jobs/tarReader';
import { currentActor, type ServiceContext } from './context';
import { addCustody, findEvidenceByArchive, registerEvidence } from './evidenceRegister';
import { requireIncident } from './incidentChange';
import { FileSigningKeyVault, signatureValid, signingKey, signManifestDigest } from './evidenceSigning';

export interface CollectRequest {
  roots: string[];
  output: string;
  incidentId: string | null;
  followSymlinks?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: EvidenceProgress) => void;
}

/** What an interrupted collection can leave: never the archive itself, which appears only when complete. */
const partialFiles = (output: string) => [`${path.resolve(output)}.partial`, `${path.resolve(output)}.entries.partial`];

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
  // Walking, hashing and compressing run in a worker thread; the key stays here and signs on request.
  const result = await runInWorker(
    'evidence.collect',
    { roots: request.roots, output: request.output, incidentId: request.incidentId, followSymlinks: request.followSymlinks ?? false, collector: currentActor(ctx), version: ctx.version },
    {
      signal: request.signal,
      onProgress: request.onProgress,
      answer: { sign: (digest) => signManifestDigest(key, digest) },
      cleanUp: () => partialFiles(request.output).forEach((file) => fs.rmSync(file, { force: true })),
    },
  );
  // The register's first custody entry goes on the incident's timeline too.
  const item = registerEvidence(ctx, result.summary, result.output, result.manifestFile);
  return { ...result, evidenceId: item.id };
}


const entryKey = (entry: { archivePath: string; archivePathBytes?: string }) => (entry.archivePathBytes ? Buffer.from(entry.archivePathBytes, 'base64') : Buffer.from(entry.archivePath)).toString('base64');

/** Verifies, and records the check in the chain of custody when the archive is in this console's register. */
export async function verifyRegistered(ctx: ServiceContext, archive: string): Promise<EvidenceVerifyResult> {
  const result = await verifyEvidence(archive);
  const evidenceId = findEvidenceByArchive(ctx, path.resolve(archive));
  if (evidenceId) addCustody(ctx, evidenceId, 'verified', result.intact ? `intact: ${result.entriesChecked} files, signature valid` : `FAILED: ${result.mismatches.length} mismatch(es): ${result.mismatches.map((m) => m.kind).join(', ')}`);
  return result;
}

/** Re-hashes the archive and every entry against the manifest and checks the signature; names each mismatch. */
export async function verifyEvidence(archive: string): Promise<EvidenceVerifyResult> {
  if (!fs.existsSync(archive)) throw new AppError('not-found', `no archive at ${archive}`);
  const mismatches: VerifyMismatch[] = [];
  const add = (kind: VerifyMismatch['kind'], message: string, entry: string | null = null, expected: string | null = null, actual: string | null = null) => mismatches.push({ kind, entry, expected, actual, message });

  let beside: EvidenceManifest | null = null;
  try {
    beside = JSON.parse(fs.readFileSync(`${archive}.manifest.json`, 'utf8')) as EvidenceManifest;
  } catch (error) {
    add('unreadable', `the manifest beside the archive (${archive}.manifest.json) is ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not valid JSON'}`);
  }

  const archiveSha256 = await sha256File(archive);
  const recorded = [beside?.archiveSha256, fs.existsSync(`${archive}.sha256`) ? fs.readFileSync(`${archive}.sha256`, 'utf8').split(/\s+/)[0] : undefined].filter(Boolean);
  for (const expected of new Set(recorded)) {
    if (expected !== archiveSha256) add('archive-hash', 'the archive is not the one the manifest describes: its SHA-256 changed', null, expected!, archiveSha256);
  }

  let entries: ReadEntry[] = [];
  // pipeline() rejects with the abort it caused; keep the first real error to say what is wrong.
  let cause: Error | null = null;
  const gunzip = createGunzip();
  gunzip.once('error', (error) => (cause ??= error.name === 'AbortError' ? null : error));
  try {
    await pipeline(fs.createReadStream(archive), gunzip, async (stream) => {
      try {
        entries = await readTarEntries(stream as never, (entryPath) => entryPath.equals(Buffer.from('manifest.json')));
      } catch (error) {
        cause ??= error as Error;
        throw error;
      }
    });
  } catch (error) {
    add('unreadable', `the archive cannot be read to the end: ${(cause ?? (error as Error)).message}`);
  }
  const insideEntry = entries.find((entry) => entry.path.equals(Buffer.from('manifest.json')));
  let inside: EvidenceManifest | null = null;
  if (insideEntry?.content) {
    try {
      inside = JSON.parse(insideEntry.content.toString('utf8')) as EvidenceManifest;
    } catch {
      add('unreadable', 'the manifest inside the archive is not valid JSON');
    }
  }
  if (beside && inside) {
    const { archiveSha256: _hash, ...besideBody } = beside;
    if (canonicalJson(besideBody) !== canonicalJson(inside)) add('manifest-differs', 'the manifest beside the archive differs from the one inside it');
  }
  const manifest = beside ?? inside;
  if (!manifest) {
    add('unreadable', 'no manifest found, beside or inside the archive');
    return { archive, intact: false, entriesChecked: 0, signatureValid: false, publicKeyFingerprint: null, mismatches };
  }
  const validSignature = signatureValid(manifest);
  if (!validSignature) add('signature', `the manifest's signature does not verify with key ${manifest.signature?.publicKeyFingerprint ?? '(none)'}: the manifest was changed after signing`);

  const expected = new Map(manifest.entries.filter((entry) => entry.sha256).map((entry) => [entryKey(entry), entry]));
  let checked = 0;
  for (const entry of entries) {
    if (entry.type !== 'file' || entry === insideEntry) continue;
    const key = entry.path.toString('base64');
    const described = expected.get(key);
    const name = described?.archivePath ?? entry.path.toString('utf8');
    if (!described) {
      add('entry-unexpected', `${name} is in the archive but not in the manifest`, name, null, entry.sha256);
      continue;
    }
    checked += 1;
    expected.delete(key);
    if (described.sha256 !== entry.sha256) add('entry-hash', `${name} changed: its SHA-256 differs from the manifest`, name, described.sha256, entry.sha256);
  }
  if (mismatches.every((mismatch) => mismatch.kind !== 'unreadable')) {
    for (const missing of expected.values()) add('entry-missing', `${missing.archivePath} is in the manifest but not in the archive`, missing.archivePath, missing.sha256, null);
  }
  return { archive, intact: mismatches.length === 0, entriesChecked: checked, signatureValid: validSignature, publicKeyFingerprint: manifest.signature?.publicKeyFingerprint ?? null, mismatches };
}
