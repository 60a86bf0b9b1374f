import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EvidenceEntry, EvidenceProgress, EvidenceSignature, LeftOutRoot, LiveManifestSection } from '../../contract';
import { AppError } from '../../contract/envelope';
import { endOfArchive, entryHeaders, padding } from '../../domain/evidence/tarFormat';
import { createAtomicWriteStream, temporaryName, writeError, writeFileAtomic, type AtomicWriteStream } from '../atomicFile';
import { walkItems, type WalkItem } from './evidenceWalk';
import { ManifestWriter, type ManifestHead } from './manifestWriter';
import { hashingTap } from '../fileHash';
import { checkRoot } from './evidencePreflight';
import { parallelGzip } from './parallelGzip';

export interface CollectOptions {
  roots: string[];
  output: string;
  incidentId: string | null;
  /** Follow symlinks that stay inside the roots (loops detected); otherwise they are recorded only. */
  followSymlinks?: boolean;
  /** Roots checked before the job and left out by the responder's choice: named in the manifest. */
  leftOut?: LeftOutRoot[];
  /** A live response collection (the roots are then its spool folder): what each collector ran, signed with the manifest. */
  live?: LiveManifestSection;
  /** Collected for a drill incident: the manifest says so. */
  drill?: boolean;
  /** A root that vanished since that check is left out too (else collection stops before writing). */
  skipUnavailable?: boolean;
  collector: string;
  version: string;
  clock: () => Date;
  /** Signs the SHA-256 of the finished manifest's canonical JSON; the signature goes into both copies. */
  sign: (manifestDigest: string) => Promise<EvidenceSignature | undefined>;
  /** Signs the finished archive's SHA-256 with the manifest's digest, by the same key: the copy beside the archive carries it. */
  signArchive: (archiveSha256: string, manifestDigest: string) => Promise<string | undefined>;
  /** Where the archive and the manifest entries are written until published; random names beside the output by default. */
  temporaries?: CollectTemporaries;
  signal?: AbortSignal;
  onProgress?: (progress: EvidenceProgress) => void;
}

export interface CollectTemporaries {
  archive: string;
  entries: string;
}

/**
 * Fresh random names in the output's folder. Fixed names (`X.partial`) let one killed collection
 * block that output for good; a caller that must clean up after a stopped worker picks these first.
 */
export function collectTemporaries(output: string): CollectTemporaries {
  const resolved = path.resolve(output);
  return { archive: temporaryName(resolved), entries: temporaryName(`${resolved}.entries`) };
}

/** How many entries with a problem the result lists; the manifest has them all, and totals.problems counts them. */
export const listedProblems = 100;

/** The manifest without its entries (those stay on disk), plus the first entries that have a problem. */
export interface CollectSummary extends ManifestHead {
  problems: { path: string; problem: string }[];
}

export interface CollectResult {
  output: string;
  manifestFile: string;
  checksumFile: string;
  summary: CollectSummary;
}

// Small reads into fresh buffers handed straight on (no copy), and a one-chunk queue: memory stays flat.
const readChunk = 256 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function describePath(bytes: Buffer): { text: string; raw?: string } {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { text: bytes.toString('utf8'), raw: bytes.toString('base64') };
  }
}

function toEntry(item: WalkItem): EvidenceEntry {
  const shown = describePath(item.absolute);
  const archived = describePath(item.archivePath);
  const stats = item.stats;
  return {
    path: shown.text,
    ...(shown.raw ? { pathBytes: shown.raw } : {}),
    archivePath: archived.text,
    ...(archived.raw ? { archivePathBytes: archived.raw } : {}),
    type: item.type,
    size: stats && item.type === 'file' ? stats.size : null,
    mode: stats ? `0${(stats.mode & 0o7777).toString(8)}` : null,
    owner: stats ? { uid: stats.uid, gid: stats.gid } : null,
    mtime: stats ? stats.mtime.toISOString() : null,
    sha256: null,
    ...(item.linkTarget ? { linkTarget: describePath(item.linkTarget).text } : {}),
    problem: item.problem,
  };
}

/**
 * Streams one file into the archive: exactly `declared` bytes (the size in its header), hashed as
 * they pass, each byte read once. A file that grows, shrinks or fails mid-read is padded or cut to
 * the declared size, so the archive stays valid, and flagged in the manifest.
 */
