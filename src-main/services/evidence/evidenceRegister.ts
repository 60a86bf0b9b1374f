import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type CustodyAction, type CustodyEntry, type EvidenceItem } from '../../contract';
import type { CollectSummary } from '../../jobs/evidence/evidenceCollector';
import { describeCustody } from '../../domain/evidence/custodyWords';
import { liveCustodyDetail } from '../../domain/evidence/liveWords';
import { eventTypes } from '../../domain/incidents/incidentState';
import type { ServiceContext } from '../context';
import { writeTransaction } from '../../store/transaction';
import { recordFact } from '../incidents/incidentChange';
import type { RegisteredRecord } from './evidenceVerify';

interface ItemRow {
  id: string;
  incident_id: string | null;
  archive: string;
  archive_sha256: string;
  manifest_file: string;
  key_fingerprint: string;
  files: number;
  bytes: number;
  problems: number;
  collected_at: string;
  collected_by: string;
}

function custodyOf(ctx: ServiceContext, evidenceId: string): CustodyEntry[] {
  return ctx.db
    .prepare<[string], { at: string; actor: string; device_id: string; action: CustodyAction; detail: string }>('SELECT at, actor, device_id, action, detail FROM custody_entries WHERE evidence_id = ? ORDER BY id')
    .all(evidenceId)
    .map((row) => ({ at: row.at, actor: row.actor, deviceId: row.device_id, action: row.action, detail: row.detail, words: describeCustody(row.action, row.detail) }));
}

function toItem(ctx: ServiceContext, row: ItemRow): EvidenceItem {
  return {
    id: row.id,
    incidentId: row.incident_id,
    archive: row.archive,
    archiveSha256: row.archive_sha256,
    manifestFile: row.manifest_file,
    keyFingerprint: row.key_fingerprint,
    files: row.files,
    bytes: row.bytes,
    problems: row.problems,
    collectedAt: row.collected_at,
    collectedBy: row.collected_by,
    custody: custodyOf(ctx, row.id),
  };
}

/**
 * Appends one custody entry (never edited: triggers refuse it) and, for evidence tied to an
 * incident, the same fact on the incident's hash-chained timeline, in one transaction.
 */
export function addCustody(ctx: ServiceContext, evidenceId: string, action: CustodyAction, detail: string): EvidenceItem {
  const row = ctx.db.prepare<[string], ItemRow>('SELECT * FROM evidence_items WHERE id = ?').get(evidenceId);
  if (!row) throw new AppError('not-found', `no evidence item ${evidenceId}`);
  recordFact(ctx, row.incident_id, eventTypes.evidenceCustody, { evidenceId, archive: row.archive, action, detail }, (at, actor) =>
    ctx.db.prepare('INSERT INTO custody_entries (evidence_id, at, actor, device_id, action, detail) VALUES (?, ?, ?, ?, ?, ?)').run(evidenceId, at, actor, ctx.deviceId, action, detail),
  );
  return toItem(ctx, ctx.db.prepare<[string], ItemRow>('SELECT * FROM evidence_items WHERE id = ?').get(evidenceId)!);
}

/** Where the register keeps its own copy of an archive's manifest (named by the archive's hash). */
export function registeredManifestPath(ctx: ServiceContext, archiveSha256: string): string {
  return path.join(ctx.dataDir, 'evidence', 'manifests', `${archiveSha256}.manifest.json`);
}

