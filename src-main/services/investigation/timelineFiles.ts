import fs from 'node:fs';
import path from 'node:path';
import { AppError, type OperationResult, type ParsedInput, type TimelineImport } from '../../contract';
import { parseCsv, writeCsv } from '../../domain/investigation/timeline/csv';
import { investigationEventTypes, type TimelineEntryPayload } from '../../domain/investigation/investigationEvents';
import { formatInOffset, parseOccurredTime } from '../../domain/investigation/timeline/occurredTime';
import { cellsOfRow, draftOfCells, entryRow, exportedLinks, requiredColumns, timelineColumns, type ExportedEntry, type ImportedDraft, type TimelineColumn } from '../../domain/investigation/timeline/timelineRows';
import { writeError, writeFileAtomic } from '../../jobs/atomicFile';
import { appendEvent } from '../../store/eventLog';
import { updateIncident } from '../../store/incidentRepo';
import { listTimelineEvents } from '../../store/timelineEvents';
import { readTransaction, writeTransaction } from '../../store/transaction';
import { assertNotConsoleFile } from '../consoleFiles';
import { currentActor, nowIso, type ServiceContext } from '../context';
import { requireIncident } from '../incidents/incidentChange';
import { storageRedactor } from '../redaction/redaction';
import { readUserFile } from '../userFiles';
import { linkIndexOf } from './linkIds';
import { checkTechniques } from './techniqueCheck';
import { draftSecret } from './timelineSecrets';
import { entryOf, sortTimed, timedEvents } from './timelineEntries';

export const maxImportBytes = 20 * 1024 * 1024;
export const maxImportRows = 50_000;

/** The timeline by when each entry happened, with links by identity. */
function exportedEntries(ctx: ServiceContext, incidentId: string) {
  return readTransaction(ctx.db, () => {
    requireIncident(ctx, incidentId);
    const events = listTimelineEvents(ctx.db, incidentId);
    const index = linkIndexOf(events);
    return sortTimed(timedEvents(events), 'occurred').map(({ event, keys }) => ({ entry: entryOf(event, keys, index), keys }));
  });
}

/** A folder gets `ID-timeline.csv`; a file is replaced whole (as report.export does); never the console's own files. */
function outputFile(ctx: ServiceContext, output: string, fileName: string): string {
  const resolved = path.resolve(output);
  const stats = fs.statSync(resolved, { throwIfNoEntry: false });
  const file = stats?.isDirectory() ? path.join(resolved, fileName) : resolved;
  if (!stats?.isDirectory() && /[\\/]$/.test(output)) throw new AppError('not-found', `the folder ${resolved} does not exist: create it first or give a file name`);
  const fileStats = fs.statSync(file, { throwIfNoEntry: false });
  if (fileStats && !fileStats.isFile()) throw new AppError('invalid-input', `${file} is not a regular file: give a file name or a folder`);
  if (!fs.existsSync(path.dirname(file))) throw new AppError('not-found', `the folder ${path.dirname(file)} does not exist: create it first or write the timeline elsewhere`);
  assertNotConsoleFile(ctx.dataDir, file, 'timeline');
  return file;
}

export function exportTimeline(ctx: ServiceContext, input: ParsedInput<'timeline.export'>): OperationResult<'timeline.export'> {
  const built = exportedEntries(ctx, input.incidentId);
  let text: string;
  if (input.format === 'csv') {
    const rows = built.map(({ entry, keys }) => {
      // An imported entry keeps who recorded it in the file, and when: exporting it again gives the same row.
      const exported: ExportedEntry = { ...entry, recordedAt: entry.imported?.recordedAt ?? entry.recordedAt, actor: entry.imported?.actor ?? entry.actor, links: keys };
      return entryRow(exported);
    });
    text = writeCsv([[...timelineColumns], ...rows]);
  } else {
    const entries = built.map(({ entry, keys }) => ({ ...entry, links: exportedLinks(keys) }));
    text = `${JSON.stringify({ incidentId: input.incidentId, exportedAt: nowIso(ctx), entries }, null, 2)}\n`;
  }
  if (input.output === undefined) return { format: input.format, entries: built.length, path: null, text };
  const file = outputFile(ctx, input.output, `${input.incidentId}-timeline.${input.format}`);
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    throw writeError(error, file, 'the timeline export');
  }
  return { format: input.format, entries: built.length, path: file, text: null };
}

