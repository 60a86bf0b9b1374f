import path from 'node:path';
import { AppError } from '../../contract';
import { parseWellKnownPackages, type WellKnownPackages } from '../../domain/supply/typosquat';
import { readUserFile } from '../userFiles';

// The shipped list is a few KB; megabytes would be a mistake.
const maxListBytes = 4 * 1024 * 1024;
const cache = new Map<string, WellKnownPackages>();

/**
 * The well-known package names (resources/supply/well-known.yaml) that `scan lockdiff` compares
 * added names with, read and validated once per process. A broken list is an error, never "no typosquats".
 */
export function loadWellKnownPackages(resourcesDir: string): WellKnownPackages {
  const file = path.join(resourcesDir, 'supply', 'well-known.yaml');
  const held = cache.get(file);
  if (held) return held;
  const read = readUserFile(file, maxListBytes);
  if (!read.ok) {
    const { kind, line, message } = read.problem;
    throw new AppError(kind === 'unreadable' ? 'io-error' : 'invalid-input', `the well-known package list ${file}${line ? `:${line}` : ''} ${message}`);
  }
  const list = parseWellKnownPackages(read.text, file);
  cache.set(file, list);
  return list;
}
