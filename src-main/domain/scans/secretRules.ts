import { z } from 'zod';
import { parseYamlUnderLimits } from '../userYaml';
import type { SecretRuleAnalysis } from './secretRuleAnalysis';

/** A regex source that compiles: checked once, when the rules load, never on the hot path. */
const regexSource = (flags: string) =>
  z.string().min(1).superRefine((source, issues) => {
    try {
      new RegExp(source, flags);
    } catch (error) {
      issues.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(error as Error).message}` });
    }
  });

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'must be kebab-case, like github-pat-classic' }),
    description: z.string().trim().min(1).max(200),
    regex: regexSource('d'),
    flags: z.string().regex(/^[im]*$/, { message: 'may hold only i and m' }).default(''),
    keywords: z.array(z.string().min(2).refine((keyword) => keyword === keyword.toLowerCase(), { message: 'keywords are lower-case' })).min(1, { message: 'needs a keyword for the prefilter' }),
    entropy: z.number().min(0).max(8).optional(),
    // What the secret must look like (secretShape.ts): for rules that match on a name beside it.
    shape: z.enum(['token', 'password', 'basic-auth'], { message: "must be 'token', 'password' or 'basic-auth'" }).optional(),
    // `line`: the regex runs on the lines where a keyword occurs. `file`: on the whole text, for
    // matches that span lines (PEM blocks) or keywords that name the provider elsewhere in the file.
    scope: z.enum(['line', 'file']).default('line'),
    allow: z.array(regexSource('')).default([]),
    // Runs before the rules without it, so its match wins where they overlap: a URL's user:password
    // over the provider token that is its password.
    first: z.boolean().default(false),
  })
  .strict();

const rulesFileSchema = z
  .object({ version: z.literal(1), globalAllow: z.array(regexSource('')).default([]), rules: z.array(ruleSchema).min(1) })
  .strict()
  .superRefine((file, issues) => {
    const seen = new Set<string>();
    file.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) issues.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id '${rule.id}'` });
      seen.add(rule.id);
    });
  });

export type SecretRuleSpec = z.output<typeof ruleSchema>;

/** A rules file once validated: plain data, cheap to hand to a worker thread. */
export interface SecretRules {
  specs: SecretRuleSpec[];
  globalAllow: string[];
  /** The specs' analysis made once, for workers to skip it; trusted only when made from these specs. */
  analysis?: SecretRuleAnalysis;
}

export function parseRules(source: string): ({ ok: true } & SecretRules) | { ok: false; message: string } {
  const yaml = parseYamlUnderLimits(source);
  if (!yaml.ok) return { ok: false, message: yaml.line ? `${yaml.message} (line ${yaml.line})` : yaml.message };
  return rulesFromValue(yaml.value);
}

/** A rules file's content already read from its YAML (by the build, for the shipped rules), validated. */
export function rulesFromValue(value: unknown): ({ ok: true } & SecretRules) | { ok: false; message: string } {
  const parsed = rulesFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${issue.path.join('.')}: ${issue.message}` };
  }
  return { ok: true, specs: parsed.data.rules, globalAllow: parsed.data.globalAllow };
}
