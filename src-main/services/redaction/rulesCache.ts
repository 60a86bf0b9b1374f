import fs from 'node:fs';
import path from 'node:path';
import type { SecretRules } from '../../domain/scans/secretRules';
import { loadSecretRules } from '../scans/secretRulesFile';
import { shippedRulesFor } from './shippedRules';

let memo: { file: string; mtimeMs: number; size: number; rules: SecretRules } | null = null;

/**
 * The secret rules, for redaction. Parsing their YAML takes a few hundred milliseconds on a cold
 * start, more than a CLI command itself, and every stored text needs them: the shipped rules come
 * already read and validated from the bundle. Nothing in the data dir is trusted for them:
 * rules kept there could be swapped for none by anyone who can write a file, and every secret
 * stored after would be stored whole. An edited rules file is parsed as the scanner parses it.
 */
export function redactionSecretRules(resourcesDir: string): SecretRules {
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
  memo = { file, mtimeMs: stats.mtimeMs, size: stats.size, rules: shippedRulesFor(source) ?? loadSecretRules(file) };
  return memo.rules;
}
