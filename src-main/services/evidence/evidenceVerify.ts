import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AppError, type EvidenceEntry, type EvidenceVerifyResult } from '../../contract';
import { EntryCheck, MismatchList, type EntryFacts } from '../../jobs/evidence/evidenceCheck';
import { hashingTap, readStreamWithoutBlocking, readWithoutBlocking, sha256File } from '../../jobs/fileHash';
import { ManifestReader, type ReadManifest } from '../../jobs/evidence/manifestReader';
import { readTarEntries, type ReadEntry } from '../../jobs/evidence/tarReader';
import { archiveSignatureValid, signatureValidForDigest } from './evidenceSigning';
import { describeSigner, type TrustedKey } from './evidenceTrust';

/** What this console recorded when it collected the archive: the record a forger cannot rewrite. */
export interface RegisteredRecord {
  evidenceId: string;
  archiveSha256: string;
  keyFingerprint: string;
  collectedAt: string;
  /** Where it was collected to. */
  archive: string;
  /** The copy of the manifest kept in the data dir at collection, when there is one. */
  manifestCopy: string | null;
}

export interface VerifyOptions {
  /** Keys whose signature is trusted (this laptop's, ones the responder gave); the registered key is added when found. */
  trusted: readonly TrustedKey[];
  /** The register's record of what was collected to this path (before the archive is read). */
  registeredAt?: () => RegisteredRecord | null;
  /** The register's record of these exact bytes, wherever they were collected to (a copy). */
  registeredAs?: (archiveSha256: string) => RegisteredRecord | null;
  /** Told which record the archive was checked against. */
  onRecord?: (record: RegisteredRecord) => void;
}

/** A manifest entry's archive path as raw bytes in a Latin-1 string (the key the archive side uses too). */
const entryKey = (entry: { archivePath: string; archivePathBytes?: string }) => (entry.archivePathBytes ? Buffer.from(entry.archivePathBytes, 'base64') : Buffer.from(entry.archivePath)).toString('latin1');
const manifestName = Buffer.from('manifest.json');

/** What the collector put in the archive for a manifest entry; null for what it only recorded (a fifo, an unreadable folder). */
function manifestFacts(entry: EvidenceEntry, linksArchived: boolean): EntryFacts | null {
  const archived = (entry.type === 'file' && entry.sha256) || (entry.type === 'directory' && !entry.problem && entry.mode) || (linksArchived && entry.type === 'symlink' && entry.linkTarget !== undefined && entry.mode);
  if (!archived) return null;
  return {
    type: entry.type,
    sha256: entry.type === 'file' ? entry.sha256 : null,
    mode: entry.mode ? parseInt(entry.mode, 8) : null,
    uid: entry.owner?.uid ?? null,
    gid: entry.owner?.gid ?? null,
    mtimeMs: entry.mtime ? Date.parse(entry.mtime) : null,
    size: entry.type === 'file' ? entry.size : null,
    linkTarget: entry.type === 'symlink' ? (entry.linkTarget ?? null) : null,
    ownerNames: null,
  };
}

const archiveFacts = (entry: ReadEntry): EntryFacts => ({
  type: entry.type,
  sha256: entry.type === 'file' ? entry.sha256 : null,
  mode: entry.mode,
  uid: entry.uid,
  gid: entry.gid,
  mtimeMs: entry.mtimeMs,
  size: entry.type === 'file' ? entry.size : null,
  linkTarget: entry.type === 'symlink' ? entry.linkTarget.toString('utf8') : null,
  ownerNames: entry.ownerNames || null,
});

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
    const hash = head.subarray(0, read).toString('latin1').trimStart().split(/\s+/)[0] ?? '';
    if (/^[0-9a-f]{64}$/i.test(hash)) return hash.toLowerCase();
    mismatches.add('unreadable', `the checksum beside the archive (${file}) does not start with a SHA-256 (64 hex digits)`);
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Streams a manifest file through a reader; null (and a named mismatch) when it is missing or not a manifest. */
async function readManifestFile(file: string, what: string, onEntry: ((entry: EvidenceEntry, head: { formatVersion?: number }) => void) | undefined, mismatches: MismatchList): Promise<ReadManifest | null> {
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
    mismatches.add('unreadable', `${what} (${file}) is ${problem}`);
    return null;
  }
}

/**
 * Streams the archive once: its own SHA-256 over the bytes as read, each entry checked as it passes,
 * the manifest inside read on the way. One read, so the hash is of the very bytes checked: a file
 * swapped between two reads cannot pass.
 */
