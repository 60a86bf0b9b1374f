import fs from 'node:fs';
import path from 'node:path';
import { AppError, phases, type Playbook, type PlaybookProblem, type PlaybookSummary } from '../../contract';
import { parsePlaybook, playbookFromValue } from '../../domain/playbooks/playbook';
import type { ServiceContext } from '../context';
import { shippedYamlValue } from '../shippedYaml';
import { readUserFile, yamlFilesIn } from '../userFiles';

export const maxPlaybookBytes = 1024 * 1024;

export interface PlaybookCatalog {
  playbooks: Playbook[];
  problems: PlaybookProblem[];
}

/** A problem says whether the file could not be read at all (`playbook validate` exits 2 then) or is not a valid playbook. */
export type ReadResult = { playbook: Omit<Playbook, 'origin' | 'file'> } | { problem: PlaybookProblem; unreadable: boolean };

// Parsed files by path, kept while size and mtime are unchanged: an edited file is re-read, an
// unchanged one costs a stat (and a refused bomb is refused once, not on every declaration).
const parsedFiles = new Map<string, { size: number; mtimeMs: number; result: ReadResult }>();

/** Reads one playbook file under the user-file limits; never throws. */
export function readPlaybookFile(file: string): ReadResult {
  try {
    const stats = fs.statSync(file);
    const cached = parsedFiles.get(file);
    if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return cached.result;
  } catch {
    // Not cached: readUserFile says precisely what is wrong.
  }
  const read = readUserFile(file, maxPlaybookBytes);
  if (!read.ok) {
    const { kind, ...problem } = read.problem;
    return { problem: { ...problem, path: '' }, unreadable: kind === 'unreadable' };
  }
  // A file with exactly the bytes of a shipped playbook skips the YAML parse (the build read it).
  const shipped = shippedYamlValue(read.text);
  const preparsed = shipped && playbookFromValue(shipped.value);
  const parsed = preparsed ? { playbook: preparsed } : parsePlaybook(read.text, file);
  const result: ReadResult = 'problem' in parsed ? { problem: parsed.problem, unreadable: false } : parsed;
  parsedFiles.set(file, { size: read.stats.size, mtimeMs: read.stats.mtimeMs, result });
  return result;
}

// Every declaration reads the folder: a folder flooded with files must not make that slow.
export const maxPlaybookFiles = 1_000;

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
    const { files, problem } = yamlFilesIn(dir, maxPlaybookFiles, 'playbooks', 'playbooks');
    if (problem) problems.push({ file: dir, line: null, path: '', message: problem });
    for (const file of files) {
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
  const { playbooks, problems } = loadPlaybooks(ctx);
  const found = playbooks.find((playbook) => playbook.id === id);
  const broken = problems.find((problem) => path.basename(problem.file).replace(/\.ya?ml$/i, '') === id);
  if (!found && broken) {
    throw new AppError('invalid-input', `the playbook for scenario '${id}' is broken and was skipped: ${describeProblem(broken)}`, [{ field: 'scenario', message: 'its playbook file is broken' }]);
  }
  if (!found) {
    throw new AppError('invalid-input', `unknown scenario '${id}': expected one of ${playbooks.map((playbook) => playbook.id).join(', ')}`, [
      { field: 'scenario', message: 'must be the id of a playbook' },
    ]);
  }
  return found;
}

/** One line a responder can act on: file, line, path and what is wrong. */
export function describeProblem(problem: PlaybookProblem): string {
  return `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}
