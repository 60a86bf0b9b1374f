import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, type EvidenceItem } from '../../contract';
import { createAtomicWriteStream, writeError, type AtomicWriteStream } from '../../jobs/atomicFile';
import { hashingTap } from '../../jobs/fileHash';
import { busyTimeoutMs } from '../../store/database';
import { isBusyError } from '../../store/sqliteErrors';
import type { ServiceContext } from '../context';
import { addCustody, listEvidence } from './evidenceRegister';

/**
 * Copies one file, hashing the bytes as they are written; the copy appears under its name only when
 * complete, synced and, when `expected` is given, proven to have that SHA-256.
 */
async function copyHashed(from: string, to: string, expected?: string): Promise<void> {
  const hash = createHash('sha256');
  let target: AtomicWriteStream | null = null;
  try {
    target = createAtomicWriteStream(to, { exclusive: true });
    await pipeline(
      fs.createReadStream(from),
      hashingTap(hash),
      target.stream,
    );
    const read = hash.digest('hex');
    if (expected && read !== expected) throw new AppError('io-error', `the archive does not match its recorded hash (expected ${expected}, read ${read}): not exported; run verify`);
    await target.commit();
  } catch (error) {
    target?.abort();
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EEXIST') throw writeError(error, to, 'the exported copy', `nothing was exported to ${path.dirname(to)}`);
    throw new AppError('io-error', `cannot copy ${from} to ${to} (${code ?? (error as Error).message}): nothing was exported`);
  }
}

/** Why the custody record failed, and that the copies it would have described are gone. */
function custodyFailure(error: unknown, folder: string): AppError {
  const outcome = `the export was not recorded in the chain of custody, so its copies in ${folder} were removed`;
  if (isBusyError(error)) return new AppError('conflict', `the database stayed busy in another Firebreak process for ${busyTimeoutMs / 1000} s: ${outcome}. Try again.`);
  if (error instanceof AppError) return new AppError(error.code, `${error.message}: ${outcome}`);
  const code = (error as NodeJS.ErrnoException).code;
  return new AppError('io-error', `cannot write to the database (${code ?? (error as Error).message}): ${outcome}`);
}

/**
 * Exports an archive with its manifest and checksum to a folder (a USB stick, a share), proves the
 * copy by its hash, and records the export in the chain of custody. Never overwrites.
 */
export async function exportEvidence(ctx: ServiceContext, evidenceId: string, destination: string): Promise<EvidenceItem & { exportedTo: string }> {
  const item = listEvidence(ctx).find((candidate) => candidate.id === evidenceId);
  if (!item) throw new AppError('not-found', `no evidence item ${evidenceId}`);
  const folder = path.resolve(destination);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new AppError('invalid-input', `${folder} is not a folder: export into an existing folder`);
  // The archive last, as collection does: a crash mid-export never leaves an archive with no manifest beside it.
  const files = [item.manifestFile, `${item.archive}.sha256`, item.archive];
  for (const file of files) if (!fs.existsSync(file)) throw new AppError('not-found', `${file} is missing: the archive has moved or been deleted since collection`);
  const targets = files.map((file) => path.join(folder, path.basename(file)));
  const taken = targets.find((target) => fs.existsSync(target));
  if (taken) throw new AppError('conflict', `${taken} already exists: evidence is never overwritten`);
  const archiveCopy = targets[2]!;

  // Removed archive first, for the same reason.
  const removeCopies = (copied: string[]) => copied.reverse().forEach((target) => fs.rmSync(target, { force: true }));
  const copied: string[] = [];
  try {
    for (const [index, file] of files.entries()) {
      await copyHashed(file, targets[index]!, file === item.archive ? item.archiveSha256 : undefined);
      copied.push(targets[index]!);
    }
  } catch (error) {
    removeCopies(copied);
    throw error;
  }
  try {
    const updated = addCustody(ctx, evidenceId, 'exported', `to ${archiveCopy}: sha256 of the copy matches (${item.archiveSha256.slice(0, 16)}…)`);
    return { ...updated, exportedTo: archiveCopy };
  } catch (error) {
    removeCopies(copied);
    throw custodyFailure(error, folder);
  }
}
