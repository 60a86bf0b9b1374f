import { createHash } from 'node:crypto';

/** SHA-256 of a shipped YAML file's bytes → its parsed value, read by the build (scripts/build.mjs). */
export type ShippedYaml = Record<string, unknown>;

declare const __FIREBREAK_SHIPPED_YAML__: ShippedYaml | undefined;
const builtIn = typeof __FIREBREAK_SHIPPED_YAML__ === 'undefined' ? undefined : __FIREBREAK_SHIPPED_YAML__;

/**
 * The value the build parsed from exactly these bytes (a shipped playbook or the escalation
 * matrix), or null for any other text: an edited file is parsed, under limits, like any user file.
 * The caller still validates the value, so a stale table can only cost the parse it saves.
 */
export function shippedYamlValue(source: string | Buffer, shipped: ShippedYaml | undefined = builtIn): { value: unknown } | null {
  if (!shipped) return null;
  const digest = createHash('sha256').update(source).digest('hex');
  return Object.hasOwn(shipped, digest) ? { value: shipped[digest] } : null;
}
