import type { IncidentVariable, PlaybookVariable } from '../../contract';
import { isBuiltinPlaceholder, labelOf, placeholdersIn, variableNamePattern } from '../playbooks/placeholders';

/**
 * An incident's variables from its `incident.variablesSet` events, in projection order: each sets
 * the values it names, an empty value clears one. Anything malformed (an event from another
 * release or a hostile bundle) is passed over rather than trusted.
 */
export function foldVariables(payloads: Iterable<Record<string, unknown>>): Record<string, string> {
  const values = new Map<string, string>();
  for (const payload of payloads) {
    const set = payload.values;
    if (typeof set !== 'object' || set === null || Array.isArray(set)) continue;
    for (const [name, value] of Object.entries(set)) {
      if (!variableNamePattern.test(name) || typeof value !== 'string') continue;
      if (value === '') values.delete(name);
      else values.set(name, value);
    }
  }
  return Object.fromEntries([...values].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * What the responder fills for one incident: every placeholder its commands use that the incident
 * does not fill itself, described as the playbook declares it, in the order commands first use it.
 */
export function describeVariables(commands: readonly string[], declared: readonly PlaybookVariable[], values: Readonly<Record<string, string>>): IncidentVariable[] {
  const usedBy = new Map<string, number>();
  for (const command of commands) for (const name of placeholdersIn(command)) if (!isBuiltinPlaceholder(name)) usedBy.set(name, (usedBy.get(name) ?? 0) + 1);
  const byName = new Map(declared.map((variable) => [variable.name, variable]));
  return [...usedBy].map(([name, count]) => {
    const known = byName.get(name);
    return {
      name,
      label: known?.label ?? labelOf(name),
      example: known?.example ?? '',
      pattern: known?.pattern ?? null,
      value: Object.hasOwn(values, name) ? values[name]! : null,
      usedBy: count,
    };
  });
}
