import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { rulesFromValue, type SecretRules } from '../../domain/scans/secretRules';
import { loadSecretRules } from '../scans/secretRulesFile';

/**
 * The shipped rules file's SHA-256 and content, read from its YAML by the build (scripts/build.mjs):
 * as validated there (`rules`, what the bundle holds), or as parsed, to validate here (`value`).
 */
export interface ShippedRules {
  sha256: string;
  rules?: SecretRules;
  value?: unknown;
}

declare const __FIREBREAK_SHIPPED_SECRET_RULES__: ShippedRules | undefined;
const builtIn = typeof __FIREBREAK_SHIPPED_SECRET_RULES__ === 'undefined' ? undefined : __FIREBREAK_SHIPPED_SECRET_RULES__;

let memo: { file: string; mtimeMs: number; size: number; rules: SecretRules } | null = null;

/** The rules the build read from these very bytes, validated; null for any other file (edited, or another resources folder). */
export function shippedRulesFor(source: Buffer, shipped: ShippedRules | undefined = builtIn): SecretRules | null {
  if (!shipped || createHash('sha256').update(source).digest('hex') !== shipped.sha256) return null;
  // The build validated them with this very code: doing it again costs every command tens of milliseconds.
  if (shipped.rules) return shipped.rules;
  const parsed = rulesFromValue(shipped.value);
  return parsed.ok ? { specs: parsed.specs, globalAllow: parsed.globalAllow } : null;
}

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
