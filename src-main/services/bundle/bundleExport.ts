import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type ExportedBundle, type ParsedInput } from '../../contract';
import { bundleFormatName, bundleFormatVersion, maxBundleBytes, maxBundleSize, type BundleBody, type BundleManifest } from '../../domain/bundle/bundleFormat';
import { headHashOf, itemHeads } from '../../domain/bundle/bundleDag';
import { writeError, writeFileAtomic } from '../../jobs/atomicFile';
import { readWithoutBlocking } from '../../jobs/fileHash';
import { evidenceManifestFiles, readBundleEvents, readBundleTables } from '../../store/bundleRows';
import { recordWitness } from '../../store/dagNodes';
import { syncIdentityOf } from '../../store/dagStore';
import { writeTransaction } from '../../store/transaction';
import { nowIso, type ServiceContext } from '../context';
import { requireIncident } from '../incidents/incidentChange';
import { consoleKey, consoleKeys, loadDeviceKey } from '../vault/vaultKeys';
import { signBundle } from './bundleSigning';

/** The most a written bundle may hold: what an importer reads (a test lowers it). */
export const bundleExportLimits = { bytes: maxBundleBytes };

// A manifest lists an archive's files: a few MiB even for a large collection.
const maxManifestBytes = 16 * 1024 * 1024;

/** The manifest's content, or why it is not in the bundle: a lost manifest never stops an export. */
function readManifest(evidenceId: string, file: string): BundleManifest {
  const missing = (problem: string): BundleManifest => ({ evidenceId, content: null, problem: `${file}: ${problem}` });
  let fd: number;
  try {
    fd = fs.openSync(file, readWithoutBlocking);
  } catch (error) {
    return missing((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the manifest file is gone' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return missing('not a file');
    const buffer = Buffer.alloc(maxManifestBytes + 1);
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    if (read > maxManifestBytes) return missing('over 16 MiB: not a manifest');
    const content = JSON.parse(buffer.subarray(0, read).toString('utf8')) as unknown;
    if (content === null || typeof content !== 'object' || Array.isArray(content)) return missing('not a JSON object');
    return { evidenceId, content: content as Record<string, unknown>, problem: null };
  } catch (error) {
    return missing(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * One signed JSON file of the incident: its events as stored (the v1 prefix, then signed v2
 * events), the rows they describe, evidence manifests, and the head hash and count an importer
 * checks. This laptop's events written while the vault was locked are signed first, and a witness
 * of what was handed over is recorded, so later removal of those events is caught by verify.
 * Rows are already redacted, and no vault data or file content other than manifests goes in.
 */
export async function exportBundle(ctx: ServiceContext, input: ParsedInput<'incident.export'>): Promise<ExportedBundle> {
  const file = path.resolve(input.file);
  requireIncident(ctx, input.id);
  // A locked vault stops the export before anything is read, with the vault's own advice.
  const key = await consoleKey(ctx, consoleKeys.evidence);
  await loadDeviceKey(ctx);
  const exportedAt = nowIso(ctx);
  // The witness and the events are one snapshot: it names exactly the heads the bundle carries.
  const { events, tables, manifestFiles } = writeTransaction(ctx.db, () => {
    recordWitness(ctx.db, input.id, 'bundle export', exportedAt, syncIdentityOf(ctx.db));
    return { events: readBundleEvents(ctx.db, input.id), tables: readBundleTables(ctx.db, input.id), manifestFiles: evidenceManifestFiles(ctx.db, input.id) };
  });
  const body: BundleBody = {
    format: bundleFormatName,
    version: bundleFormatVersion,
    incidentId: input.id,
    exportedAt,
    eventCount: events.length,
    headHash: headHashOf(itemHeads(events)),
    events,
    tables,
    manifests: manifestFiles.map((item) => readManifest(item.id, item.manifest_file)),
  };
  const written = (content: BundleBody) => {
    const signed = signBundle(content, key);
    return { bundle: signed, bytes: Buffer.from(`${JSON.stringify(signed, null, 1)}\n`) };
  };
  let { bundle, bytes } = written(body);
  let leftOut: string | null = null;
  // Log scans are what grows past the cap (a scan keeps up to 100,000 findings): the incident still
  // travels without them, and the responder is told; its timeline still says what they found.
  if (bytes.length > bundleExportLimits.bytes && tables.log_scans) {
    const withLogs = bytes.length;
    const { log_scans: scans, log_findings: findings, ...rest } = tables;
    ({ bundle, bytes } = written({ ...body, tables: rest }));
    leftOut = `its ${scans.length.toLocaleString('en-US')} log scan${scans.length === 1 ? '' : 's'} (${(findings?.length ?? 0).toLocaleString('en-US')} findings): with them the bundle would be ${Math.ceil(withLogs / 1048576)} MiB, over the ${maxBundleSize} a bundle may hold`;
  }
  if (bytes.length > bundleExportLimits.bytes) {
    throw new AppError('invalid-input', `the bundle of ${input.id} would be ${Math.ceil(bytes.length / 1048576)} MiB, over the ${maxBundleSize} a bundle may hold (an importer reads it whole); nothing was written`);
  }
  try {
    // Never replaces a file: a bundle handed over once stays what was handed over.
    writeFileAtomic(file, bytes, { exclusive: true });
  } catch (error) {
    throw writeError(error, file, 'the incident bundle');
  }
  return {
    incidentId: input.id,
    file,
    events: body.eventCount,
    headHash: body.headHash,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    keyFingerprint: bundle.signature.publicKeyFingerprint,
    leftOut,
  };
}
