import fs from 'node:fs';
import { AppError } from '../../contract';
import { parseRules, type SecretRules } from '../../domain/scans/secretRules';
import { readUserFile } from '../userFiles';

// The shipped rules are ~20 KB; a rules file megabytes long is a mistake or an attack.
const maxRulesBytes = 4 * 1024 * 1024;

let cached: { file: string; mtimeMs: number; size: number; rules: SecretRules } | null = null;

/**
 * Reads and validates the secret rules once per change of the file: parsing the YAML costs more
 * than a small scan. A broken rules file is an error, never "no findings".
 */
export function loadSecretRules(file: string): SecretRules {
  try {
    const stats = fs.statSync(file);
    if (cached && cached.file === file && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.rules;
  } catch {
    // Not cached: readUserFile says precisely what is wrong.
  }
  const read = readUserFile(file, maxRulesBytes);
  if (!read.ok) {
    const { kind, line, message } = read.problem;
    throw new AppError(kind === 'unreadable' ? 'io-error' : 'invalid-input', `the secret rules file ${file}${line ? `:${line}` : ''} ${message}`);
  }
  const parsed = parseRules(read.text);
  if (!parsed.ok) throw new AppError('invalid-input', `${file}: ${parsed.message}`);
  cached = { file, mtimeMs: read.stats.mtimeMs, size: read.stats.size, rules: { specs: parsed.specs, globalAllow: parsed.globalAllow } };
  return cached.rules;
}
