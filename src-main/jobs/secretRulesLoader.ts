import fs from 'node:fs';
import { AppError } from '../contract';
import { compileRules, parseRules, type RuleSet } from '../domain/secretRules';

/** Loads and compiles the rules file once per worker. A broken rules file is an error, never "no findings". */
export function loadRuleSet(rulesFile: string): { ruleSet: RuleSet; descriptions: Map<string, string> } {
  let source: string;
  try {
    source = fs.readFileSync(rulesFile, 'utf8');
  } catch (error) {
    throw new AppError('io-error', `cannot read the secret rules at ${rulesFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const parsed = parseRules(source);
  if (!parsed.ok) throw new AppError('invalid-input', `${rulesFile}: ${parsed.message}`);
  return { ruleSet: compileRules(parsed.specs, parsed.globalAllow), descriptions: new Map(parsed.specs.map((rule) => [rule.id, rule.description])) };
}
