// Compiling needs no YAML or schema library: worker threads get rules the main thread validated.
import type { LogCategory, LogSeverity } from '../../contract/logs/logs';
import { automatonFromTables, automatonTables, type AutomatonTables, type KeywordAutomaton } from '../scans/keywordAutomaton';

/** Where a rule looks in a record. */
export const logFields = ['path', 'query', 'body', 'userAgent', 'message', 'referrer'] as const;
export type LogField = (typeof logFields)[number];

export interface LogRuleSpec {
  id: string;
  category: LogCategory;
  severity: LogSeverity;
  description: string;
  /** Where it looks: 'path' | 'query' | 'body' | 'userAgent' | 'message' | 'referrer'. */
  fields: LogField[];
  /** JS regex source, matched against decodeForMatching(field) (lower-case!). */
  pattern?: string;
  /** Lower-case; a field must contain one before the pattern runs. */
  keywords?: string[];
  /** Response statuses (e.g. [401, 403]); with a pattern, both must hold. */
  status?: number[];
  /** A range of statuses, inclusive (e.g. 500–599). */
  statusFrom?: number;
  statusTo?: number;
  /** Match the pattern with quotes and backslashes inside words removed (`w'h'o'am'i`, `w\\hoami`), as a shell reads a command word. */
  shellWords?: boolean;
}

export interface LogThresholds {
  bruteForce: { failures: number; windowMinutes: number };
  rateLimit: { responses: number; windowMinutes: number };
  /** A minute's 5xx ≥ max(minErrors, factor × median 5xx/min of the file set). */
  errorSpike: { minErrors: number; factor: number };
  scanning: { distinctNotFound: number; windowMinutes: number };
}

/** Plain data: crosses to workers. */
export interface LogRules {
  specs: LogRuleSpec[];
  thresholds: LogThresholds;
}

export const severityRank: Record<LogSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export interface CompiledLogRule {
  id: string;
  category: LogCategory;
  severity: LogSeverity;
  description: string;
  /** Bit per field (index in logFields). */
  fieldMask: number;
  regex: RegExp | null;
  statuses: ReadonlySet<number> | null;
  statusFrom: number | null;
  statusTo: number | null;
  shellWords: boolean;
}

export interface FieldSlot {
  field: LogField;
  /** The bits of logFields that rules must name to look here. */
  bit: number;
  plusIsSpace: boolean;
  /** Values remembered with the pattern rules they matched: user agents and referrers repeat all day, paths and queries mostly do not. */
  seen: Map<string, readonly number[]> | null;
  /** The keywords of the pattern rules that look here (a value holding none of them matches none). */
  keywords: string[];
}

export interface CompiledLogRules {
  rules: CompiledLogRule[];
  /** A hit's values are the indices of the pattern rules its keyword wakes. */
  keywords: KeywordAutomaton;
  /** The same automaton as tables, for a walk over a value's bytes where it lies in a read (the access-log fast path). */
  keywordTables: AutomatonTables;
  /**
   * Fields some pattern rule looks at, with whether `+` means a space there (query and body), and
   * the pattern rules recent values matched (a cache, bounded by the matcher).
   */
  fields: FieldSlot[];
  /** A `text` record's whole line, read by every pattern rule whatever its fields. */
  textLine: FieldSlot;
  /** Rules decided by the status alone (no pattern): checked on every record, no decoding needed. */
  statusOnly: number[];
}

export function compileLogRules(rules: LogRules): CompiledLogRules {
  const byKeyword = new Map<string, number[]>();
  let lookedAt = 0;
  const statusOnly: number[] = [];
  const compiled = rules.specs.map((spec, index): CompiledLogRule => {
    const fieldMask = spec.fields.reduce((mask, field) => mask | (1 << logFields.indexOf(field)), 0);
    if (spec.pattern === undefined) statusOnly.push(index);
    else {
      lookedAt |= fieldMask;
      for (const keyword of keywordSpellings(spec.keywords ?? [])) byKeyword.set(keyword, [...(byKeyword.get(keyword) ?? []), index]);
    }
    return {
      id: spec.id,
      category: spec.category,
      severity: spec.severity,
      description: spec.description,
      fieldMask,
      regex: spec.pattern === undefined ? null : new RegExp(spec.pattern),
      statuses: spec.status ? new Set(spec.status) : null,
      statusFrom: spec.statusFrom ?? null,
      statusTo: spec.statusTo ?? null,
      shellWords: spec.shellWords === true,
    };
  });
  const keywordTables = automatonTables([...byKeyword].map(([keyword, values]) => ({ keyword, values })));
  return {
    rules: compiled,
    keywords: automatonFromTables(keywordTables),
    keywordTables,
    fields: logFields.flatMap((field, index): FieldSlot[] => {
      if (!((lookedAt >> index) & 1)) return [];
      const keywords = [...byKeyword].filter(([, indices]) => indices.some((rule) => compiled[rule]!.fieldMask & (1 << index))).map(([keyword]) => keyword);
      return [{ field, bit: 1 << index, plusIsSpace: field === 'query' || field === 'body', seen: field === 'userAgent' || field === 'referrer' ? new Map() : null, keywords }];
    }),
    textLine: { field: 'message', bit: (1 << logFields.length) - 1, plusIsSpace: true, seen: null, keywords: [...byKeyword.keys()] },
    statusOnly,
  };
}

/** A rule's keywords, each space also written as the newline decoding keeps where a value had a line break. */
function keywordSpellings(keywords: readonly string[]): string[] {
  return [...new Set(keywords.flatMap((keyword) => (keyword.indexOf(' ') >= 0 ? [keyword, keyword.replaceAll(' ', '\n')] : [keyword])))];
}

/** Whether a record's status satisfies a rule's status condition (a rule without one: always). */
export function statusHolds(rule: CompiledLogRule, status: number | null): boolean {
  if (rule.statuses === null && rule.statusFrom === null) return true;
  if (status === null) return false;
  if (rule.statuses?.has(status)) return true;
  return rule.statusFrom !== null && status >= rule.statusFrom && status <= (rule.statusTo ?? rule.statusFrom);
}