/** Keeps a read-only copy of the manifest in the data folder; false when one was kept already. */
function keepManifestCopy(ctx: ServiceContext, manifestFile: string, archiveSha256: string): boolean {
  const copy = registeredManifestPath(ctx, archiveSha256);
  fs.mkdirSync(path.dirname(copy), { recursive: true, mode: 0o700 });
  try {
    fs.copyFileSync(manifestFile, copy, fs.constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    fs.rmSync(copy, { force: true });
    throw new AppError('io-error', `the archive was written, but the copy of its manifest could not be kept in ${path.dirname(copy)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): it is not registered; free some space and run verify on it`);
  }
  fs.chmodSync(copy, 0o444);
  return true;
}

export function registerEvidence(ctx: ServiceContext, manifest: CollectSummary, archive: string, manifestFile: string): EvidenceItem {
  const id = `EV-${randomBytes(4).toString('hex')}`;
  const archiveSha256 = manifest.archiveSha256 ?? '';
  const copied = archiveSha256 ? keepManifestCopy(ctx, manifestFile, archiveSha256) : false;
  // The item and its first custody entry land together: no item without its 'collected' event.
  try {
    return writeTransaction(ctx.db, () => {
      ctx.db
        .prepare(
          `INSERT INTO evidence_items (id, incident_id, archive, archive_sha256, manifest_file, key_fingerprint, files, bytes, problems, collected_at, collected_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, manifest.incidentId, archive, archiveSha256, manifestFile, manifest.signature?.publicKeyFingerprint ?? '', manifest.totals.files, manifest.totals.bytes, manifest.totals.problems, manifest.finishedAt, manifest.collector);
      // What was left out is part of the record of what was taken: on the custody log and the timeline.
      const leftOut = manifest.leftOut?.length ? `; left out: ${manifest.leftOut.map((root) => `${root.path} (${root.reason})`).join(', ')}` : '';
      return addCustody(ctx, id, 'collected', manifest.live ? liveCustodyDetail(manifest.live, manifest.host) : `${manifest.totals.files} files from ${manifest.roots.join(', ')} on ${manifest.host}${leftOut}`);
    });
  } catch (error) {
    if (copied) fs.rmSync(registeredManifestPath(ctx, archiveSha256), { force: true });
    throw error;
  }
}

function toRecord(ctx: ServiceContext, row: ItemRow | undefined): RegisteredRecord | null {
  if (!row) return null;
  const copy = row.archive_sha256 ? registeredManifestPath(ctx, row.archive_sha256) : null;
  return { evidenceId: row.id, archive: row.archive, archiveSha256: row.archive_sha256, keyFingerprint: row.key_fingerprint, collectedAt: row.collected_at, manifestCopy: copy && fs.existsSync(copy) ? copy : null };
}

/**
 * The register is what this laptop collected: an item imported with another laptop's incident names
 * a path and a key of that laptop, and must not vouch for (or against) an archive here.
 */
const collectedHere = "EXISTS (SELECT 1 FROM custody_entries c WHERE c.evidence_id = evidence_items.id AND c.action = 'collected' AND c.device_id = @device)";

/** The newest collection to this path, also when the path is reached through a symlinked folder. */
export function findRegisteredAt(ctx: ServiceContext, archive: string): RegisteredRecord | null {
  let real = archive;
  try {
    real = fs.realpathSync(archive);
  } catch {
    // A path that cannot be resolved is looked up as given.
  }
  const row = ctx.db
    .prepare<{ archive: string; real: string; device: string }, ItemRow>(`SELECT * FROM evidence_items WHERE archive IN (@archive, @real) AND ${collectedHere} ORDER BY collected_at DESC LIMIT 1`)
    .get({ archive, real, device: ctx.deviceId });
  return toRecord(ctx, row);
}

/** The collection whose archive has exactly these bytes, wherever it was written. */
export function findRegisteredAs(ctx: ServiceContext, archiveSha256: string): RegisteredRecord | null {
  return toRecord(
    ctx,
    ctx.db
      .prepare<{ sha: string; device: string }, ItemRow>(`SELECT * FROM evidence_items WHERE archive_sha256 = @sha AND archive_sha256 != '' AND ${collectedHere} ORDER BY collected_at DESC LIMIT 1`)
      .get({ sha: archiveSha256, device: ctx.deviceId }),
  );
}

/** Oldest collected first, ties by id: the order every page of evidence.list follows. */
export function listEvidence(ctx: ServiceContext, incidentId?: string): EvidenceItem[] {
  return listEvidencePage(ctx, incidentId, undefined, undefined).items;
}

/** Where a page of evidence ends: the last item's collection time and id. */
export interface EvidenceKey {
  collectedAt: string;
  id: string;
}

/**
 * Up to `limit` items after `after` (every item without a limit), by keyset on (collected_at, id):
 * one range of an index (ensureReadIndexes), so a page deep in the register costs what the first does.
 */
export function listEvidencePage(ctx: ServiceContext, incidentId: string | undefined, after: EvidenceKey | undefined, limit: number | undefined): { items: EvidenceItem[]; more: boolean; last: EvidenceKey | null } {
  const terms = [incidentId ? 'incident_id = @incidentId' : '', after ? '(collected_at, id) > (@collectedAt, @id)' : ''].filter(Boolean);
  const rows = ctx.db
    .prepare<Record<string, unknown>, ItemRow>(`SELECT * FROM evidence_items ${terms.length ? `WHERE ${terms.join(' AND ')}` : ''} ORDER BY collected_at, id LIMIT @limit`)
    .all({ incidentId, collectedAt: after?.collectedAt, id: after?.id, limit: limit === undefined ? -1 : limit + 1 });
  const more = limit !== undefined && rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return { items: page.map((row) => toItem(ctx, row)), more, last: last ? { collectedAt: last.collected_at, id: last.id } : null };
}

export function countEvidence(ctx: ServiceContext, incidentId: string | undefined): number {
  return incidentId
    ? ctx.db.prepare<[string], number>('SELECT count(*) FROM evidence_items WHERE incident_id = ?').pluck().get(incidentId)!
    : ctx.db.prepare<[], number>('SELECT count(*) FROM evidence_items').pluck().get()!;
}
