import type { Document, LineCounter } from 'yaml';
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

/** The line of the deepest existing node on `path` (a missing key is reported at its parent). */
function lineOf(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | null {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return null;
}

/** The problem in one line: `file:line: collectors.2.timeoutMs: must be a number of milliseconds`. */
export function describeLiveProblem(problem: LiveProfileProblem): string {
  return `${problem.file}${problem.line === null ? '' : `:${problem.line}`}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}