async function readArchive(archive: string, check: EntryCheck, insideReader: ManifestReader, mismatches: MismatchList): Promise<{ inside: ReadManifest | null; sha256: string }> {
  const hash = createHash('sha256');
  let insideSeen = false;
  let insideError: Error | null = null;
  // pipeline() rejects with the abort it caused; keep the first real error to say what is wrong.
  let cause: Error | null = null;
  const gunzip = createGunzip();
  gunzip.once('error', (error) => (cause ??= error.name === 'AbortError' ? null : error));
  try {
    await pipeline(readStreamWithoutBlocking(archive), hashingTap(hash), gunzip, async (stream) => {
      try {
        await readTarEntries(stream as never, {
          contentOf: (entryPath) => {
            if (!entryPath.equals(manifestName)) return null;
            // One manifest, as a plain file: a second one, or another type under its name, would hide an entry from the check.
            if (insideSeen) throw new Error('the archive holds manifest.json twice');
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
            if (!entry.path.equals(manifestName)) check.archiveEntry(entry.path.toString('latin1'), archiveFacts(entry));
            else if (entry.type !== 'file') throw new Error(`the archive's manifest.json is a ${entry.type}, not a file`);
          },
        });
      } catch (error) {
        cause ??= error as Error;
        throw error;
      }
    });
  } catch (error) {
    mismatches.add('unreadable', `the archive cannot be read to the end: ${(cause ?? (error as Error)).message}`);
    // The check has failed already; the hash of the whole file still says whether it is the one recorded.
    return { inside: null, sha256: await sha256File(archive) };
  }
  const sha256 = hash.digest('hex');
  if (!insideSeen) return { inside: null, sha256 };
  try {
    if (insideError) throw insideError;
    return { inside: insideReader.end(), sha256 };
  } catch (error) {
    mismatches.add('unreadable', `the manifest inside the archive is not valid: ${(error as Error).message}`);
    return { inside: null, sha256 };
  }
}

const short = (fingerprint: string) => `${fingerprint.slice(0, 16)}…`;

/**
 * Re-hashes the archive and every entry, compares each entry's header fields, and checks both
 * signatures and who made them. The reference is the register's copy of the manifest when this
 * console collected the archive, else the manifest beside it, else the one inside. Every mismatch is
 * counted, the first hundred named. Manifests and archive are streamed: memory stays flat.
 */
