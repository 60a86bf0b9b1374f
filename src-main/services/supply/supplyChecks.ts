import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type ParsedInput, type SupplyCheck, type SupplyCheckList, type SupplyCheckResult } from '../../contract';
import { eventTypes } from '../../domain/incidents/incidentState';
import { writeError, writeFileAtomic } from '../../jobs/atomicFile';
import { findSupplyCheck, insertSupplyCheck, listSupplyCheckRows, supplyCheckExists } from '../../store/supplyCheckRepo';
import { assertNotConsoleFile } from '../consoleFiles';
import type { ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { storageRedactor } from '../redaction/redaction';
import { summarizeSupplyCheck } from './supplyChecksSummary';

function newCheckId(ctx: ServiceContext): string {
  for (;;) {
    const id = `SC-${randomBytes(4).toString('hex')}`;
    if (!supplyCheckExists(ctx.db, id)) return id;
  }
}

/**
 * Every string of a result with its secrets taken out before it is stored: a lockfile's resolved
 * URL may carry a registry token (`https://user:npm_…@registry`), and a suspicion's reason quotes hosts.
 */
function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
  return value;
}

/**
 * Keeps a finished check against its incident: the result (redacted) in supply_checks and a
 * `supply.checked` event on the timeline, in one transaction. Closed and drill incidents take
 * checks as they take log scans: the record of what was looked at stays complete.
 */
export function recordSupplyCheck(ctx: ServiceContext, incidentId: string, inputs: readonly string[], check: SupplyCheckResult): string {
  const redactor = storageRedactor(ctx);
  const redact = (text: string) => redactor(text).text;
  const stored = { kind: check.kind, result: redactStrings(check.result, redact) } as SupplyCheckResult;
  const summary = redact(summarizeSupplyCheck(stored));
  const id = newCheckId(ctx);
  recordChange(ctx, incidentId, (current, at, actor) => ({
    next: current,
    type: eventTypes.supplyChecked,
    payload: { checkId: id, kind: check.kind, summary },
    write: () => insertSupplyCheck(ctx.db, { id, incidentId, kind: check.kind, inputs: inputs.map(redact), summary, result: stored.result, finishedAt: at, actor }),
  }));
  return id;
}

/** Refuses before any work when the incident does not exist: a long audit must not end in "no such incident". */
export function requireIncidentIfAny(ctx: ServiceContext, incidentId: string | undefined): void {
  if (incidentId) requireIncident(ctx, incidentId);
}

export function listSupplyChecks(ctx: ServiceContext, input: ParsedInput<'supply.list'>): SupplyCheckList {
  requireIncident(ctx, input.incidentId);
  return { checks: listSupplyCheckRows(ctx.db, input.incidentId) };
}

export function getSupplyCheck(ctx: ServiceContext, input: ParsedInput<'supply.get'>): SupplyCheck {
  requireIncident(ctx, input.incidentId);
  const check = findSupplyCheck(ctx.db, input.incidentId, input.checkId);
  if (!check) throw new AppError('not-found', `no supply-chain check ${input.checkId} on ${input.incidentId}`);
  return check;
}

/**
 * A path from the caller, which must be absolute: over HTTP a relative one would be resolved
 * against the server's working folder, not the responder's (the CLI resolves its arguments first).
 */
export function absolutePath(given: string, field: string): string {
  if (!path.isAbsolute(given)) throw new AppError('invalid-input', `${field} must be an absolute path: ${given} is relative`, [{ field, message: 'must be an absolute path' }]);
  return path.resolve(given);
}

/** The same file under either name (a link, `a/../a`, a hard link): compared by device and inode. */
function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Where an SBOM or a baseline goes: absolute, in a folder that exists, not a folder itself, never
 * over the console's own files (as report exports), never over a file that exists (above all an
 * input of the command: the lockfile is the incident's evidence, a baseline is known-good once).
 */
export function outputFile(ctx: ServiceContext, output: string, what: string, inputs: readonly string[] = []): string {
  const file = absolutePath(output, 'output');
  const existing = fs.statSync(file, { throwIfNoEntry: false });
  if (/[\\/]$/.test(output) || existing?.isDirectory()) throw new AppError('invalid-input', `${file} is a folder: give the file name to write the ${what} to`, [{ field: 'output', message: 'is a folder' }]);
  const folder = path.dirname(file);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new AppError('not-found', `the folder ${folder} does not exist: create it first or write the ${what} elsewhere`);
  assertNotConsoleFile(ctx.dataDir, file, what);
  if (existing) {
    const input = inputs.find((given) => {
      const stats = fs.statSync(given, { throwIfNoEntry: false });
      return stats !== undefined && sameFile(stats, existing);
    });
    if (input) throw new AppError('invalid-input', `${file} is ${input === file ? '' : `the same file as ${input}, `}the input this ${what} is made from: it is never written over. Give another file name with -o`, [{ field: 'output', message: 'is an input of the command' }]);
    throw new AppError('conflict', `${file} already exists: the ${what} is never written over an existing file. Remove it first if it should be replaced, or give another file name`, [{ field: 'output', message: 'already exists' }]);
  }
  return file;
}

/**
 * JSON written whole (temporary name, sync, then linked under its name only if that is still
 * free): a crash never leaves half an SBOM or baseline, and a file that appeared meanwhile is kept.
 */
export function writeJsonFile(file: string, value: unknown, what: string): void {
  try {
    writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, { exclusive: true });
  } catch (error) {
    throw writeError(error, file, what, 'nothing was written');
  }
}
