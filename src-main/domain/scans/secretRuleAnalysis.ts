import { createHash } from 'node:crypto';
import { leadingExactLiterals, requiredLiterals, startsWithKeyword } from './keywordAnchor';
import type { SecretRuleSpec } from './secretRules';

/**
 * What compiling learns of each rule's regex before any text (keywordAnchor.ts), by rule in the
 * rules file's order. Reading 477 regexes costs a fresh worker tens of milliseconds, so it is done
 * once (for the shipped rules by the build, for an edited file by the main thread) and handed over.
 */
export interface SecretRuleAnalysis {
  /** SHA-256 of what was read: each rule's regex, flags and keywords, in order. */
  digest: string;
  /** Whether every match of the rule begins with one of its keywords. */
  anchored: boolean[];
  /** For a rule not anchored: texts one of which every match begins with, when known. */
  literals: (string[] | null)[];
  /** Texts every match of the rule holds (for a rule reading whole files: one lacking them is skipped). */
  required: (string[] | null)[];
}

type Analysed = Pick<SecretRuleSpec, 'regex' | 'flags' | 'keywords'>;

export function analysisDigest(specs: readonly Analysed[]): string {
  return createHash('sha256')
    .update(JSON.stringify(specs.map((spec) => [spec.regex, spec.flags, spec.keywords])))
    .digest('hex');
}

export function analyseRules(specs: readonly Analysed[], digest = analysisDigest(specs)): SecretRuleAnalysis {
  const anchored = specs.map((spec) => startsWithKeyword(spec.regex, spec.keywords));
  return {
    digest,
    anchored,
    literals: specs.map((spec, index) => (anchored[index] ? null : leadingExactLiterals(spec.regex, spec.flags))),
    required: specs.map((spec) => requiredLiterals(spec.regex, spec.flags)),
  };
}

/**
 * The first analysis offered that was made from these very specs; any other (stale, of other
 * rules, malformed) is ignored and the specs are read here: what a scan finds never depends on it.
 */
export function analysisFor(specs: readonly Analysed[], ...offered: (SecretRuleAnalysis | undefined)[]): SecretRuleAnalysis {
  const digest = analysisDigest(specs);
  const fits = (analysis: SecretRuleAnalysis | undefined): analysis is SecretRuleAnalysis =>
    analysis?.digest === digest && Array.isArray(analysis.anchored) && analysis.anchored.length === specs.length && Array.isArray(analysis.literals) && analysis.literals.length === specs.length && Array.isArray(analysis.required) && analysis.required.length === specs.length;
  return offered.find(fits) ?? analyseRules(specs, digest);
}