export async function verifyEvidence(archive: string, options: VerifyOptions): Promise<EvidenceVerifyResult> {
  const archiveKind = fileKind(archive);
  if (archiveKind === 'missing') throw new AppError('not-found', `no archive at ${archive}`);
  // A folder, pipe or device (/dev/zero) would be read for ever or fail half-way: only files are archives.
  if (archiveKind !== 'file') throw new AppError('invalid-input', `${archive} is a ${archiveKind}, not an archive file`);
  const mismatches = new MismatchList();
  // What was collected to this path is known before the archive is read; which bytes these are, only after.
  const recordHere = options.registeredAt?.() ?? null;
  const hereName = recordHere ? `the record of ${recordHere.evidenceId}` : '';

  // The reference manifest is read first: the archive's entries are then checked as they pass.
  let check: EntryCheck | null = null;
  // Format 1 (before links were archived and the archive's hash signed) is still read as it was written.
  const feed = (entry: EvidenceEntry, head: { formatVersion?: number }) => {
    const facts = manifestFacts(entry, (head.formatVersion ?? 2) >= 2);
    if (facts) check!.manifestEntry(entryKey(entry), facts);
  };
  let reference: ReadManifest | null = null;
  if (recordHere?.manifestCopy) {
    check = new EntryCheck('manifest', mismatches, hereName);
    reference = await readManifestFile(recordHere.manifestCopy, `the copy of ${recordHere.evidenceId}'s manifest kept in the data folder`, feed, mismatches);
  }
  if (!reference) check = new EntryCheck('manifest', mismatches);
  const beside = await readManifestFile(`${archive}.manifest.json`, 'the manifest beside the archive', reference ? undefined : feed, mismatches);
  // Without either, the archive's entries are kept (compactly) until the manifest inside, its last entry, passes.
  if (!reference && !beside) check = new EntryCheck('archive', mismatches);
  if (reference && beside && beside.bodyDigest !== reference.bodyDigest) mismatches.add('manifest-differs', `the manifest beside the archive differs from ${hereName}, kept since its collection`);
  reference ??= beside;

  const { inside, sha256: archiveSha256 } = await readArchive(archive, check!, new ManifestReader(reference ? undefined : feed), mismatches);
  if (beside && inside && beside.bodyDigest !== inside.bodyDigest) mismatches.add('manifest-differs', 'the manifest beside the archive differs from the one inside it');
  const recorded = [beside?.head.archiveSha256, readChecksumFile(`${archive}.sha256`, mismatches)].filter(Boolean);
  for (const expected of new Set(recorded)) {
    if (expected !== archiveSha256) mismatches.add('archive-hash', 'the archive is not the one the manifest describes: its SHA-256 changed', null, expected!, archiveSha256);
  }

  const recordOfBytes = options.registeredAs?.(archiveSha256) ?? null;
  if (recordHere && recordHere.archiveSha256 !== archiveSha256) {
    const whose = recordOfBytes ? `: it is the archive collected as ${recordOfBytes.evidenceId} to ${recordOfBytes.archive}` : '';
    mismatches.add('registered-record', `the archive is not the one collected as ${recordHere.evidenceId} on ${recordHere.collectedAt}: its SHA-256 differs from the register's${whose}`, null, recordHere.archiveSha256, archiveSha256);
  }
  // A copy elsewhere of an archive this console collected: its manifest must be the one kept since.
  const registered = recordHere ?? recordOfBytes;
  if (!recordHere && recordOfBytes?.manifestCopy && beside) {
    const kept = await readManifestFile(recordOfBytes.manifestCopy, `the copy of ${recordOfBytes.evidenceId}'s manifest kept in the data folder`, undefined, mismatches);
    if (kept && kept.bodyDigest !== beside.bodyDigest) mismatches.add('manifest-differs', `the manifest beside the archive differs from the record of ${recordOfBytes.evidenceId}, kept since its collection`);
  }
  if (registered) options.onRecord?.(registered);

  const trusted = [...(registered?.keyFingerprint ? [{ fingerprint: registered.keyFingerprint, trust: 'registered' as const, label: `the key registered with ${registered.evidenceId}` }] : []), ...options.trusted];
  // The signer is whoever signed the manifest that came with the archive; the register's copy only names differences.
  const presented = beside ?? inside;
  if (!presented) {
    mismatches.add('unreadable', 'no manifest found, beside or inside the archive');
    check!.finish(false);
    return { archive, intact: false, archiveSha256, entriesChecked: 0, signatureValid: false, publicKeyFingerprint: null, signer: describeSigner(null, false, trusted), registeredAs: registered?.evidenceId ?? null, collection: null, mismatches: mismatches.listed, mismatchCount: mismatches.count };
  }

  const signature = presented.head.signature;
  const fingerprint = signature?.publicKeyFingerprint ?? null;
  const validSignature = signatureValidForDigest(signature, presented.signedDigest);
  if (!validSignature) mismatches.add('signature', `the manifest's signature does not verify with key ${fingerprint ?? '(none)'}: the manifest was changed after signing`);
  // Only the copy beside the archive can sign the archive's own bytes (the archive cannot hold its own hash).
  const signsArchive = (presented.head.formatVersion ?? 2) >= 2;
  if (presented === beside && validSignature && (signsArchive || presented.head.archiveSignature) && !archiveSignatureValid(signature, archiveSha256, presented.signedDigest, presented.head.archiveSignature)) {
    mismatches.add(
      'signature',
      presented.head.archiveSignature
        ? "the archive's SHA-256 is not the one its manifest's key signed: the archive was rebuilt, or its manifest copied from another"
        : "the manifest carries no signature of the archive's SHA-256, so the archive's own bytes are not covered",
    );
  }
  const signer = describeSigner(fingerprint, validSignature, trusted);
  if (validSignature && !signer.trusted) {
    mismatches.add('untrusted-signer', `signed, but not by a key you trust: key ${fingerprint} is not this laptop's evidence key${registered ? `, not the key registered with ${registered.evidenceId}` : ''}, and not one given with --trusted-key`, null, null, fingerprint);
  }
  if (registered?.keyFingerprint && fingerprint !== registered.keyFingerprint) {
    mismatches.add('registered-record', `signed by key ${short(fingerprint ?? '(none)')}, but ${registered.evidenceId} was signed by key ${short(registered.keyFingerprint)} when it was collected`, null, registered.keyFingerprint, fingerprint);
  }
  check!.finish(!mismatches.has('unreadable'));
  return {
    archive,
    intact: mismatches.count === 0,
    archiveSha256,
    entriesChecked: check!.checked,
    signatureValid: validSignature,
    publicKeyFingerprint: fingerprint,
    signer,
    registeredAs: registered?.evidenceId ?? null,
    collection: { collector: presented.head.collector, host: presented.head.host, roots: presented.head.roots, incidentId: presented.head.incidentId, finishedAt: presented.head.finishedAt, ...(presented.head.drill === true ? { drill: true as const } : {}) },
    mismatches: mismatches.listed,
    mismatchCount: mismatches.count,
  };
}
