import { z } from 'zod';
import { logCategories, logSeverities } from '../../contract/logs/logs';
import { parseYamlUnderLimits } from '../userYaml';
import { logFields, type LogRules } from './logRuleSet';

// Workers compile from logRuleSet directly (no zod, no YAML in their bundle); these re-exports keep
// one place to import the whole rules API from on the main thread.
export { compileLogRules, logFields, type CompiledLogRules, type LogField, type LogRuleSpec, type LogRules, type LogThresholds } from './logRuleSet';

/** A regex source that compiles: checked once, when the rules load, never on the hot path. */
const pattern = z
  .string()
  .min(1)
  .superRefine((source, issues) => {
    try {
      new RegExp(source);
    } catch (error) {
      issues.addIssue({ code: 'custom', message: `does not compile: ${(error as Error).message}` });
      return;
    }
    // Patterns run on lower-cased text: an upper-case literal could never match.
    if (/[A-Z]/.test(source.replace(/\\[pPuxck]\{?[^}\s]*\}?|\\./g, '').replace(/\(\?<[A-Za-z]\w*>/g, ''))) {
      issues.addIssue({ code: 'custom', message: 'must be lower-case: it runs on decoded, lower-cased text' });
    }
  });

const status = z.number().int().min(100).max(599);
const count = z.number().int().min(1).max(1_000_000);
const minutes = z.number().int().min(1).max(1_440);

const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'must be kebab-case, like sqli-union-select' }),
    category: z.enum(logCategories, { error: `must be one of ${logCategories.join(', ')}` }),
    severity: z.enum(logSeverities, { error: `must be one of ${logSeverities.join(', ')}` }),
    description: z.string().trim().min(1).max(200),
    fields: z.array(z.enum(logFields, { error: `must be one of ${logFields.join(', ')}` })).default([]),
    pattern: pattern.optional(),
    keywords: z.array(z.string().min(1).refine((keyword) => keyword === keyword.toLowerCase(), { message: 'keywords are lower-case' })).optional(),
    status: z.array(status).min(1).optional(),
    statusFrom: status.optional(),
    statusTo: status.optional(),
    shellWords: z.boolean().optional(),
  })
  .superRefine((rule, issues) => {
    const say = (path: string, message: string) => issues.addIssue({ code: 'custom', path: [path], message });
    if (rule.pattern === undefined && rule.status === undefined && rule.statusFrom === undefined) say('pattern', 'a rule needs a pattern, a status or a status range');
    if (rule.pattern !== undefined && (rule.keywords === undefined || rule.keywords.length === 0)) say('keywords', 'a pattern needs keywords for the prefilter');
    if (rule.pattern === undefined && rule.keywords !== undefined) say('keywords', 'keywords only gate a pattern, and this rule has none');
    if (rule.pattern !== undefined && rule.fields.length === 0) say('fields', 'a pattern needs the fields it looks at');
    if ((rule.statusFrom === undefined) !== (rule.statusTo === undefined)) say('statusTo', 'statusFrom and statusTo come together');
    if (rule.statusFrom !== undefined && rule.statusTo !== undefined && rule.statusFrom > rule.statusTo) say('statusTo', `must not be below statusFrom (${rule.statusFrom})`);
  });

const thresholdsSchema = z.strictObject({
  bruteForce: z.strictObject({ failures: count, windowMinutes: minutes }),
  rateLimit: z.strictObject({ responses: count, windowMinutes: minutes }),
  errorSpike: z.strictObject({ minErrors: count, factor: z.number().min(1).max(1_000) }),
  scanning: z.strictObject({ distinctNotFound: count, windowMinutes: minutes }),
});

const rulesFileSchema = z
  .strictObject({ version: z.literal(1), thresholds: thresholdsSchema, rules: z.array(ruleSchema).min(1) })
  .superRefine((file, issues) => {
    const seen = new Set<string>();
    file.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) issues.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id '${rule.id}'` });
      seen.add(rule.id);
    });
  });

/** Validates the YAML text; precise errors (rule index/id, field, what is wrong; a pattern that does not compile). */
export function parseLogRules(source: string): ({ ok: true } & LogRules) | { ok: false; message: string } {
  const yaml = parseYamlUnderLimits(source);
  if (!yaml.ok) return { ok: false, message: yaml.line ? `${yaml.message} (line ${yaml.line})` : yaml.message };
  return logRulesFromValue(yaml.value);
}

/** A rules file's content already read from its YAML, validated. */
export function logRulesFromValue(value: unknown): ({ ok: true } & LogRules) | { ok: false; message: string } {
  const parsed = rulesFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${where(issue.path, value)}: ${issue.message}` };
  }
  const specs = parsed.data.rules.map(({ keywords, status: statuses, statusFrom, statusTo, pattern: source, ...rest }) => ({
    ...rest,
    ...(source === undefined ? {} : { pattern: source, keywords: keywords! }),
    ...(statuses === undefined ? {} : { status: statuses }),
    ...(statusFrom === undefined ? {} : { statusFrom, statusTo: statusTo! }),
  }));
  return { ok: true, specs, thresholds: parsed.data.thresholds };
}

/** `rules[3] (sqli-union-select).pattern`: the index and, when it has one, the rule's id. */
function where(path: readonly PropertyKey[], value: unknown): string {
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return path.map(String).join('.') || '(file)';
  const rules = (value as { rules?: unknown[] }).rules;
  const id = (rules?.[path[1]] as { id?: unknown } | undefined)?.id;
  const named = typeof id === 'string' ? ` (${id})` : '';
  const rest = path.slice(2).map(String).join('.');
  return `rules[${path[1]}]${named}${rest ? `.${rest}` : ''}`;
}
