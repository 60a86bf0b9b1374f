import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, type QuarantinedFile, type QuarantineState } from '../../contract';
import { createAtomicWriteStream } from '../../jobs/atomicFile';
import { sha256File, sha256FileSync } from '../../jobs/fileHash';
import { eventTypes } from '../../domain/incidents/incidentState';
import { busyTimeoutMs } from '../../store/database';
import { busyConflict, isBusyError } from '../../store/sqliteErrors';
import { writeTransaction } from '../../store/transaction';
import { currentActor, type ServiceContext } from '../context';
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
  state: QuarantineState;
  mover_pid: number | null;
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
  state: row.state,
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

const rowOf = (ctx: ServiceContext, id: string) => ctx.db.prepare<[string], QuarantineRow>('SELECT * FROM quarantine WHERE id = ?').get(id)!;
const setState = (ctx: ServiceContext, id: string, state: QuarantineState) =>
  void writeTransaction(ctx.db, () => ctx.db.prepare('UPDATE quarantine SET state = ?, mover_pid = ? WHERE id = ?').run(state, state === 'moving-out' ? process.pid : null, id));
/** After a failure, whose own error is the one to report: the next listing repairs a state left behind. */
const trySetState = (ctx: ServiceContext, id: string, state: QuarantineState) => {
  try {
    setState(ctx, id, state);
  } catch {
    // See above.
  }
};
const exists = (file: string) => fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;

/** The move into quarantine is recorded once done: on the timeline, with the time it completed. */
function recordQuarantined(ctx: ServiceContext, row: Pick<QuarantineRow, 'id' | 'incident_id' | 'original_path' | 'sha256' | 'size'>, resumed: boolean): void {
  recordFact(ctx, row.incident_id, eventTypes.quarantined, { id: row.id, originalPath: row.original_path, sha256: row.sha256, size: row.size, ...(resumed ? { resumedAfterInterruption: true } : {}) }, (at, actor) =>
    ctx.db.prepare("UPDATE quarantine SET state = 'held', quarantined_at = ?, quarantined_by = ?, mover_pid = NULL WHERE id = ?").run(at, actor, row.id),
  );
}

function recordReleased(ctx: ServiceContext, row: Pick<QuarantineRow, 'id' | 'incident_id' | 'original_path' | 'sha256'>, resumed: boolean): void {
  recordFact(ctx, row.incident_id, eventTypes.released, { id: row.id, originalPath: row.original_path, sha256: row.sha256, ...(resumed ? { resumedAfterInterruption: true } : {}) }, (at, actor) =>
    ctx.db.prepare("UPDATE quarantine SET state = 'released', released_at = ?, released_by = ?, mover_pid = NULL WHERE id = ?").run(at, actor, row.id),
  );
}

/** Ids this process is moving right now: the recovery of interrupted moves leaves them alone. */
const movingNow = new Set<string>();

/** Whether the process that wrote a move's intent is still running (then the move is not interrupted). */
function moverAlive(row: QuarantineRow): boolean {
  if (row.mover_pid === null) return false;
  if (row.mover_pid === process.pid) return movingNow.has(row.id);
  try {
    process.kill(row.mover_pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the file at home is the one that was being moved (a copy across file systems not yet unlinked), not a new one. */
const sameAsRecorded = (file: string, row: QuarantineRow) => fs.statSync(file).isFile() && sha256FileSync(file) === row.sha256;

function resumeOne(ctx: ServiceContext, row: QuarantineRow): void {
  const stored = exists(row.stored_path);
  const home = exists(row.original_path);
  const lockDown = () => fs.chmodSync(row.stored_path, 0o000);
  if (!stored && !home) return setState(ctx, row.id, 'missing');
  if (row.state === 'moving-in') {
    // Both present: the same file twice (a copy not yet unlinked) leaves the copy; a new file at home (malware re-dropped) never costs the quarantined one.
    if (home && (!stored || sameAsRecorded(row.original_path, row))) {
      fs.rmSync(path.dirname(row.stored_path), { recursive: true, force: true });
      return setState(ctx, row.id, 'not-moved');
    }
    lockDown();
    return recordQuarantined(ctx, row, true);
  }
  if (home && (!stored || sameAsRecorded(row.original_path, row))) {
    fs.chmodSync(row.original_path, row.mode & 0o7777);
    recordReleased(ctx, row, true);
    fs.rmSync(path.dirname(row.stored_path), { recursive: true, force: true });
    return;
  }
  lockDown();
  setState(ctx, row.id, 'held');
}

/**
 * Finishes what a crash interrupted, from the intent each move records before it starts: a file
 * found in quarantine is held (and locked down), one found back home is released; a move that never
 * happened is marked `not-moved`, its half-copied leftovers removed; a file in neither place is
 * `missing`. Moves still running (in this process or another live one) are left alone, and a row that
 * cannot be finished now is tried again at the next listing.
 */
export function resumeInterruptedMoves(ctx: ServiceContext): void {
  const open = ctx.db.prepare<[], QuarantineRow>("SELECT * FROM quarantine WHERE state IN ('moving-in', 'moving-out')").all();
  for (const row of open) {
    if (moverAlive(row)) continue;
    try {
      resumeOne(ctx, row);
    } catch {
      // Left as it is (a locked database, a permission): the listing still answers, and the next one retries.
    }
  }
}

/**
 * Moves a suspicious file into the data dir's quarantine and strips its permissions. The intent
 * (where from, where to, its hash) is written before the file moves, so a crash at any point leaves
 * a record that says where the file is.
 */
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
  const stored = path.join(dir, path.basename(original));
  const row = { id, incident_id: incidentId, original_path: original, sha256, size: stats.size };
  movingNow.add(id);
  try {
    await moveIn(ctx, row, stats, dir, stored);
  } finally {
    movingNow.delete(id);
  }
  return toFile(rowOf(ctx, id));
}

async function moveIn(ctx: ServiceContext, row: Pick<QuarantineRow, 'id' | 'incident_id' | 'original_path' | 'sha256' | 'size'>, stats: fs.Stats, dir: string, stored: string): Promise<void> {
  const { id, original_path: original } = row;
  writeTransaction(ctx.db, () =>
    ctx.db
      .prepare("INSERT INTO quarantine (id, incident_id, original_path, stored_path, sha256, size, mode, quarantined_at, quarantined_by, state, mover_pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'moving-in', ?)")
      .run(id, row.incident_id, original, stored, row.sha256, row.size, stats.mode, new Date().toISOString(), currentActor(ctx), process.pid),
  );
  // Once the file is back home the intent goes; if even that write fails, the next listing marks it not-moved.
  const forget = () => {
    try {
      writeTransaction(ctx.db, () => ctx.db.prepare("DELETE FROM quarantine WHERE id = ? AND state = 'moving-in'").run(id));
    } catch {
      // The error that stopped the quarantine is the one to report.
    }
  };
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    await move(original, stored);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    forget();
    throw error;
  }
  fs.chmodSync(stored, 0o000);
  await recordOrUndo(
    () => recordQuarantined(ctx, row, false),
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
      forget();
    },
    stored,
  );
}

