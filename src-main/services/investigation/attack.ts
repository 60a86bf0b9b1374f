import path from 'node:path';
import { AppError, type AttackCatalogue, type AttackImportResult, type OperationResult, type ParsedInput } from '../../contract';
import { readStixBundle } from '../../domain/investigation/attack/stixBundle';
import { readAttackCatalogue, replaceAttackCatalogue, techniquesById, techniquesByName } from '../../store/attackRepo';
import { nowIso, type ServiceContext } from '../context';
import { runJob } from '../jobRegistry';
import { absolutePath } from '../supply/supplyChecks';
import { readBundleJson, refuseBundle } from './attackFile';

/**
 * Replaces the catalogue with the techniques of a STIX bundle file. Everything is read and checked
 * before the one write transaction: a malformed bundle is refused and the catalogue held stays.
 */
export function importAttack(ctx: ServiceContext, input: ParsedInput<'attack.import'>): Promise<AttackImportResult> {
  const file = absolutePath(input.path, 'path');
  return runJob(ctx, 'attack.import', `Reading ${path.basename(file)}…`, async (job) => {
    // Each step is synchronous (a parse of 45 MB takes a second or two): between them the event loop
    // gets a turn, so the progress reaches the windows and a cancel can land.
    await turn();
    const bundle = readBundleJson(file);
    job.progress(1, 3, 'Reading the ATT&CK techniques…');
    await turn();
    const read = readStixBundle(bundle);
    if (!read.ok) throw refuseBundle(file, read.reason);
    job.progress(2, 3, `Storing ${read.techniques.length.toLocaleString('en-US')} techniques…`);
    await turn();
    if (job.signal.aborted) throw new AppError('cancelled', 'ATT&CK import cancelled: the catalogue held is unchanged');
    const catalogue: AttackCatalogue = { techniques: read.techniques.length, version: read.version, source: path.basename(file), importedAt: nowIso(ctx) };
    replaceAttackCatalogue(ctx.db, catalogue, read.techniques);
    job.progress(3, 3, 'Done');
    return { catalogue, skipped: read.skipped };
  });
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const idPattern = /^T\d{4}(\.\d{3})?$/;

/** An id (any case) finds that technique and, for a parent, its sub-techniques; other text matches every word of the name. */
export function searchAttack(ctx: ServiceContext, input: ParsedInput<'attack.search'>): OperationResult<'attack.search'> {
  const catalogue = readAttackCatalogue(ctx.db);
  if (!catalogue) return { techniques: [], catalogue: null };
  const text = input.text.trim().toLowerCase();
  const id = text.toUpperCase();
  if (idPattern.test(id)) return { techniques: techniquesById(ctx.db, id, !id.includes('.'), input.limit), catalogue };
  const words = [...new Set(text.split(/\s+/).filter(Boolean))];
  return { techniques: words.length ? techniquesByName(ctx.db, words, input.limit) : [], catalogue };
}
