import { createHash } from 'node:crypto';
import type { SecretRules } from '../../domain/scans/secretRules';

/**
 * The shipped rules file's SHA-256 and its rules, read from its YAML and validated by the build
 * (scripts/build.mjs) with the very code that validates an edited file. No YAML parser or schema
 * library is needed to use them: a plain secret scan starts without either (cli/scanSecretsFast.ts).
 */
export interface ShippedRules {
  sha256: string;
  rules: SecretRules;
}

declare const __FIREBREAK_SHIPPED_SECRET_RULES__: ShippedRules | undefined;
const builtIn = typeof __FIREBREAK_SHIPPED_SECRET_RULES__ === 'undefined' ? undefined : __FIREBREAK_SHIPPED_SECRET_RULES__;

/** The rules the build read from these very bytes, validated; null for any other file (edited, or another resources folder). */
export function shippedRulesFor(source: Buffer, shipped: ShippedRules | undefined = builtIn): SecretRules | null {
  if (!shipped || createHash('sha256').update(source).digest('hex') !== shipped.sha256) return null;
  // Validated by the build: doing it again costs every command tens of milliseconds.
  return shipped.rules;
}
