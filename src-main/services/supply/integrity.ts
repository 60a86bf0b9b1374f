import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, type IntegrityBaseline, type IntegrityReport } from '../../contract';
import type { IntegrityHashResult } from '../../jobs/supply/integrityHash';
import { runInWorker } from '../../jobs/runInWorker';
import { readUserFile } from '../userFiles';

export interface IntegrityProgress {
  files: number;
  bytes: number;
}

/** The folder as a real absolute path: the root itself may be reached through a link; nothing under it is followed. */
function realFolder(dir: string): string {
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(dir));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError(code === 'ENOENT' ? 'not-found' : 'invalid-input', `cannot read the folder ${dir}: ${code === 'ENOENT' ? 'it does not exist' : code}`);
  }
  if (!fs.statSync(real).isDirectory()) throw new AppError('invalid-input', `${dir} is not a folder: integrity baselines cover a folder's files`);
  return real;
}

// Hashing reads every byte: it runs in a worker thread so the console stays responsive, cancellable through the job registry.
function hashTree(root: string, onProgress?: (progress: IntegrityProgress) => void, signal?: AbortSignal): Promise<IntegrityHashResult> {
  return runInWorker('integrity.hash', { root }, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}), answer: {} });
}

/** SHA-256 and permission bits of every regular file under `dir`, and every symbolic link's target (not followed), sorted by path. */
export async function snapshotIntegrity(dir: string, onProgress?: (progress: IntegrityProgress) => void, signal?: AbortSignal): Promise<{ baseline: IntegrityBaseline; skipped: { path: string; reason: string }[] }> {
  const root = realFolder(dir);
  const { files, links, skipped } = await hashTree(root, onProgress, signal);
  return { baseline: { format: 'firebreak-integrity/1', root, createdAt: new Date().toISOString(), files, links }, skipped };
}

// A million files make about 150 MB of baseline; anything far larger is not one of ours.
const maxBaselineBytes = 512 * 1024 * 1024;

const relativePath = z
  .string()
  .min(1, { message: 'must be a relative path' })
  .refine((value) => !value.startsWith('/') && !value.split('/').some((part) => part === '' || part === '.' || part === '..'), { message: 'must be a relative path without empty, . or .. parts' });

const baselineSchema = z.strictObject({
  format: z.literal('firebreak-integrity/1', { message: "must be 'firebreak-integrity/1' (a baseline written by firebreak integrity snapshot)" }),
  root: z.string().min(1, { message: 'must name the folder the baseline was taken of' }),
  createdAt: z.iso.datetime({ message: 'must be an ISO 8601 date and time' }),
  files: z.array(
    z.strictObject({
      path: relativePath,
      size: z.number().int().nonnegative({ message: 'must be a size in bytes' }),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256: 64 lowercase hex characters' }),
      mode: z.number().int().min(0).max(0o7777, { message: 'must be permission bits (0 to 0o7777)' }).optional(),
    }),
  ),
  links: z.array(z.strictObject({ path: relativePath, target: z.string().min(1, { message: 'must be the link target' }) })).optional(),
});

const placeOf = (parts: readonly PropertyKey[]) => parts.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');

/** Reads and validates a baseline file written by snapshotIntegrity (clear errors for anything else). */
export function readIntegrityBaseline(file: string): IntegrityBaseline {
  const read = readUserFile(file, maxBaselineBytes);
  if (!read.ok) {
    const { kind, message } = read.problem;
    throw new AppError(kind === 'unreadable' ? 'not-found' : 'invalid-input', `the integrity baseline ${file} ${message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch (error) {
    throw new AppError('invalid-input', `the integrity baseline ${file} is not valid JSON (${(error as Error).message})`);
  }
  // The CLI's `--json` envelope of a snapshot holds the baseline too: accept it as saved.
  const envelope = parsed as { ok?: unknown; value?: { baseline?: unknown } } | null;
  if (envelope && typeof envelope === 'object' && envelope.ok === true && envelope.value?.baseline !== undefined) parsed = envelope.value.baseline;
  const result = baselineSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const place = placeOf(issue.path);
    const message = issue.code === 'unrecognized_keys' ? `unexpected field ${issue.keys.map((key) => `'${key}'`).join(', ')}` : issue.message;
    throw new AppError('invalid-input', `the integrity baseline ${file}${place ? ` at ${place}` : ''}: ${message}`);
  }
  const seen = new Set<string>();
  result.data.files.forEach((entry, index) => {
    if (seen.has(entry.path)) throw new AppError('invalid-input', `the integrity baseline ${file} at files[${index}].path: '${entry.path}' is listed twice`);
    seen.add(entry.path);
  });
  (result.data.links ?? []).forEach((entry, index) => {
    if (seen.has(entry.path)) throw new AppError('invalid-input', `the integrity baseline ${file} at links[${index}].path: '${entry.path}' is listed twice`);
    seen.add(entry.path);
  });
  const { links, ...rest } = result.data;
  return links ? { ...rest, links } : rest;
}

/** Changed, added and removed files of `dir` against a baseline; a file that exists but cannot be read now is skipped, not called removed. */
export async function checkIntegrity(dir: string, baseline: IntegrityBaseline, onProgress?: (progress: IntegrityProgress) => void, signal?: AbortSignal): Promise<IntegrityReport> {
  const root = realFolder(dir);
  const { files, links, skipped } = await hashTree(root, onProgress, signal);
  const before = new Map(baseline.files.map((entry) => [entry.path, entry]));
  const report: IntegrityReport = { root, baselineCreatedAt: baseline.createdAt, changed: [], added: [], removed: [], unchanged: 0, skipped };
  for (const entry of files) {
    const old = before.get(entry.path);
    before.delete(entry.path);
    if (old === undefined) report.added.push({ path: entry.path, sha256: entry.sha256 });
    else if (old.sha256 !== entry.sha256) report.changed.push({ path: entry.path, before: old.sha256, after: entry.sha256, what: 'content' });
    // Older baselines recorded no mode: only the bytes can be compared.
    else if (old.mode !== undefined && old.mode !== entry.mode) report.changed.push({ path: entry.path, before: octal(old.mode), after: octal(entry.mode), what: 'mode' });
    else report.unchanged += 1;
  }
  // A file that is there but cannot be read is not gone; one that vanished, or became a link or a pipe, is.
  const unread = new Set(skipped.filter((entry) => entry.reason.startsWith('unreadable')).map((entry) => entry.path));
  for (const [entryPath, entry] of before) if (!unread.has(entryPath)) report.removed.push({ path: entryPath, sha256: entry.sha256 });
  // Older baselines skipped links: calling every link "added" against them would bury the real changes.
  if (baseline.links) compareLinks(baseline.links, links, report);
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  report.changed.sort(byPath);
  report.added.sort(byPath);
  report.removed.sort(byPath);
  return report;
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

function compareLinks(baseline: readonly { path: string; target: string }[], now: readonly { path: string; target: string }[], report: IntegrityReport): void {
  const before = new Map(baseline.map((link) => [link.path, link.target]));
  for (const link of now) {
    const old = before.get(link.path);
    before.delete(link.path);
    if (old === undefined) report.added.push({ path: link.path, sha256: '', linkTarget: link.target });
    else if (old !== link.target) report.changed.push({ path: link.path, before: old, after: link.target, what: 'link-target' });
    else report.unchanged += 1;
  }
  for (const [linkPath, target] of before) report.removed.push({ path: linkPath, sha256: '', linkTarget: target });
}
