// Compiling needs no YAML or schema library: worker threads get rules already validated.
import { buildKeywordAutomaton, type KeywordAutomaton } from './keywordAutomaton';
import type { SecretRules } from './secretRules';
import type { ValueShape } from './secretShape';

export interface CompiledRule {
  id: string;
  description: string;
  regex: RegExp;
  entropy: number | null;
  shape: ValueShape | null;
  allow: RegExp[];
  wholeFile: boolean;
}

/** Rules compiled once, with a keyword automaton that tells which rules a text needs, and where. */
export interface RuleSet {
  rules: CompiledRule[];
  /** A hit's values are the indices of the rules its keyword wakes. */
  keywords: KeywordAutomaton;
  globalAllow: RegExp[];
}

export function compileRules({ specs: inFileOrder, globalAllow }: SecretRules): RuleSet {
  // Rules run in file order, those marked `first` before the others.
  const specs = [...inFileOrder.filter((spec) => spec.first), ...inFileOrder.filter((spec) => !spec.first)];
  const byKeyword = new Map<string, number[]>();
  specs.forEach((spec, index) => {
    for (const keyword of spec.keywords) byKeyword.set(keyword, [...(byKeyword.get(keyword) ?? []), index]);
  });
  return {
    rules: specs.map((spec) => ({
      id: spec.id,
      description: spec.description,
      regex: new RegExp(spec.regex, `gd${spec.flags}`),
      entropy: spec.entropy ?? null,
      shape: spec.shape ?? null,
      allow: spec.allow.map((pattern) => new RegExp(pattern)),
      wholeFile: spec.scope === 'file',
    })),
    keywords: buildKeywordAutomaton([...byKeyword].map(([keyword, values]) => ({ keyword, values }))),
    globalAllow: globalAllow.map((pattern) => new RegExp(pattern)),
  };
}
