import { custodyChoices } from '../../domain/evidence/custodyWords';
import type { CollectedEvidence, EvidenceContents, EvidenceItem, EvidencePage, EvidencePreflight, EvidenceProgress, ParsedInput, QuarantinedFile } from '../../contract';
import { readTransaction } from '../../store/transaction';
import { encodePageCursor, isoInstant, readPageCursor } from '../pageCursor';
import { megabytes } from '../../domain/units';
import type { ServiceContext } from '../context';
import { collect, verifyRegistered } from './evidence';
import { exportEvidence } from './evidenceExport';
import { exportPublicKey } from './evidenceTrust';
import { addCustody, countEvidence, listEvidencePage, type EvidenceKey } from './evidenceRegister';
import { runJob } from '../jobRegistry';
import { preflight } from '../../jobs/evidence/evidencePreflight';
import { evidenceContents } from './evidenceContents';
import { listQuarantine, quarantineFile, releaseFile } from './quarantine';

/** One line a responder can read at a glance: files, bytes, rate, time left. */
export function describeProgress(progress: EvidenceProgress): string {
  const eta = progress.etaSeconds === null ? '' : ` · about ${progress.etaSeconds < 60 ? `${progress.etaSeconds}s` : `${Math.round(progress.etaSeconds / 60)} min`} left`;
  return `${progress.files}/${progress.totalFiles} files · ${megabytes(progress.bytes)} of ${megabytes(progress.totalBytes)} · ${megabytes(progress.bytesPerSecond)}/s${eta}`;
}

export function collectOperation(ctx: ServiceContext, input: ParsedInput<'evidence.collect'>): Promise<CollectedEvidence> {
  return runJob(ctx, 'evidence.collect', 'Listing files…', async (job) => {
    const result = await collect(ctx, {
      roots: input.paths,
      output: input.output,
      incidentId: input.incidentId ?? null,
      followSymlinks: input.followSymlinks,
      skipUnavailable: input.skipUnavailable,
      signal: job.signal,
      onProgress: (progress) => job.progress(progress.bytes, progress.totalBytes, describeProgress(progress)),
    });
    return collectedEvidence(result, job.jobId);
  });
}

/** What a finished collection returns to the console and the CLI (live response adds its own fields). */
export function collectedEvidence(result: Awaited<ReturnType<typeof collect>>, jobId: string): CollectedEvidence {
  const summary = result.summary;
  return {
    evidenceId: result.evidenceId,
    jobId,
    archive: result.output,
    archiveSha256: summary.archiveSha256 ?? '',
    manifestFile: result.manifestFile,
    checksumFile: result.checksumFile,
    totals: summary.totals,
    publicKeyFingerprint: summary.signature?.publicKeyFingerprint ?? null,
    problems: summary.problems,
    leftOut: summary.leftOut ?? [],
  };
}

export const preflightOperation = (_ctx: ServiceContext, input: ParsedInput<'evidence.preflight'>): EvidencePreflight => preflight(input.paths, input.output, input.followSymlinks);
export const contentsOperation = (ctx: ServiceContext, input: ParsedInput<'evidence.contents'>): Promise<EvidenceContents> => evidenceContents(ctx, input.evidenceId, input.page);
export const verifyOperation = (ctx: ServiceContext, input: ParsedInput<'evidence.verify'>) => verifyRegistered(ctx, input.archive, input.trustedKeys);
export const publicKeyOperation = (ctx: ServiceContext): Promise<{ fingerprint: string; publicKeyPem: string }> => exportPublicKey(ctx);
/** All of the register or one page of it, with the count, from one snapshot. */
export function listEvidenceOperation(ctx: ServiceContext, input: ParsedInput<'evidence.list'>): EvidencePage {
  const after = input.cursor === undefined ? undefined : decodeEvidenceCursor(input.cursor);
  return readTransaction(ctx.db, () => {
    const page = listEvidencePage(ctx, input.incidentId, after, input.limit);
    return { items: page.items, custodyChoices, total: countEvidence(ctx, input.incidentId), nextCursor: page.more && page.last ? encodePageCursor('evidence', { a: page.last.collectedAt, i: page.last.id }) : null };
  });
}

function decodeEvidenceCursor(cursor: string): EvidenceKey {
  const { value, refuse } = readPageCursor(cursor, 'cursor', 'evidence', 'evidence.list');
  if (typeof value.a !== 'string' || !isoInstant.test(value.a) || typeof value.i !== 'string' || !/^EV-[0-9a-f]{8}$/.test(value.i)) throw refuse();
  return { collectedAt: value.a, id: value.i };
}
export const addCustodyOperation = (ctx: ServiceContext, input: ParsedInput<'evidence.addCustody'>): EvidenceItem => addCustody(ctx, input.evidenceId, input.action, input.detail);
export const exportEvidenceOperation = (ctx: ServiceContext, input: ParsedInput<'evidence.export'>) => exportEvidence(ctx, input.evidenceId, input.destination);
export const quarantineAddOperation = (ctx: ServiceContext, input: ParsedInput<'quarantine.add'>): Promise<QuarantinedFile> => quarantineFile(ctx, input.file, input.incidentId ?? null);
export const quarantineListOperation = (ctx: ServiceContext, input: ParsedInput<'quarantine.list'>): { files: QuarantinedFile[] } => ({ files: listQuarantine(ctx, input.includeReleased) });
export const quarantineReleaseOperation = (ctx: ServiceContext, input: ParsedInput<'quarantine.release'>): Promise<QuarantinedFile> => releaseFile(ctx, input.id);