export function listQuarantine(ctx: ServiceContext, includeReleased = false): QuarantinedFile[] {
  resumeInterruptedMoves(ctx);
  // Without `includeReleased`: what is (or may be) in quarantine, and a file an interrupted move lost.
  const sql = includeReleased ? 'SELECT * FROM quarantine ORDER BY quarantined_at' : "SELECT * FROM quarantine WHERE state IN ('held', 'moving-in', 'moving-out', 'missing') ORDER BY quarantined_at";
  return ctx.db.prepare<[], QuarantineRow>(sql).all().map(toFile);
}

/** Puts the file back where it was, with its permissions, after checking it is the same file. */
export async function releaseFile(ctx: ServiceContext, id: string): Promise<QuarantinedFile> {
  resumeInterruptedMoves(ctx);
  const row = ctx.db.prepare<[string], QuarantineRow>('SELECT * FROM quarantine WHERE id = ?').get(id);
  if (!row) throw new AppError('not-found', `no quarantined file ${id}`);
  if (row.released_at) throw new AppError('conflict', `${id} was already released at ${row.released_at}`);
  if (row.state === 'not-moved') throw new AppError('conflict', `${id} is not in quarantine: its move was interrupted before the file left, and it is still at ${row.original_path}`);
  if (row.state === 'missing') throw new AppError('conflict', `${id} is not in quarantine: an interrupted move left the file neither at ${row.original_path} nor at ${row.stored_path}`);
  if (row.state !== 'held') throw new AppError('conflict', `${id} is being moved (${row.state}): try again in a moment`);
  if (fs.existsSync(row.original_path)) throw new AppError('conflict', `${row.original_path} exists again: move it away before releasing ${id}`);
  fs.chmodSync(row.stored_path, 0o400);
  const sha256 = await sha256File(row.stored_path);
  if (sha256 !== row.sha256) {
    fs.chmodSync(row.stored_path, 0o000);
    throw new AppError('io-error', `the quarantined copy of ${row.original_path} changed (sha256 ${sha256}, recorded ${row.sha256}): not released`);
  }
  movingNow.add(id);
  try {
    await moveOut(ctx, row);
  } finally {
    movingNow.delete(id);
  }
  // The quarantine folder goes only once the release is recorded: until then the undo needs it.
  fs.rmSync(path.dirname(row.stored_path), { recursive: true, force: true });
  return toFile(rowOf(ctx, id));
}

async function moveOut(ctx: ServiceContext, row: QuarantineRow): Promise<void> {
  try {
    fs.mkdirSync(path.dirname(row.original_path), { recursive: true });
    setState(ctx, row.id, 'moving-out');
  } catch (error) {
    fs.chmodSync(row.stored_path, 0o000);
    throw error;
  }
  try {
    await move(row.stored_path, row.original_path);
  } catch (error) {
    fs.chmodSync(row.stored_path, 0o000);
    trySetState(ctx, row.id, 'held');
    throw error;
  }
  fs.chmodSync(row.original_path, row.mode & 0o7777);
  await recordOrUndo(
    () => recordReleased(ctx, row, false),
    async () => {
      await moveBack(row.original_path, row.stored_path);
      fs.chmodSync(row.stored_path, 0o000);
      // Back in quarantine: if even this write fails (it usually runs because writes fail), the next listing repairs it.
      trySetState(ctx, row.id, 'held');
    },
    row.original_path,
  );
}
