import { lineOf } from '../yamlLines';
import { liveProfileSchema, type LiveProfileDefinition, type LiveProfileProblem } from '../../contract';
import { defaultYamlLimits, parseYamlUnderLimits, type YamlLimits } from '../userYaml';

/**
 * Reads one collectors/<profile>.yaml: the profile, or the first problem with the file, the line,
 * the path in the document (`collectors.2.argv`) and what was expected.
 */
export function parseLiveProfile(source: string, file: string, limits: YamlLimits = defaultYamlLimits): { profile: LiveProfileDefinition } | { problem: LiveProfileProblem } {
  const yaml = parseYamlUnderLimits(source, limits);
  if (!yaml.ok) return { problem: { file, line: yaml.line, path: '', message: yaml.message } };
  const parsed = liveProfileSchema.safeParse(yaml.value);
  if (parsed.success) return { profile: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { problem: { file, line: lineOf(yaml.doc, yaml.lineCounter, issue.path as (string | number)[]), path: issue.path.map(String).join('.'), message: issue.message } };
}

/** A profile from a value the build already parsed (a shipped file), or null when it does not validate. */
export function liveProfileFromValue(value: unknown): LiveProfileDefinition | null {
  const parsed = liveProfileSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}


/** The problem in one line: `file:line: collectors.2.timeoutMs: must be a number of milliseconds`. */
export function describeLiveProblem(problem: LiveProfileProblem): string {
  return `${problem.file}${problem.line === null ? '' : `:${problem.line}`}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}
