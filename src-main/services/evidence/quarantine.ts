import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, type QuarantinedFile } from '../../contract';
import { createAtomicWriteStream } from '../../jobs/atomicFile';
import { sha256File } from '../../jobs/fileHash';
import { eventTypes } from '../../domain/incidents/incidentState';
import { busyTimeoutMs } from '../../store/database';
import { busyConflict, isBusyError } from '../../store/sqliteErrors';
import type { ServiceContext } from '../context';
import { recordFact, requireIncident } from '../incidents/incidentChange';

interface QuarantineRow {
  id: string;
  incident_id: string | null;
  original_path: string;
  stored_path: string;
  sha256: string;
  size: number;
  mode: number;
  quarantined_at: string;
  quarantined_by: string;
  released_at: string | null;
  released_by: string | null;
}

const toFile = (row: QuarantineRow): QuarantinedFile => ({
  id: row.id,
  incidentId: row.incident_id,
  originalPath: row.original_path,
  storedPath: row.stored_path,
  sha256: row.sha256,
  size: row.size,
  mode: `0${(row.mode & 0o7777).toString(8)}`,
  quarantinedAt: row.quarantined_at,
  quarantinedBy: row.quarantined_by,
  releasedAt: row.released_at,
  releasedBy: row.released_by,
});

/**
 * rename(2) when possible. Across file systems, a copy under a temporary name in the destination's
 * folder, synced and then renamed, and only then the source goes: a crash never leaves half a file.
 */
async function move(from: string, to: string): Promise<void> {
  try {
    fs.renameSync(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const target = createAtomicWriteStream(to, { mode: fs.statSync(from).mode & 0o7777, exclusive: true });
  try {
    await pipeline(fs.createReadStream(from), target.stream);
    await target.commit();
  } catch (error) {
    target.abort();
    throw error;
  }
  try {
    fs.unlinkSync(from);
  } catch (error) {
    // The source stays where it was: the copy must not become a second one.
    fs.rmSync(to, { force: true });
    throw error;
  }
}

/**
 * Runs after the file has moved and records the move; if the record cannot be written (the database
 * busy, a full disk), `undo` moves the file back first, so a file is never gone with no record of
 * where it went. When even the undo fails, the error says where the file is.
 */
async function recordOrUndo(record: () => void, undo: () => Promise<void>, whereItIs: string): Promise<void> {
  try {
    record();
  } catch (error) {
    try {
      await undo();
    } catch (undoError) {
      const cause = (undoError as NodeJS.ErrnoException).code ?? (undoError as Error).message;
      const reason = isBusyError(error) ? busyConflict(busyTimeoutMs).message : (error as Error).message;
      throw new AppError('io-error', `${reason}; the move could not be recorded nor undone (${cause}): the file is at ${whereItIs}`);
    }
    throw error;
  }
}

/** Moves back only to a free name: whatever appeared there since is never overwritten. */
async function moveBack(from: string, to: string): Promise<void> {
  if (fs.existsSync(to)) throw Object.assign(new Error(`${to} exists again`), { code: 'EEXIST' });
  await move(from, to);
}

/** Moves a suspicious file into the data dir's quarantine, strips its permissions and records where it came from. */
export async function quarantineFile(ctx: ServiceContext, file: string, incidentId: string | null): Promise<QuarantinedFile> {
  const original = path.resolve(file);
  let stats: fs.Stats;
  try {
    stats = fs.lstatSync(original);
  } catch (error) {
    throw new AppError('invalid-input', `cannot quarantine ${original}: ${(error as NodeJS.ErrnoException).code ?? 'not found'}`);
  }
  if (!stats.isFile()) throw new AppError('invalid-input', `${original} is not a regular file: only files can be quarantined`);
  if (incidentId) requireIncident(ctx, incidentId);
  const sha256 = await sha256File(original);
  const id = `Q-${randomBytes(4).toString('hex')}`;
  const dir = path.join(ctx.dataDir, 'quarantine', id);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stored = path.join(dir, path.basename(original));
  try {
    await move(original, stored);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  fs.chmodSync(stored, 0o000);
  await recordOrUndo(
    () =>
      recordFact(ctx, incidentId, eventTypes.quarantined, { id, originalPath: original, sha256, size: stats.size }, (at, actor) =>
        ctx.db.prepare('INSERT INTO quarantine (id, incident_id, original_path, stored_path, sha256, size, mode, quarantined_at, quarantined_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(id, incidentId, original, stored, sha256, stats.size, stats.mode, at, actor),
      ),
    async () => {
      // Its mode first: a copy across file systems must be able to read it.
      fs.chmodSync(stored, stats.mode & 0o7777);
      try {
        await moveBack(stored, original);
      } catch (error) {
        // Still in quarantine, so still locked down.
        fs.chmodSync(stored, 0o000);
        throw error;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    stored,
  );
  return toFile(ctx.db.prepare<[string], QuarantineRow>('SELECT * FROM quarantine WHERE id = ?').get(id)!);
}

export function listQuarantine(ctx: ServiceContext, includeReleased = false): QuarantinedFile[] {
  const sql = includeReleased ? 'SELECT * FROM quarantine ORDER BY quarantined_at' : 'SELECT * FROM quarantine WHERE released_at IS NULL ORDER BY quarantined_at';
  return ctx.db.prepare<[], QuarantineRow>(sql).all().map(toFile);
}

/** Puts the file back where it was, with its permissions, after checking it is the same file. */
export async function releaseFile(ctx: ServiceContext, id: string): Promise<QuarantinedFile> {
  const row = ctx.db.prepare<[string], QuarantineRow>('SELECT * FROM quarantine WHERE id = ?').get(id);
  if (!row) throw new AppError('not-found', `no quarantined file ${id}`);
  if (row.released_at) throw new AppError('conflict', `${id} was already released at ${row.released_at}`);
  if (fs.existsSync(row.original_path)) throw new AppError('conflict', `${row.original_path} exists again: move it away before releasing ${id}`);
  fs.chmodSync(row.stored_path, 0o400);
  const sha256 = await sha256File(row.stored_path);
  if (sha256 !== row.sha256) {
    fs.chmodSync(row.stored_path, 0o000);
    throw new AppError('io-error', `the quarantined copy of ${row.original_path} changed (sha256 ${sha256}, recorded ${row.sha256}): not released`);
  }
  fs.mkdirSync(path.dirname(row.original_path), { recursive: true });
  await move(row.stored_path, row.original_path);
  fs.chmodSync(row.original_path, row.mode & 0o7777);
  await recordOrUndo(
    () =>
      recordFact(ctx, row.incident_id, eventTypes.released, { id, originalPath: row.original_path, sha256 }, (at, actor) =>
        ctx.db.prepare('UPDATE quarantine SET released_at = ?, released_by = ? WHERE id = ?').run(at, actor, id),
      ),
    async () => {
      await moveBack(row.original_path, row.stored_path);
      fs.chmodSync(row.stored_path, 0o000);
    },
    row.original_path,
  );
  // The quarantine folder goes only once the release is recorded: until then the undo needs it.
  fs.rmSync(path.dirname(row.stored_path), { recursive: true, force: true });
  return toFile(ctx.db.prepare<[string], QuarantineRow>('SELECT * FROM quarantine WHERE id = ?').get(id)!);
}
