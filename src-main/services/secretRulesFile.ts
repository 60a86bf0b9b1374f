import fs from 'node:fs';
import { AppError } from '../contract';
import { parseRules, type SecretRules } from '../domain/secretRules';

let cached: { file: string; mtimeMs: number; size: number; rules: SecretRules } | null = null;

/**
 * Reads and validates the secret rules once per change of the file: parsing the YAML costs more
 * than a small scan. A broken rules file is an error, never "no findings".
 */
export function loadSecretRules(file: string): SecretRules {
  let stats: fs.Stats;
  let source: string;
  try {
    stats = fs.statSync(file);
    if (cached && cached.file === file && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.rules;
    source = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('io-error', `cannot read the secret rules at ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const parsed = parseRules(source);
  if (!parsed.ok) throw new AppError('invalid-input', `${file}: ${parsed.message}`);
  cached = { file, mtimeMs: stats.mtimeMs, size: stats.size, rules: { specs: parsed.specs, globalAllow: parsed.globalAllow } };
  return cached.rules;
}
