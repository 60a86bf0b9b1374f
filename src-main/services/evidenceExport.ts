import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, type EvidenceItem } from '../contract';
import { createAtomicWriteStream, writeError, type AtomicWriteStream } from '../jobs/atomicFile';
import type { ServiceContext } from './context';
import { addCustody, listEvidence } from './evidenceRegister';

/** Copies one file, hashing the bytes as they are written; the copy appears under its name only when complete and synced. */
async function copyHashed(from: string, to: string): Promise<string> {
  const hash = createHash('sha256');
  let target: AtomicWriteStream | null = null;
  try {
    target = createAtomicWriteStream(to, { exclusive: true });
    await pipeline(
      fs.createReadStream(from),
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      target.stream,
    );
    await target.commit();
  } catch (error) {
    target?.abort();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EEXIST') throw writeError(error, to, 'the exported copy', `nothing was exported to ${path.dirname(to)}`);
    throw new AppError('io-error', `cannot copy ${from} to ${to} (${code ?? (error as Error).message}): nothing was exported`);
  }
  return hash.digest('hex');
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
  const files = [item.archive, item.manifestFile, `${item.archive}.sha256`];
  for (const file of files) if (!fs.existsSync(file)) throw new AppError('not-found', `${file} is missing: the archive has moved or been deleted since collection`);
  const targets = files.map((file) => path.join(folder, path.basename(file)));
  const taken = targets.find((target) => fs.existsSync(target));
  if (taken) throw new AppError('conflict', `${taken} already exists: evidence is never overwritten`);

  const copied: string[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const sha256 = await copyHashed(file, targets[index]!);
      copied.push(targets[index]!);
      if (index === 0 && sha256 !== item.archiveSha256) throw new AppError('io-error', `the archive does not match its recorded hash (expected ${item.archiveSha256}, read ${sha256}): not exported; run verify`);
    }
  } catch (error) {
    for (const target of copied) fs.rmSync(target, { force: true });
    throw error;
  }
  const updated = addCustody(ctx, evidenceId, 'exported', `to ${targets[0]}: sha256 of the copy matches (${item.archiveSha256.slice(0, 16)}…)`);
  return { ...updated, exportedTo: targets[0]! };
}
