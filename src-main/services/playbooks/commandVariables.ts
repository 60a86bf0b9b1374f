import { AppError, type IncidentVariable, type IncidentVariables, type ParsedInput, type PlaybookVariable } from '../../contract';
import { eventTypes, type IncidentState } from '../../domain/incidents/incidentState';
import { describeVariables, foldVariables } from '../../domain/incidents/variables';
import { isBuiltinPlaceholder } from '../../domain/playbooks/placeholders';
import { listSteps } from '../../store/checklistRepo';
import type { ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { storageRedactor } from '../redaction/redaction';

/** Values the incident itself gives its commands; a responder's variable never overrides them. */
export function builtinValues(state: IncidentState): Record<string, string> {
  return {
    INCIDENT_ID: state.id,
    SEVERITY: state.severity,
    DETECTED_AT: state.declaredAt,
    DECLARED_AT: state.declaredAt,
    DATE: state.declaredAt.slice(0, 10).replaceAll('-', ''),
    TITLE: state.title,
    COMMANDER: state.commander,
    SCENARIO: state.scenario,
  };
}

function parsed(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The values set on the incident, from its events (so a merged history from another laptop counts at once). */
export function storedVariables(ctx: ServiceContext, incidentId: string): Record<string, string> {
  const rows = ctx.db.prepare<[string, string], { payload: string }>('SELECT payload FROM events WHERE incident_id = ? AND type = ? ORDER BY lamport, hash').all(incidentId, eventTypes.variablesSet);
  return foldVariables(rows.map((row) => parsed(row.payload)));
}

/** The declarations snapshotted with the checklist: the playbook file may have changed since. */
function declaredVariables(ctx: ServiceContext, incidentId: string): PlaybookVariable[] {
  const row = ctx.db
    .prepare<[string, string], { variables: string | null }>("SELECT json_extract(payload, '$.variables') AS variables FROM events WHERE incident_id = ? AND type = ? ORDER BY lamport DESC, hash DESC LIMIT 1")
    .get(incidentId, eventTypes.checklistSnapshotted);
  const list: unknown = row?.variables ? JSON.parse(row.variables) : [];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: Record<string, unknown>) =>
    typeof item?.name === 'string' && typeof item.label === 'string'
      ? [{ name: item.name, label: item.label, example: typeof item.example === 'string' ? item.example : '', pattern: typeof item.pattern === 'string' ? item.pattern : null }]
      : [],
  );
}

/** Every value the incident's commands are filled with. */
export function commandValues(state: IncidentState, stored: Readonly<Record<string, string>>): Record<string, string> {
  return { ...stored, ...builtinValues(state) };
}

export function incidentVariables(ctx: ServiceContext, incidentId: string, stored: Readonly<Record<string, string>> = storedVariables(ctx, incidentId)): IncidentVariable[] {
  const commands = listSteps(ctx.db, incidentId).map((step) => step.command);
  return describeVariables(commands, declaredVariables(ctx, incidentId), stored);
}

export function getVariables(ctx: ServiceContext, input: ParsedInput<'incident.variables'>): IncidentVariables {
  requireIncident(ctx, input.id);
  return { incidentId: input.id, variables: incidentVariables(ctx, input.id) };
}

const matchesWhole = (pattern: string, value: string) => {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return true;
  }
};

/** Why a value may not go into the incident's commands, or null. Never echoes the value: it may be a secret. */
function refusal(variable: IncidentVariable, value: string, looksSecret: (value: string) => string | null): string | null {
  const secret = looksSecret(value);
  if (secret) return `looks like a secret (${secret}): nothing was stored. Commands are copied in clear; keep secrets in the vault (firebreak vault set NAME)`;
  if (value.startsWith('-')) return 'must not start with -: the command would read it as an option';
  if (variable.pattern && !matchesWhole(variable.pattern, value)) return `must look like ${variable.example || variable.label} (the playbook asks for ${variable.pattern})`;
  return null;
}

/**
 * Sets values for the placeholders of the incident's commands, asked once and used by every step.
 * A value that looks like a secret is refused, not redacted: a redacted value would make every
 * command that uses it wrong.
 */
export function setVariables(ctx: ServiceContext, input: ParsedInput<'incident.setVariables'>): IncidentVariables {
  const state = requireIncident(ctx, input.id);
  const stored = storedVariables(ctx, state.id);
  const known = new Map(incidentVariables(ctx, state.id, stored).map((variable) => [variable.name, variable]));
  const redactor = storageRedactor(ctx);
  const looksSecret = (value: string) => {
    const first = redactor(value).redactions[0];
    return first ? `${first.description}, ${first.preview}` : null;
  };
  const problems: { field: string; message: string }[] = [];
  for (const [name, value] of Object.entries(input.values)) {
    const variable = known.get(name);
    const problem = isBuiltinPlaceholder(name)
      ? `is filled from the incident itself`
      : !variable
        ? `is not used by any command of ${state.id}${known.size ? `: the values to fill are ${[...known.keys()].map((key) => `{${key}}`).join(', ')}` : ''}`
        : value === ''
          ? null
          : refusal(variable, value, looksSecret);
    if (problem) problems.push({ field: `values.${name}`, message: `{${name}} ${problem}` });
  }
  if (problems.length) throw new AppError('invalid-input', problems.map((problem) => problem.message).join('; '), problems);
  const changed = Object.fromEntries(Object.entries(input.values).filter(([name, value]) => (stored[name] ?? '') !== value));
  if (Object.keys(changed).length === 0) return { incidentId: state.id, variables: [...known.values()] };
  recordChange(ctx, state.id, (current) => ({ next: current, type: eventTypes.variablesSet, payload: { values: changed } }));
  return { incidentId: state.id, variables: incidentVariables(ctx, state.id) };
}
