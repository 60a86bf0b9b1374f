import type { Incident, IncidentPage } from '../contract';
import { call, context, errorEnvelope, invalid } from './context';
import { emptyListHint, incidentListHeaders, incidentListRow } from './formatIncident';
import { exitCodes, report, stdoutFailed, type OutputMode } from './output';
import { tableWriter } from './table';
import { visibleText } from './visibleText';

/** Rows asked for at a time when every row is printed: memory holds one page, whatever the total. */
const streamPageSize = 500;

export interface ListOptions {
  all?: boolean;
  limit?: string;
  cursor?: string;
}

type Sink = (text: string) => Promise<void>;

/**
 * Writes to stdout and waits until the text is written, so memory holds one page when the reader is
 * slower than the database (a pipe into a pager). A failed write resolves too: the stdout guard
 * (output.ts) reports it and the listing stops at the next page.
 */
const stdoutSink: Sink = (text) =>
  new Promise((resolve) => {
    if (process.stdout.destroyed) return resolve();
    process.stdout.write(text, () => resolve());
  });

/**
 * `incident list`: with --limit, one page (and the cursor of the next); without, every row, page
 * after page, each written as it arrives. --json stays one envelope (`value.incidents[]`), streamed.
 * Every page is read in one snapshot, so `total` and the rows agree however others write meanwhile.
 */
export async function listIncidentsCommand(options: ListOptions, mode: OutputMode, sink: Sink = stdoutSink): Promise<number> {
  if (options.limit !== undefined && !/^\d+$/.test(options.limit)) return report(mode, invalid(`--limit '${options.limit}' is not a whole number of rows`), () => '');
  const scope = options.all ? 'all' : 'open';
  if (options.limit !== undefined) {
    const limit = Number(options.limit);
    return report(mode, call<IncidentPage>('incident.list', { scope, limit, cursor: options.cursor }), (page) => formatPage(page, scope, limit));
  }
  let db;
  try {
    db = context().db;
  } catch (error) {
    return report(mode, errorEnvelope(error), () => '');
  }
  // Deferred: a read snapshot that blocks no writer (WAL); each page's own read joins it.
  db.exec('BEGIN');
  try {
    return await streamAll(scope, options.cursor, mode, sink);
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

function formatPage(page: IncidentPage, scope: 'open' | 'all', limit: number): string {
  if (page.total === 0) return emptyListHint(scope);
  const now = new Date();
  const lines = tableWriter(incidentListHeaders)(page.incidents.map((incident) => incidentListRow(incident, now)));
  if (page.nextCursor) lines.push('', `${page.incidents.length} of ${page.total} shown. Next page: firebreak incident list${scope === 'all' ? ' --all' : ''} --limit ${limit} --cursor ${page.nextCursor}`);
  return lines.join('\n');
}

async function streamAll(scope: 'open' | 'all', start: string | undefined, mode: OutputMode, sink: Sink): Promise<number> {
  const first = call<IncidentPage>('incident.list', { scope, limit: streamPageSize, cursor: start });
  if (!first.ok) return report(mode, first, () => '');
  const table = tableWriter(incidentListHeaders);
  const now = new Date();
  let page = first.value;
  let written = 0;
  if (mode.json) await sink('{"ok":true,"value":{"incidents":[');
  else if (page.total === 0) await sink(`${emptyListHint(scope)}\n`);
  for (;;) {
    await writeRows(page.incidents, written, mode, sink, table, now);
    written += page.incidents.length;
    // A turn of the event loop between pages lets a closed pipe or a failed write be noticed.
    await new Promise(setImmediate);
    if (!page.nextCursor || process.stdout.destroyed || stdoutFailed()) break;
    const next = call<IncidentPage>('incident.list', { scope, limit: streamPageSize, cursor: page.nextCursor });
    if (!next.ok) {
      // The document already started: it ends valid, naming where it stopped, and the error goes to stderr.
      if (mode.json) await sink(`],"total":${page.total},"nextCursor":${JSON.stringify(page.nextCursor)}}}\n`);
      process.stderr.write(`firebreak: the list stopped after ${written} of ${page.total} incidents: ${visibleText(next.error.message)}\n`);
      return exitCodes.error;
    }
    page = next.value;
  }
  if (mode.json) await sink(`],"total":${page.total},"nextCursor":null}}\n`);
  return exitCodes.done;
}

async function writeRows(incidents: Incident[], before: number, mode: OutputMode, sink: Sink, table: (rows: string[][]) => string[], now: Date): Promise<void> {
  if (incidents.length === 0) return;
  if (mode.json) await sink(`${before > 0 ? ',' : ''}${incidents.map((incident) => JSON.stringify(incident)).join(',')}`);
  else await sink(`${table(incidents.map((incident) => incidentListRow(incident, now))).join('\n')}\n`);
}
