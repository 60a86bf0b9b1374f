import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretRules } from '../../domain/scans/secretRules';
import { writeFileAtomic } from '../../jobs/atomicFile';
import { loadSecretRules } from '../scans/secretRulesFile';

const cacheFormat = 1;
let memo: { file: string; mtimeMs: number; size: number; rules: SecretRules } | null = null;

function readCache(file: string): SecretRules | null {
  try {
    const cached = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: unknown; specs?: unknown; globalAllow?: unknown };
    if (cached.format !== cacheFormat || !Array.isArray(cached.specs) || !Array.isArray(cached.globalAllow)) return null;
    return { specs: cached.specs as SecretRules['specs'], globalAllow: cached.globalAllow as string[] };
  } catch {
    return null;
  }
}

/**
 * The secret rules, for redaction. Parsing and validating their YAML takes a few hundred
 * milliseconds on a cold start, more than a CLI command itself, and every stored text needs them:
 * the validated rules are kept as JSON in `cacheDir` under the SHA-256 of the rules file, so an
 * edited file is parsed again and a missing or damaged cache only costs that time once. Without
 * `cacheDir` the rules are parsed as the scanner parses them; with `write` false the cache is only read.
 */
export function redactionSecretRules(resourcesDir: string, cacheDir: string | null, write = true): SecretRules {
  const file = path.join(resourcesDir, 'rules', 'secrets.yaml');
  let stats: fs.Stats;
  let source: Buffer;
  try {
    stats = fs.statSync(file);
    if (memo && memo.file === file && memo.mtimeMs === stats.mtimeMs && memo.size === stats.size) return memo.rules;
    source = fs.readFileSync(file);
  } catch {
    // loadSecretRules says precisely what is wrong with the file.
    return loadSecretRules(file);
  }
  memo = { file, mtimeMs: stats.mtimeMs, size: stats.size, rules: loadCached(file, source, cacheDir, write) };
  return memo.rules;
}

function loadCached(file: string, source: Buffer, cacheDir: string | null, write: boolean): SecretRules {
  const cacheFile = cacheDir ? path.join(cacheDir, `secret-rules-${createHash('sha256').update(source).digest('hex').slice(0, 32)}.json`) : null;
  const cached = cacheFile ? readCache(cacheFile) : null;
  if (cached) return cached;
  const rules = loadSecretRules(file);
  if (cacheFile && write) {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeFileAtomic(cacheFile, JSON.stringify({ format: cacheFormat, specs: rules.specs, globalAllow: rules.globalAllow }));
    } catch {
      // A cache that cannot be written (read-only or full disk) only means parsing again next time.
    }
  }
  return rules;
}
