import { lineOf } from '../yamlLines';
import { z } from 'zod';
import { defaultLiveProfile, phases, stepActionTypes, type Playbook, type PlaybookProblem } from '../../contract';
import { scanKindIds } from '../scans/scanCatalog';
import { defaultYamlLimits, parseYamlUnderLimits, type YamlLimits } from '../userYaml';
import { builtinPlaceholders, isBuiltinPlaceholder, placeholdersIn, unsafePlaceholders, variableNamePattern } from './placeholders';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be lowercase letters, digits and dashes, like revoke-credential' });

// Bounds the work validating a file does, however its aliases are arranged.
export const maxPlaybookSteps = 500;

const stepSchema = z
  .object({
    id: slug,
    phase: z.enum(phases, { error: `must be one of ${phases.join(', ')}` }),
    text: z.string({ error: 'is required' }).trim().min(1, { message: 'must not be empty' }).max(300, { message: 'must be at most 300 characters' }),
    detail: z.string().trim().max(4_000).default(''),
    command: z.string().trim().max(4_000).default(''),
    action: z
      .object({ type: z.enum(stepActionTypes), target: slug.optional() })
      .strict()
      // Acknowledging needs nothing more; a live response without a profile is the quick one; a scan, collection or template must say which.
      .refine((action) => action.type === 'acknowledge' || action.type === 'live-response' || action.target !== undefined, { message: 'needs a target (which scan, collection or template)', path: ['target'] })
      .transform((action) => ({ type: action.type, target: action.target ?? (action.type === 'live-response' ? defaultLiveProfile : '') }))
      .nullable()
      .default(null),
    critical: z.boolean().default(false),
  })
  .strict();

/** A pattern is matched against the whole value; one that does not compile is the file's error. */
function compiles(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`, 'u');
    return true;
  } catch {
    return false;
  }
}

const variableSchema = z
  .object({
    name: z.string({ error: 'is required' }).regex(variableNamePattern, { message: 'must be capitals, digits and underscores, like SHORT_NAME' }),
    label: z.string({ error: 'is required' }).trim().min(1, { message: 'must not be empty' }).max(120, { message: 'must be at most 120 characters' }),
    example: z.string().trim().max(200).default(''),
    pattern: z.string().max(200, { message: 'must be at most 200 characters' }).refine(compiles, { message: 'is not a valid regular expression' }).nullable().default(null),
  })
  .strict();

const playbookSchema = z
  .object({
    id: slug,
    title: z.string({ error: 'is required' }).trim().min(1, { message: 'must not be empty' }).max(120),
    description: z.string().trim().max(2_000).default(''),
    severityRank: z.number().int().min(0).max(9).nullable().default(null),
    source: z.string().trim().max(500).default(''),
    variables: z.array(variableSchema).max(50, { message: 'must be at most 50 variables' }).default([]),
    steps: z.array(stepSchema).min(1, { message: 'needs at least one step' }).max(maxPlaybookSteps, { message: `must be at most ${maxPlaybookSteps} steps` }),
  })
  .strict()
  .superRefine((playbook, issues) => {
    const seen = new Set<string>();
    playbook.steps.forEach((step, index) => {
      if (seen.has(step.id)) issues.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `duplicate step id '${step.id}'` });
      seen.add(step.id);
      // A scan link names a kind the console knows, so it is never a dead link.
      if (step.action?.type === 'scan' && !scanKindIds.includes(step.action.target)) {
        issues.addIssue({ code: 'custom', path: ['steps', index, 'action', 'target'], message: `unknown scan kind '${step.action.target}': must be one of ${scanKindIds.join(', ')}` });
      }
    });
    const declared = new Set<string>();
    playbook.variables.forEach((variable, index) => {
      const path = ['variables', index, 'name'];
      if (isBuiltinPlaceholder(variable.name)) issues.addIssue({ code: 'custom', path, message: `{${variable.name}} is filled from the incident itself: remove it from variables` });
      else if (declared.has(variable.name)) issues.addIssue({ code: 'custom', path, message: `duplicate variable {${variable.name}}` });
      declared.add(variable.name);
    });
    playbook.steps.forEach((step, index) => {
      const path = ['steps', index, 'command'];
      for (const name of placeholdersIn(step.command)) {
        if (!isBuiltinPlaceholder(name) && !declared.has(name)) {
          issues.addIssue({ code: 'custom', path, message: `step '${step.id}' uses {${name}}, which is not declared: add it under variables (name, label, example), or use one the incident fills (${builtinPlaceholders.join(', ')})` });
        }
      }
      for (const { name, context } of unsafePlaceholders(step.command)) {
        issues.addIssue({ code: 'custom', path, message: `step '${step.id}' has {${name}} ${context}: write it bare, the console quotes each value so it stays one argument` });
      }
    });
  });

export type ParsedPlaybook = Omit<Playbook, 'origin' | 'file'>;

/**
 * Parses and validates one playbook file. A problem names the file, the line and the path of
 * what is wrong, so a responder can fix it without reading the schema.
 */
export function parsePlaybook(source: string, file: string, limits: YamlLimits = defaultYamlLimits): { playbook: ParsedPlaybook } | { problem: PlaybookProblem } {
  const yaml = parseYamlUnderLimits(source, limits);
  if (!yaml.ok) return { problem: { file, line: yaml.line, path: '', message: yaml.message } };
  const parsed = playbookSchema.safeParse(yaml.value);
  if (parsed.success) return { playbook: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String);
  return { problem: { file, line: lineOf(yaml.doc, yaml.lineCounter, issue.path as (string | number)[]), path: path.join('.'), message: issue.message } };
}

/** A playbook from an already parsed value (the build's reading of a shipped file), or null when it does not validate. */
export function playbookFromValue(value: unknown): ParsedPlaybook | null {
  const parsed = playbookSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

