import fs from 'node:fs';
import path from 'node:path';
import { AppError, type SeverityScheme } from '../contract';
import { schemeSchema, severitySchemesFile, type SeveritySchemesFile } from '../domain/incidents/severity';
import { userSchemesDir } from './resourcesDir';
import { readUserFile, unreadableReason } from './userFiles';

export { findResourcesDir, userSchemesDir } from './resourcesDir';

export function loadSeveritySchemes(resourcesDir: string): SeveritySchemesFile & { schemes: SeverityScheme[] } {
  const file = path.join(resourcesDir, 'severity-schemes.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('io-error', `cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = severitySchemesFile.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new AppError('invalid-input', `${file}: ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data;
}

export const maxSchemeBytes = 64 * 1024;
const maxSchemeFiles = 100;

export type UserSchemeRead = { ok: true; scheme: SeverityScheme } | { ok: false; problem: string };

/** Reads and checks one user scheme file under the user-file limits; never throws. */
export function readUserScheme(file: string): UserSchemeRead {
  const read = readUserFile(file, maxSchemeBytes);
  if (!read.ok) return { ok: false, problem: `${file} ${read.problem.message}` };
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (error) {
    return { ok: false, problem: `${file} is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = schemeSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return { ok: false, problem: `${file}: ${first.path.join('.') || '(root)'}: ${first.message}` };
  }
  const id = path.basename(file, '.json');
  if (parsed.data.id !== id) return { ok: false, problem: `${file}: id: is "${parsed.data.id}" but the file name says "${id}"; they must match` };
  return { ok: true, scheme: parsed.data };
}

/**
 * The user schemes beside the shipped ones. A file that cannot be used is skipped with a problem,
 * never stopping start-up; one reusing a shipped id is refused, so an incident's scheme keeps its meaning.
 */
export function loadUserSchemes(dataDir: string, shipped: readonly SeverityScheme[]): { schemes: SeverityScheme[]; problems: string[] } {
  const dir = userSchemesDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { schemes: [], problems: [] };
    return { schemes: [], problems: [`the severity schemes folder ${dir} ${unreadableReason(error)}: none of its schemes were loaded`] };
  }
  const problems: string[] = [];
  if (names.length > maxSchemeFiles) problems.push(`${dir} holds ${names.length} .json files: only the first ${maxSchemeFiles} by name were read`);
  const schemes: SeverityScheme[] = [];
  for (const name of names.slice(0, maxSchemeFiles)) {
    const file = path.join(dir, name);
    const read = readUserScheme(file);
    if (!read.ok) problems.push(read.problem);
    else if (shipped.some((scheme) => scheme.id === read.scheme.id)) problems.push(`${file}: id: "${read.scheme.id}" is a shipped scheme's id and cannot be replaced: rename the file and its id`);
    else schemes.push(read.scheme);
  }
  return { schemes, problems };
}
