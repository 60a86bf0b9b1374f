// Compiling needs no YAML or schema library: worker threads get rules already validated.
import { automatonFromTables, automatonTables, type AutomatonTables, type KeywordAutomaton, type KeywordEntry } from './keywordAutomaton';
import { analysisFor, type SecretRuleAnalysis } from './secretRuleAnalysis';
import type { SecretRuleSpec, SecretRules } from './secretRules';
import type { ValueShape } from './secretShape';

export interface CompiledRule {
  id: string;
  description: string;
  /** The rule's expression as written: its source without making the RegExp. */
  source: string;
  regex: RegExp;
  entropy: number | null;
  shape: ValueShape | null;
  allow: RegExp[];
  wholeFile: boolean;
  /**
   * The regex made sticky, when every match of it begins with one of the rule's keywords
   * (keywordAnchor.ts): then it is tried only where a keyword begins, not searched for.
   */
  sticky: RegExp | null;
  /**
   * For a rule not begun by its keywords: texts one of which every match begins with, when known
   * (keywordAnchor.ts); its sticky regex is tried only where they occur in what it must read.
   */
  literals: string[] | null;
  /** For a rule reading whole files: texts every match holds, so a file lacking one is not searched. */
  required: string[] | null;
}

/** Rules compiled once, with a keyword automaton that tells which rules a text needs, and where. */
export interface RuleSet {
  rules: CompiledRule[];
  /** A hit's values are the indices of the rules its keyword wakes. */
  keywords: KeywordAutomaton;
  globalAllow: RegExp[];
  /** By keyword (the automaton's entry index): its length, and the rules with a sticky regex it wakes. */
  keywordLengths: number[];
  stickyRulesByKeyword: number[][];
}

// The shipped rules' analysis, made by the build (scripts/build.mjs); used only for those very rules.
declare const __FIREBREAK_SHIPPED_SECRET_RULE_ANALYSIS__: SecretRuleAnalysis | undefined;
const shippedAnalysis = typeof __FIREBREAK_SHIPPED_SECRET_RULE_ANALYSIS__ === 'undefined' ? undefined : __FIREBREAK_SHIPPED_SECRET_RULE_ANALYSIS__;

/** The rules' analysis: the one they carry or the build's when made from these specs, else made now. */
export function ruleAnalysis(rules: SecretRules): SecretRuleAnalysis {
  return analysisFor(rules.specs, rules.analysis, shippedAnalysis);
}

// Rules run in file order, those marked `first` before the others.
function runOrder(rules: SecretRules): number[] {
  const specs = rules.specs;
  return [...specs.keys()].sort((a, b) => Number(!specs[a]!.first) - Number(!specs[b]!.first) || a - b);
}

/** Each keyword of the rules with the rules it wakes, by their place in the run order: what the automaton is built from. */
export function keywordEntriesOf(rules: SecretRules): KeywordEntry[] {
  const byKeyword = new Map<string, number[]>();
  runOrder(rules).forEach((specIndex, index) => {
    for (const keyword of rules.specs[specIndex]!.keywords) byKeyword.set(keyword, [...(byKeyword.get(keyword) ?? []), index]);
  });
  return [...byKeyword].map(([keyword, values]) => ({ keyword, values }));
}

/**
 * A rule whose expressions are made when first asked for: V8 parses an expression as it is made,
 * and a text wakes few of the hundreds of rules (128 of 477 on the benchmark's 52 MB of source).
 */
class LazyRule implements CompiledRule {
  readonly id: string;
  readonly description: string;
  readonly source: string;
  readonly entropy: number | null;
  readonly shape: ValueShape | null;
  readonly wholeFile: boolean;
  readonly required: string[] | null;
  #regex: RegExp | undefined;
  #sticky: RegExp | null | undefined;
  #allow: RegExp[] | undefined;

  /** `anchored`, `literals`, `required`: what the rule analysis found for this spec (keywordAnchor.ts). */
  constructor(
    private readonly spec: SecretRuleSpec,
    private readonly anchored: boolean,
    readonly literals: string[] | null,
    required: string[] | null,
  ) {
    this.id = spec.id;
    this.description = spec.description;
    this.source = spec.regex;
    this.entropy = spec.entropy ?? null;
    this.shape = spec.shape ?? null;
    this.wholeFile = spec.scope === 'file';
    this.required = this.wholeFile && required?.length ? required : null;
  }

  get regex(): RegExp {
    return (this.#regex ??= new RegExp(this.source, `gd${this.spec.flags}`));
  }

  get sticky(): RegExp | null {
    if (this.#sticky === undefined) this.#sticky = this.anchored || this.literals ? new RegExp(this.source, `dy${this.spec.flags}`) : null;
    return this.#sticky;
  }

  get allow(): RegExp[] {
    return (this.#allow ??= this.spec.allow.map((pattern) => new RegExp(pattern)));
  }
}

/** `tablesFor` may give the automaton's tables made ahead (the build's, for the shipped rules); else they are built here. */
export function compileRules(rules: SecretRules, tablesFor: (entries: readonly KeywordEntry[]) => AutomatonTables | null = () => null): RuleSet {
  const { specs: inFileOrder, globalAllow } = rules;
  const analysis = ruleAnalysis(rules);
  const order = runOrder(rules);
  const specs = order.map((index) => inFileOrder[index]!);
  const keywordEntries = keywordEntriesOf(rules);
  const anchored = order.map((index) => analysis.anchored[index]!);
  const literals = order.map((index) => analysis.literals[index]!);
  const required = order.map((index) => analysis.required[index]!);
  return {
    rules: specs.map((spec, index) => new LazyRule(spec, anchored[index]!, literals[index]!, required[index] ?? null)),
    keywords: automatonFromTables(tablesFor(keywordEntries) ?? automatonTables(keywordEntries)),
    globalAllow: globalAllow.map((pattern) => new RegExp(pattern)),
    keywordLengths: keywordEntries.map((entry) => entry.keyword.length),
    stickyRulesByKeyword: keywordEntries.map((entry) => entry.values.filter((rule) => anchored[rule])),
  };
}
