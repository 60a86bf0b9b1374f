import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type ExportedReport, type ParsedInput, type RenderedReport } from '../../contract';
import type { ReportFacts, SentFact } from '../../domain/comms/reportFacts';
import { renderReportMarkdown, reportFileName } from '../../domain/comms/reports';
import { eventTypes } from '../../domain/incidents/incidentState';
import { summarizeEvent } from '../../domain/incidents/timelineSummary';
import { writeFileAtomic } from '../../jobs/atomicFile';
import { listIncidentActions } from '../../store/actionRepo';
import { listEvents } from '../../store/eventLog';
import { witnessDigest } from '../../domain/sync/witness';
import { actorSeqsOf, listWitnesses, recordWitness } from '../../store/dagNodes';
import { headsOf, syncIdentityOf } from '../../store/dagStore';
import { writeTransaction } from '../../store/transaction';
import { assertNotConsoleFile } from '../consoleFiles';
import type { ServiceContext } from '../context';
import { gatherFacts } from './gatherFacts';
import { happenedEarlier, investigationFacts } from '../../domain/investigation/investigationRecord';

export const reportSealReason = 'report seal';

/**
 * The witness digest of what this data dir holds of the incident, recorded (once per state) as a
 * witness: `incident verify ID --seal DIGEST` then proves the events the report describes are
 * all still here. A witness, not a `sync.merged` event: rendering (a preview, too) must not add
 * an event, and a new head per preview would be a change to merge on every other laptop.
 */
function seal(ctx: ServiceContext, id: string): string {
  const digest = witnessDigest({ incident: id, heads: headsOf(ctx.db, id), actorSeqs: actorSeqsOf(ctx.db, id) });
  const recorded = listWitnesses(ctx.db, id).some((witness) => witness.reason === reportSealReason && witness.digest === digest);
  if (!recorded) recordWitness(ctx.db, id, reportSealReason, ctx.clock().toISOString(), syncIdentityOf(ctx.db));
  return digest;
}

function reportFacts(ctx: ServiceContext, id: string): ReportFacts & { seal: string } {
  // One snapshot: a write landing between two reads must not give a report that disagrees with itself.
  return writeTransaction(ctx.db, () => {
    const facts = gatherFacts(ctx, id);
    const events = listEvents(ctx.db, id);
    const sent: SentFact[] = events
      .filter((event) => event.type === eventTypes.commsSent)
      .map((event) => ({
        at: event.at,
        actor: event.actor,
        title: String(event.payload.title ?? event.payload.templateId),
        subject: String(event.payload.subject ?? ''),
        channel: String(event.payload.channel ?? ''),
        nextUpdateAt: typeof event.payload.nextUpdateAt === 'string' ? event.payload.nextUpdateAt : null,
      }));
    return {
      ...facts,
      timeline: events.map((event) => ({ at: event.at, actor: event.actor, summary: `${happenedEarlier(event)}${summarizeEvent(event.type, event.payload)}` })),
      sent,
      // "Overdue" depends on today: the report shows status and due date, which do not.
      actions: listIncidentActions(ctx.db, id, '0000-00-00'),
      investigation: investigationFacts(events),
      seal: seal(ctx, id),
    };
  });
}

export function renderReport(ctx: ServiceContext, input: ParsedInput<'report.render'>): RenderedReport {
  const facts = reportFacts(ctx, input.id);
  const sealLine = `\nSeal: ${facts.seal} (check that every event this report describes is still held: \`firebreak incident verify ${input.id} --seal ${facts.seal}\`)\n`;
  const markdown = `${renderReportMarkdown(input.kind, facts)}${sealLine}`;
  return { incidentId: input.id, kind: input.kind, markdown, fileName: reportFileName(input.kind, input.id) };
}

/** A folder (existing, or named with a trailing slash) gets the suggested name; anything else is the file. Never the console's own files. */
export function targetFile(ctx: ServiceContext, destination: string | undefined, fileName: string): string {
  const file = chosenFile(ctx, destination, fileName);
  assertNotConsoleFile(ctx.dataDir, file, 'report');
  return file;
}

function chosenFile(ctx: ServiceContext, destination: string | undefined, fileName: string): string {
  if (destination === undefined) {
    const folder = path.join(ctx.dataDir, 'exports');
    fs.mkdirSync(folder, { recursive: true });
    return targetFile(ctx, folder, fileName);
  }
  const resolved = path.resolve(destination);
  let stats: fs.Stats | null = null;
  try {
    stats = fs.statSync(resolved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (stats?.isDirectory()) {
    const inside = path.join(resolved, fileName);
    if (fs.statSync(inside, { throwIfNoEntry: false })?.isDirectory()) throw new AppError('invalid-input', `${inside} is a folder, not a file: remove it or give another file name`);
    return inside;
  }
  if (/[\\/]$/.test(destination)) throw new AppError('not-found', `the folder ${resolved} does not exist: create it first or give a file name`);
  if (stats && !stats.isFile()) throw new AppError('invalid-input', `${resolved} is not a regular file: give a file name or a folder`);
  const folder = path.dirname(resolved);
  if (!fs.existsSync(folder)) throw new AppError('not-found', `the folder ${folder} does not exist: create it first or write the report elsewhere`);
  return resolved;
}

export async function exportReport(ctx: ServiceContext, input: ParsedInput<'report.export'>): Promise<ExportedReport> {
  const { markdown, fileName } = renderReport(ctx, { id: input.id, kind: input.kind });
  const file = targetFile(ctx, input.destination, fileName);
  const bytes = Buffer.from(markdown, 'utf8');
  try {
    writeFileAtomic(file, bytes);
  } catch (error) {
    throw writeFailure(error, path.dirname(file));
  }
  return { incidentId: input.id, kind: input.kind, path: file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A report that could not be written: a permission problem said as one, anything else as it was. */
export function writeFailure(error: unknown, folder: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new AppError('forbidden', `cannot write the report in ${folder}: permission denied. Choose a folder you can write to`);
  return error;
}
