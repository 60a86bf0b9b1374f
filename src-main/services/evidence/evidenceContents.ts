import fs from 'node:fs';
import { AppError, type EvidenceContents } from '../../contract';
import { readStreamWithoutBlocking } from '../../jobs/fileHash';
import { ManifestReader } from '../../jobs/evidence/manifestReader';
import type { ServiceContext } from '../context';
import { registeredManifestPath } from './evidenceRegister';

export const contentsPageSize = 100;

/**
 * One page of what an archive holds, read from the register's own copy of its manifest (kept in the
 * data folder since collection, so a manifest rewritten beside the archive does not change the view).
 * The manifest streams past: a page of a 200,000-entry manifest holds 100 entries in memory.
 */
export async function evidenceContents(ctx: ServiceContext, evidenceId: string, page: number): Promise<EvidenceContents> {
  const row = ctx.db.prepare<[string], { archive_sha256: string; manifest_file: string }>('SELECT archive_sha256, manifest_file FROM evidence_items WHERE id = ?').get(evidenceId);
  if (!row) throw new AppError('not-found', `no evidence item ${evidenceId}`);
  const copy = row.archive_sha256 ? registeredManifestPath(ctx, row.archive_sha256) : null;
  const file = copy && fs.existsSync(copy) ? copy : row.manifest_file;
  const first = (page - 1) * contentsPageSize;
  const entries: EvidenceContents['entries'] = [];
  let index = 0;
  const reader = new ManifestReader((entry) => {
    if (index >= first && index < first + contentsPageSize) {
      entries.push({ archivePath: entry.archivePath, type: entry.type, size: entry.size, sha256: entry.sha256, problem: entry.problem, ...(entry.linkTarget ? { linkTarget: entry.linkTarget } : {}) });
    }
    index += 1;
  });
  try {
    for await (const chunk of readStreamWithoutBlocking(file)) reader.push(chunk as Buffer);
    const { head, entries: total } = reader.end();
    return { evidenceId, page, pageSize: contentsPageSize, total, entries, leftOut: head.leftOut ?? [], roots: head.roots ?? [] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'is missing' : code ? `cannot be read (${code})` : `is not a manifest: ${(error as Error).message}`;
    throw new AppError(code === 'ENOENT' ? 'not-found' : 'io-error', `the manifest of ${evidenceId} (${file}) ${why}: its contents cannot be shown`);
  }
}