interface SourceRow {
  line: number;
  /** A JSON export's entries are numbered by position: its lines say little. */
  entry?: number;
  cells: Partial<Record<TimelineColumn, string>>;
  problem?: string;
}

/** The rows of a timeline CSV, each with its 1-based line; a file-level problem throws, naming the file. */
function csvRows(file: string, text: string): SourceRow[] {
  const parsed = parseCsv(text, maxImportRows + 1);
  if (!parsed.ok && parsed.reason.startsWith('holds more')) throw new AppError('invalid-input', `${file} holds more than ${maxImportRows.toLocaleString('en-US')} entries: split the file; nothing was imported`);
  if (!parsed.ok) throw new AppError('invalid-input', `${file}: line ${parsed.line}: ${parsed.reason}; nothing was imported`);
  const [head, ...records] = parsed.records;
  if (!head) throw new AppError('invalid-input', `${file} is empty: a timeline CSV starts with its header (${timelineColumns.join(',')})`);
  const header = head.fields.map((name) => name.trim().toLowerCase());
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (missing.length) {
    throw new AppError('invalid-input', `${file}: line ${head.line}: the header must name the columns ${requiredColumns.join(' and ')} (missing ${missing.join(', ')}); found ${JSON.stringify(head.fields.slice(0, 12).join(',').slice(0, 200))}. See docs/timeline-csv.md`);
  }
  const twice = header.findIndex((name, index) => name !== '' && header.indexOf(name) !== index);
  if (twice >= 0) {
    // Which of the two to read would be a guess: the file is refused rather than half-read.
    throw new AppError('invalid-input', `${file}: line ${head.line}: the header names the column ${header[twice]} twice (columns ${header.indexOf(header[twice]!) + 1} and ${twice + 1}): keep one; nothing was imported`);
  }
  return records.map((record) => {
    if (record.problem) return { line: record.line, cells: {}, problem: record.problem };
    if (record.fields.length > header.length) return { line: record.line, cells: {}, problem: `has ${record.fields.length} fields, the header has ${header.length} (an unquoted comma?)` };
    return { line: record.line, cells: cellsOfRow(header, record.fields) };
  });
}

/** The entries of a JSON export, each numbered as its position in `entries` (1-based). */
function jsonRows(file: string, text: string): SourceRow[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid-input', `${file} is not valid JSON (${(error as Error).message})`);
  }
  const entries = (document as { entries?: unknown })?.entries;
  if (!Array.isArray(entries)) throw new AppError('invalid-input', `${file}: a timeline JSON export holds an "entries" list; this file has none`);
  if (entries.length > maxImportRows) throw new AppError('invalid-input', `${file} holds ${entries.length.toLocaleString('en-US')} entries: at most ${maxImportRows.toLocaleString('en-US')}, split the file`);
  const join = (value: unknown) => (Array.isArray(value) ? value.filter((item) => typeof item === 'string').join(' | ') : '');
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  return entries.map((raw, index): SourceRow => {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const links = (typeof entry.links === 'object' && entry.links !== null ? entry.links : {}) as Record<string, unknown>;
    const imported = (typeof entry.imported === 'object' && entry.imported !== null ? entry.imported : {}) as Record<string, unknown>;
    const position = { line: index + 1, entry: index + 1 };
    const notText = (['summary', 'occurredAt'] as const).find((field) => entry[field] !== undefined && entry[field] !== null && typeof entry[field] !== 'string');
    if (notText) return { ...position, cells: {}, problem: `${notText} is ${kindOf(entry[notText])}, not text` };
    // The same rule as the CSV's occurred_at: a time with no offset or no such day is refused, never guessed.
    const occurred = parseOccurredTime(str(entry.occurredAt));
    const offset = str(entry.occurredOffset);
    return {
      ...position,
      cells: {
        // The moment written in the offset it was given in, as the CSV's occurred_at holds it.
        occurred_at: occurred.ok ? formatInOffset(occurred.utc, /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : occurred.offset) : str(entry.occurredAt),
        recorded_at_utc: str(imported.recordedAt) || str(entry.recordedAt),
        actor: str(imported.actor) || str(entry.actor),
        type: str(entry.type),
        category: str(entry.category),
        text: str(entry.summary),
        indicators: join(links.indicators),
        assets: join(links.assets),
        techniques: join(links.techniques),
        tags: join(links.tags),
      },
    };
  });
}

