import { AppError, type Lockfile, type LockfileKind, type LockPackage } from '../../../contract';
import { parseCargoLock } from './cargoLock';
import { parseGoSum } from './goSum';
import { baseName, invalidLockfile, lineColumn } from './lockfileText';
import { parseNpmLock } from './npmLock';
import { parsePnpmLock } from './pnpmLock';
import { parsePoetryLock } from './poetryLock';
import type { ProjectManifest } from './projectManifest';
import { parseRequirements } from './requirementsTxt';
import { parseYarnBerry } from './yarnBerry';
import { parseYarnClassic } from './yarnClassic';

const readers: Record<LockfileKind, (file: string, text: string, manifest: ProjectManifest | null) => LockPackage[]> = {
  'package-lock': parseNpmLock,
  'npm-shrinkwrap': parseNpmLock,
  'yarn-classic': parseYarnClassic,
  'yarn-berry': parseYarnBerry,
  pnpm: parsePnpmLock,
  cargo: parseCargoLock,
  'go-sum': parseGoSum,
  requirements: parseRequirements,
  poetry: parsePoetryLock,
};

/** The lockfile kind a file is, by its base name and, where names are shared (yarn.lock), its text; null when not a lockfile. */
export function lockfileKindOf(file: string, text: string): LockfileKind | null {
  const name = baseName(file);
  switch (name) {
    case 'package-lock.json':
      return 'package-lock';
    case 'npm-shrinkwrap.json':
      return 'npm-shrinkwrap';
    case 'yarn.lock':
      // Berry writes YAML with a `__metadata` map; classic never does.
      return /^__metadata:/m.test(text) ? 'yarn-berry' : 'yarn-classic';
    case 'pnpm-lock.yaml':
      return 'pnpm';
    case 'Cargo.lock':
      return 'cargo';
    case 'go.sum':
      return 'go-sum';
    case 'poetry.lock':
      return 'poetry';
    default:
      // requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements/prod.txt …
      return /requirements.*\.txt$/i.test(name) || /(^|[/\\])requirements[/\\][^/\\]+\.txt$/i.test(file) ? 'requirements' : null;
  }
}

/**
 * Packages of one lockfile. Throws AppError('invalid-input') naming the file and where it broke
 * (`yarn.lock: line 12: …`, `package-lock.json: packages["node_modules/qs"].version: …`).
 */
export function parseLockfile(file: string, text: string): Lockfile {
  return parseLockfileWithManifest(file, text, null);
}

/**
 * As parseLockfile, with the project's package.json beside it: npm v1 and yarn classic lockfiles
 * do not record which packages the project declares, so without it their direct flags are a guess.
 */
export function parseLockfileWithManifest(file: string, text: string, manifest: ProjectManifest | null): Lockfile {
  const kind = lockfileKindOf(file, text);
  if (kind === null) {
    throw new AppError(
      'invalid-input',
      `${file}: not a lockfile Firebreak reads: expected package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, Cargo.lock, go.sum, requirements*.txt or poetry.lock`,
    );
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const { line, column } = lineColumn(text, nul);
    throw invalidLockfile(file, `line ${line}, column ${column}`, 'holds a NUL byte: a binary file, not a lockfile');
  }
  // An editor's byte-order mark is not part of the format.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return { file, kind, packages: readers[kind](file, body, manifest) };
}
