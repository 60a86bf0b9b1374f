import type { Command } from 'commander';
import type { IncidentVariables } from '../contract';
import { call, invalid } from './context';
import { report, type OutputMode } from './output';
import { table } from './table';

type Finish = (code: number) => void;

export function formatVariables(value: IncidentVariables): string {
  if (value.variables.length === 0) return `${value.incidentId}: its commands need no values beyond what the incident fills`;
  const rows = value.variables.map((variable) => [`{${variable.name}}`, variable.value ?? '(not set)', variable.label, variable.example, String(variable.usedBy)]);
  const missing = value.variables.filter((variable) => variable.value === null).map((variable) => variable.name);
  const hint = missing.length ? `\n\nSet with: firebreak incident vars ${value.incidentId} ${missing.map((name) => `--set ${name}=…`).join(' ')}` : '';
  return `${table(['PLACEHOLDER', 'VALUE', 'WHAT', 'EXAMPLE', 'STEPS'], rows)}${hint}`;
}

/** `NAME=value` → [NAME, value]; the value may itself hold `=`. */
export function parseAssignment(text: string): [string, string] | null {
  const at = text.indexOf('=');
  return at > 0 ? [text.slice(0, at).replace(/^\{(.*)\}$/, '$1'), text.slice(at + 1)] : null;
}

export function registerVariableCommands(program: Command, mode: () => OutputMode, finish: Finish): void {
  const incident = program.commands.find((command) => command.name() === 'incident')!;

  incident
    .command('vars <id>')
    .description("the values the incident's commands need ({SHORT_NAME} …), asked once and used by every step; --set stores them (quoted where used; a secret is refused)")
    .option('--set <NAME=value>', 'set a value; an empty value clears it (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .action((id: string, options: { set: string[] }) => {
      if (options.set.length === 0) return finish(report(mode(), call<IncidentVariables>('incident.variables', { id }), formatVariables));
      const pairs = options.set.map(parseAssignment);
      const bad = options.set.find((_, index) => pairs[index] === null);
      if (bad !== undefined) return finish(report(mode(), invalid(`--set '${bad}' is not NAME=value, like --set SHORT_NAME=checkout-key-leak`), () => ''));
      const values = Object.fromEntries(pairs as [string, string][]);
      finish(report(mode(), call<IncidentVariables>('incident.setVariables', { id, values }), formatVariables));
    });
}
