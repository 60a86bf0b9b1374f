import { AppError, isRedactionExempt, type Envelope, type OperationName, type Redaction, type TextCheckResult } from '../../contract';
import { redactSecrets, type RedactedText } from '../../domain/redaction/redaction';
import type { SecretRules } from '../../domain/scans/secretRules';
import { compileRules, type RuleSet } from '../../domain/scans/secretRuleSet';
import type { ServiceContext } from '../context';
import { findResourcesDir } from '../resources';
import { redactionSecretRules } from './rulesCache';
import { vaultMarkers } from '../vault/vault';

/** For messages: a database that cannot be read (closed, damaged) must not stop an error from going out. */
function vaultMarkersOrNone(ctx: ServiceContext) {
  try {
    return vaultMarkers(ctx);
  } catch {
    return undefined;
  }
}

// Compiled once per process (per change of the rules file).
const compiled = new WeakMap<SecretRules, RuleSet>();

/** The secret scanner's rules, compiled, for redaction. */
export function redactionRules(resourcesDir: string): RuleSet {
  const rules = redactionSecretRules(resourcesDir);
  let ruleSet = compiled.get(rules);
  if (!ruleSet) compiled.set(rules, (ruleSet = compileRules(rules)));
  return ruleSet;
}

/**
 * Takes the secrets out of a text that is about to be stored. Without the rules nothing may be
 * stored: the responder is told why.
 */
export function redactForStorage(ctx: ServiceContext, text: string): RedactedText {
  return storageRedactor(ctx)(text);
}

/** The rules and the vault's markers, read once for every text of one input. */
export function storageRedactor(ctx: ServiceContext): (text: string) => RedactedText {
  let ruleSet: RuleSet;
  try {
    ruleSet = redactionRules(ctx.resourcesDir);
  } catch (error) {
    const reason = error instanceof AppError ? error.message : String(error);
    throw new AppError('io-error', `nothing was stored: text is checked for secrets before it is stored, and the secret rules cannot be read (${reason})`);
  }
  const markers = vaultMarkers(ctx);
  return (text) => redactSecrets(text, ruleSet, markers);
}

let lastContext: ServiceContext | undefined;

/**
 * For messages and log lines, which must go out even when the rules cannot be read: then only the
 * vault's values are taken out. Without a context, the vault values of the last context that ran
 * an operation are used (log lines are written far from any context).
 */
export function redactMessage(text: string, ctx: ServiceContext | undefined = lastContext): string {
  let ruleSet: RuleSet | null = null;
  try {
    ruleSet = redactionRules(ctx ? ctx.resourcesDir : findResourcesDir());
  } catch {
    // The rules file's own error is reported where it is used; a message still goes out.
  }
  return redactSecrets(text, ruleSet, ctx ? vaultMarkersOrNone(ctx) : undefined).text;
}

/**
 * Every string of a parsed input, deeply, with its secrets taken out, except the fields the
 * contract exempts (`redactionExemptFields`). Returns the same object when nothing changed.
 */
export function redactOperationInput(ctx: ServiceContext, operation: OperationName, input: unknown): { input: unknown; redactions: Redaction[] } {
  lastContext = ctx;
  const redactions: Redaction[] = [];
  let redactor: ((text: string) => RedactedText) | undefined;
  const walk = (value: unknown, field: string): unknown => {
    if (typeof value === 'string') {
      if (value.length === 0 || isRedactionExempt(operation, field)) return value;
      const result = (redactor ??= storageRedactor(ctx))(value);
      if (result.redactions.length === 0) return value;
      const seen = new Set<string>();
      for (const { rule, description, fingerprint, preview } of result.redactions) {
        // One notice per secret and field, however often it occurs there.
        if (seen.has(fingerprint)) continue;
        seen.add(fingerprint);
        redactions.push({ field, rule, description, fingerprint, preview });
      }
      return result.text;
    }
    if (Array.isArray(value)) {
      let changed = false;
      const items = value.map((item, index) => {
        const next = walk(item, field ? `${field}.${index}` : String(index));
        changed ||= next !== item;
        return next;
      });
      return changed ? items : value;
    }
    if (value !== null && typeof value === 'object') {
      let changed = false;
      const entries = Object.entries(value).map(([key, item]) => {
        const next = walk(item, field ? `${field}.${key}` : key);
        changed ||= next !== item;
        return [key, next] as const;
      });
      return changed ? Object.fromEntries(entries) : value;
    }
    return value;
  };
  return { input: walk(input, ''), redactions };
}

/** An error envelope whose message and field messages hold no secret (they may echo input). */
export function redactErrorEnvelope<T>(envelope: Envelope<T>, ctx?: ServiceContext): Envelope<T> {
  if (envelope.ok) return envelope;
  const { error } = envelope;
  const message = redactMessage(error.message, ctx);
  const fields = error.fields?.map((issue) => ({ field: redactMessage(issue.field, ctx), message: redactMessage(issue.message, ctx) }));
  return { ok: false, error: fields ? { ...error, message, fields } : { ...error, message } };
}

/** `text.check`: the paste guard's question. The value came from the page; only the redacted form goes back. */
export function checkText(ctx: ServiceContext, input: { text: string }): TextCheckResult {
  const result = redactForStorage(ctx, input.text);
  return { redacted: result.text, redactions: result.redactions.map((record) => ({ field: 'text', ...record })) };
}