const kindOf = (value: unknown) => (Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`);

/** A JSON entry's fields go by their JSON names in its reasons. */
const jsonNames: Record<string, string> = { occurred_at: 'occurredAt', text: 'summary', recorded_at_utc: 'imported.recordedAt', indicators: 'links.indicators', assets: 'links.assets', techniques: 'links.techniques', tags: 'links.tags' };
const inJsonNames = (reason: string) => reason.replace(/^(occurred_at|text|recorded_at_utc|indicators|assets|techniques|tags)\b/, (name) => jsonNames[name]!);

function readImportFile(input: ParsedInput<'timeline.import'>): { file: string; text: string } {
  const file = path.resolve(input.path);
  const read = readUserFile(file, maxImportBytes);
  if (!read.ok) {
    const { problem } = read;
    const where = problem.line ? ` (line ${problem.line})` : '';
    const code = problem.message.includes('ENOENT') ? 'not-found' : problem.kind === 'unreadable' ? 'io-error' : 'invalid-input';
    throw new AppError(code, `${file} ${problem.message}${where}: nothing was imported`);
  }
  return { file, text: read.text };
}

export function importTimeline(ctx: ServiceContext, input: ParsedInput<'timeline.import'>): OperationResult<'timeline.import'> {
  requireIncident(ctx, input.incidentId);
  const { file, text } = readImportFile(input);
  const isJson = /\.json$/i.test(file) || /^\uFEFF?\s*\{/.test(text);
  const rows = isJson ? jsonRows(file, text) : csvRows(file, text);
  if (rows.length === 0) throw new AppError('invalid-input', `${file} holds a header and no entries: nothing to import`);
  const now = ctx.clock().getTime();
  const recordedNow = nowIso(ctx);
  const actorNow = currentActor(ctx);
  const rejected: TimelineImport['rejected'] = [];
  const drafts: ImportedDraft[] = [];
  const redact = storageRedactor(ctx);
  const reject = (row: SourceRow, reason: string) => rejected.push(row.entry === undefined ? { line: row.line, reason } : { line: row.line, entry: row.entry, reason: inJsonNames(reason) });
  for (const row of rows) {
    if (row.problem) {
      reject(row, row.problem);
      continue;
    }
    const result = draftOfCells(row.cells, now, recordedNow, actorNow);
    if (!result.ok) {
      reject(row, result.reason);
      continue;
    }
    const secret = draftSecret(redact, result.draft);
    if (secret) {
      reject(row, secret);
      continue;
    }
    try {
      checkTechniques(ctx, result.draft.links.techniques, 'techniques');
    } catch (error) {
      reject(row, error instanceof AppError ? error.message : String(error));
      continue;
    }
    drafts.push(result.draft);
  }
  // All or nothing: a half-imported timeline would be worse than none, and the file can be fixed and read again.
  if (rejected.length) return { imported: 0, rejected };
  let redacted = 0;
  const clean = (value: string) => {
    const result = redact(value);
    if (result.redactions.length) redacted += 1;
    return result.text;
  };
  writeTransaction(ctx.db, () => {
    const state = requireIncident(ctx, input.incidentId);
    const at = nowIso(ctx);
    const actor = currentActor(ctx);
    for (const draft of drafts) {
      // File contents do not pass through the dispatch's input redaction: the same rules run here.
      const payload: TimelineEntryPayload = {
        text: clean(draft.text),
        occurredAt: draft.occurredAt,
        offset: draft.offset,
        category: clean(draft.category),
        links: draft.links,
        imported: { recordedAt: draft.imported.recordedAt, actor: clean(draft.imported.actor) },
      };
      appendEvent(ctx.db, { incidentId: input.incidentId, type: investigationEventTypes.timelineEntry, at, actor, deviceId: ctx.deviceId, payload: payload as unknown as Record<string, unknown> });
    }
    updateIncident(ctx.db, { ...state, updatedAt: at });
  });
  ctx.emit({ type: 'incident.changed', incidentId: input.incidentId });
  return redacted ? { imported: drafts.length, rejected, redacted } : { imported: drafts.length, rejected };
}