async function* fileBytes(item: WalkItem, entry: EvidenceEntry, count: (bytes: number) => void): AsyncGenerator<Buffer> {
  const declared = entry.size ?? 0;
  const hash = createHash('sha256');
  let sent = 0;
  let fd: number | null = null;
  try {
    fd = fs.openSync(item.readFrom ?? item.absolute, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    while (sent < declared) {
      const buffer = Buffer.allocUnsafe(Math.min(readChunk, declared - sent));
      const read = await new Promise<number>((resolve, reject) => fs.read(fd!, buffer, 0, buffer.length, null, (error, bytes) => (error ? reject(error) : resolve(bytes))));
      if (read === 0) break;
      const chunk = read === buffer.length ? buffer : buffer.subarray(0, read);
      hash.update(chunk);
      sent += read;
      count(read);
      yield chunk;
    }
    const after = fs.fstatSync(fd);
    if (sent < declared) entry.problem = `changed-during-read: shrank from ${declared} to ${sent} bytes; archived padded with zeros`;
    else if (after.size !== declared || after.mtimeMs !== item.stats!.mtimeMs) entry.problem = `changed-during-read: now ${after.size} bytes, modified ${after.mtime.toISOString()}; archived the first ${declared} bytes`;
  } catch (error) {
    entry.problem = `${sent === 0 ? 'unreadable' : 'read-error'}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  if (sent < declared) {
    const zeros = Buffer.alloc(Math.min(readChunk, declared - sent));
    while (sent < declared) {
      const chunk = zeros.subarray(0, Math.min(zeros.length, declared - sent));
      hash.update(chunk);
      sent += chunk.length;
      yield chunk;
    }
  }
  entry.sha256 = hash.digest('hex');
}

export async function collectEvidence(options: CollectOptions): Promise<CollectResult> {
  const output = path.resolve(options.output);
  const { archive: partial, entries: entriesFile } = options.temporaries ?? collectTemporaries(output);
  const manifestFile = `${output}.manifest.json`;
  const checksumFile = `${output}.sha256`;
  const taken = [output, manifestFile, checksumFile].find((file) => fs.existsSync(file));
  if (taken) throw new AppError('conflict', `${taken} already exists: choose another name (evidence is never overwritten)`);
  const startedAt = options.clock().toISOString();
  // Checked again here: a root removed since the main thread's check stops collection now, before
  // anything is written, rather than ending up as one "unreadable" line in a finished archive.
  const leftOut = [...(options.leftOut ?? [])];
  const roots = options.roots.filter((root) => {
    const check = checkRoot(root, options.followSymlinks ?? false);
    if (check.ready) return true;
    if (!options.skipUnavailable) throw new AppError('not-found', `cannot collect ${check.resolved}: ${check.problem} (it was there when collection was asked for). Nothing was collected.`);
    leftOut.push({ path: check.resolved, reason: check.problem ?? 'cannot be collected' });
    return false;
  });
  if (roots.length === 0) throw new AppError('not-found', `none of the paths can be collected any more (${leftOut.map((root) => `${root.path}: ${root.reason}`).join('; ')}). Nothing was collected.`);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const exclude = new Set([output, partial, entriesFile, manifestFile, checksumFile].map((file) => Buffer.from(file).toString('latin1')));
  // A first, cheap pass (lstat only) gives the totals that progress and ETA need.
  const progress: EvidenceProgress = { files: 0, totalFiles: 0, bytes: 0, totalBytes: 0, bytesPerSecond: 0, etaSeconds: null };
  for (const item of walkItems(roots, exclude, { followSymlinks: options.followSymlinks })) {
    if (item.type !== 'file' || item.problem || !item.stats) continue;
    progress.totalFiles += 1;
    progress.totalBytes += item.stats.size;
  }
  const began = Date.now();
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 200) return;
    lastReport = now;
    const seconds = Math.max((now - began) / 1000, 0.001);
    progress.bytesPerSecond = Math.round(progress.bytes / seconds);
    progress.etaSeconds = progress.bytesPerSecond > 0 ? Math.max(0, Math.round((progress.totalBytes - progress.bytes) / progress.bytesPerSecond)) : null;
    options.onProgress?.({ ...progress });
  };

  const writer = new ManifestWriter(entriesFile);
  const problems: CollectSummary['problems'] = [];
  const counts = { entries: 0, files: 0, problems: 0 };
  let head: ManifestHead | null = null;
  let manifestDigest = '';

  async function* archive(): AsyncGenerator<Buffer> {
    for (const item of walkItems(roots, exclude, { followSymlinks: options.followSymlinks })) {
      const entry = toEntry(item);
      // A live collection's spool folder is gone once archived: its entries are named by what they hold.
      if (options.live) entry.path = `live:${entry.archivePath}`;
      const stats = item.stats;
      // The header's time is the manifest's (Stats.mtime, rounded to the millisecond): verify compares them exactly.
      const owner = stats && { mode: stats.mode, uid: stats.uid, gid: stats.gid, mtimeMs: stats.mtime.getTime() };
      if (owner && !item.problem && item.type === 'directory') {
        yield entryHeaders({ path: item.archivePath, size: 0, ...owner, type: 'directory' });
      } else if (owner && item.type === 'symlink' && item.linkTarget) {
        // The link itself (not what it points to) is evidence: archived as a link, as tar does.
        yield entryHeaders({ path: item.archivePath, size: 0, ...owner, type: 'symlink', linkTarget: item.linkTarget });
      } else if (owner && stats && !item.problem && item.type === 'file') {
        yield entryHeaders({ path: item.archivePath, size: stats.size, ...owner, type: 'file' });
        yield* fileBytes(item, entry, (bytes) => {
          progress.bytes += bytes;
          report();
        });
        yield padding(stats.size);
        progress.files += 1;
        counts.files += 1;
        report();
      }
      writer.add(entry);
      counts.entries += 1;
      if (entry.problem) {
        counts.problems += 1;
        if (problems.length < listedProblems) problems.push({ path: entry.path, problem: entry.problem });
      }
    }
    writer.close();
    const body: ManifestHead = {
      formatVersion: 2,
      tool: { name: 'firebreak', version: options.version },
      incidentId: options.incidentId,
      collector: options.collector,
      host: os.hostname(),
      osUser: os.userInfo().username,
      roots: options.live ? [`live:${options.live.profile}`] : roots.map((root) => path.resolve(root)),
      startedAt,
      finishedAt: options.clock().toISOString(),
      totals: { entries: counts.entries, files: counts.files, bytes: progress.bytes, problems: counts.problems },
      // Only when something was left out: a manifest of a complete collection reads as it always has.
      ...(leftOut.length ? { leftOut } : {}),
      ...(options.live ? { live: options.live } : {}),
      // Only for a drill: a real incident's manifest reads, and is signed, as it always was.
      ...(options.drill ? { drill: true as const } : {}),
    };
    manifestDigest = writer.canonicalDigest(body);
    head = { ...body, signature: await options.sign(manifestDigest) };
    const manifest = writer.render(head);
    yield entryHeaders({ path: Buffer.from('manifest.json'), size: manifest.size, mode: 0o444, uid: 0, gid: 0, mtimeMs: Date.now(), type: 'file' });
    yield* manifest.chunks();
    yield padding(manifest.size);
    yield endOfArchive;
  }

  const archiveHash = createHash('sha256');
  let target: AtomicWriteStream;
  try {
    target = createAtomicWriteStream(output, { temporary: partial, mode: 0o600, exclusive: true });
  } catch (error) {
    writer.remove();
    throw writeError(error, partial, 'the partial archive', 'nothing was collected');
  }
  try {
    await pipeline(Readable.from(archive(), { highWaterMark: 1 }), parallelGzip(), hashingTap(archiveHash), target.stream, { signal: options.signal });
  } catch (error) {
    target.abort();
    writer.remove();
    if (options.signal?.aborted) throw new AppError('cancelled', 'collection cancelled: no archive was left behind');
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new AppError('io-error', `the disk is full: collection stopped and the partial archive was removed`);
    throw new AppError('io-error', `collection failed (${code ?? (error as Error).message}): the partial archive was removed`);
  }
  const archiveSha256 = archiveHash.digest('hex');
  let archiveSignature: string | undefined;
  try {
    archiveSignature = await options.signArchive(archiveSha256, manifestDigest);
    if (options.signal?.aborted) throw new AppError('cancelled', 'collection cancelled: no archive was left behind');
  } catch (error) {
    target.abort();
    writer.remove();
    throw error;
  }
  const finished: ManifestHead = { ...head!, archiveSha256, ...(archiveSignature ? { archiveSignature } : {}) };
  // The archive takes its name last, so an archive that exists always has its manifest and checksum beside it.
  const published: string[] = [];
  let writing = manifestFile;
  try {
    writeFileAtomic(manifestFile, writer.render(finished).chunks(), { mode: 0o444, exclusive: true });
    published.push(manifestFile);
    writing = checksumFile;
    writeFileAtomic(checksumFile, `${archiveSha256}  ${path.basename(output)}\n`, { mode: 0o444, exclusive: true });
    published.push(checksumFile);
    writing = output;
    await target.commit();
  } catch (error) {
    target.abort();
    for (const file of published) fs.rmSync(file, { force: true });
    throw writeError(error, writing, 'the evidence file', 'collection stopped and no archive, manifest or checksum was left behind');
  } finally {
    writer.remove();
  }
  report(true);
  return { output, manifestFile, checksumFile, summary: { ...finished, problems } };
}
