import fs from 'node:fs';
import path from 'node:path';
import { AppError, phases, type Playbook, type PlaybookProblem, type PlaybookSummary } from '../contract';
import { parsePlaybook } from '../domain/playbook';
import type { ServiceContext } from './context';

export const maxPlaybookBytes = 1024 * 1024;

export interface PlaybookCatalog {
  playbooks: Playbook[];
  problems: PlaybookProblem[];
}

type ReadResult = { playbook: Omit<Playbook, 'origin' | 'file'> } | { problem: PlaybookProblem };

// Parsed files by path, kept while size and mtime are unchanged: an edited file is re-read, an
// unchanged one costs a stat.
const parsedFiles = new Map<string, { size: number; mtimeMs: number; result: ReadResult }>();

/** Reads one file defensively: size-capped, UTF-8 checked, never throws. */
export function readPlaybookFile(file: string): ReadResult {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    return { problem: { file, line: null, path: '', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` } };
  }
  const cached = parsedFiles.get(file);
  if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return cached.result;
  const result = parsePlaybookFile(file, stats);
  parsedFiles.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, result });
  return result;
}

function parsePlaybookFile(file: string, stats: fs.Stats): ReadResult {
  let bytes: Buffer;
  try {
    if (!stats.isFile()) return { problem: { file, line: null, path: '', message: 'not a regular file' } };
    if (stats.size > maxPlaybookBytes) return { problem: { file, line: null, path: '', message: `larger than ${maxPlaybookBytes / 1024} KiB: not a playbook` } };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { problem: { file, line: null, path: '', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` } };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: { file, line: null, path: '', message: 'not valid UTF-8 text' } };
  }
  return parsePlaybook(text, file);
}

function yamlFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => /\.ya?ml$/i.test(name))
      .sort()
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

export function userPlaybooksDir(ctx: ServiceContext): string {
  return path.join(ctx.dataDir, 'playbooks');
}

/**
 * Shipped playbooks, then the responder's own from the data dir (same id replaces the shipped
 * one). Read on every call so a new or fixed file counts without a restart; a broken file is
 * reported and skipped, never blocking the others.
 */
export function loadPlaybooks(ctx: ServiceContext): PlaybookCatalog {
  const byId = new Map<string, Playbook>();
  const problems: PlaybookProblem[] = [];
  const sources: [string, Playbook['origin']][] = [
    [path.join(ctx.resourcesDir, 'playbooks'), 'shipped'],
    [userPlaybooksDir(ctx), 'user'],
  ];
  for (const [dir, origin] of sources) {
    for (const file of yamlFiles(dir)) {
      const result = readPlaybookFile(file);
      if ('problem' in result) problems.push(result.problem);
      else byId.set(result.playbook.id, { ...result.playbook, origin, file });
    }
  }
  return { playbooks: [...byId.values()].sort((a, b) => a.title.localeCompare(b.title)), problems };
}

export function summarize(playbook: Playbook): PlaybookSummary {
  return {
    id: playbook.id,
    title: playbook.title,
    scenario: playbook.id,
    description: playbook.description,
    origin: playbook.origin,
    phases: phases.filter((phase) => playbook.steps.some((step) => step.phase === phase)),
    steps: playbook.steps.length,
    criticalSteps: playbook.steps.filter((step) => step.critical).length,
  };
}

export function requirePlaybook(ctx: ServiceContext, id: string): Playbook {
  const { playbooks } = loadPlaybooks(ctx);
  const found = playbooks.find((playbook) => playbook.id === id);
  if (!found) {
    throw new AppError('invalid-input', `unknown scenario '${id}': expected one of ${playbooks.map((playbook) => playbook.id).join(', ')}`, [
      { field: 'scenario', message: 'must be the id of a playbook' },
    ]);
  }
  return found;
}
