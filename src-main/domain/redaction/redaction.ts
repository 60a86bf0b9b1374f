import { findSecrets, fingerprint, redact } from '../scans/secretMatch';
import type { CompiledRule, RuleSet } from '../scans/secretRuleSet';

/** One secret taken out of a text: what it looked like, never the value. */
export interface RedactionRecord {
  rule: string;
  description: string;
  /** First 16 hex characters of SHA-256 of the value, as the scanner's findings carry. */
  fingerprint: string;
  /** The first few characters and an ellipsis (`ghp_…`). */
  preview: string;
}

export interface RedactedText {
  text: string;
  /** One per occurrence: vault values first, then what the rules found, each in text order. */
  redactions: RedactionRecord[];
}

export const vaultValueRule = 'vault-value';
const vaultValueDescription = 'A value kept in the vault';
/**
 * Vault values shorter than this are not searched for: a four-letter value would redact every
 * word that happens to contain it. Values this short are not worth keeping secret from a note anyway.
 */
export const minVaultValueChars = 8;

// The scanner honours `firebreak:allow` on a line (a test fixture in a repository). Text written
// into the console may not opt out that way: the marker is masked, keeping every offset.
const allowMarker = /firebreak:allow/g;
const maskedMarker = 'firebreak:-----';

const rulesById = new WeakMap<RuleSet, Map<string, CompiledRule>>();

function ruleOf(ruleSet: RuleSet, ruleId: string): CompiledRule | undefined {
  let byId = rulesById.get(ruleSet);
  if (!byId) rulesById.set(ruleSet, (byId = new Map(ruleSet.rules.map((rule) => [rule.id, rule]))));
  return byId.get(ruleId);
}

// A key block's rule may name only its first line of key material (PGP, PuTTY, SSH2): the lines of
// base64 that follow belong to the same key and go with it.
const keyLine = /\r?\n[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*(?=\r?\n|$)/y;

function keyBlockEnd(text: string, end: number): number {
  keyLine.lastIndex = end;
  for (let match = keyLine.exec(text); match; match = keyLine.exec(text)) end = keyLine.lastIndex;
  return end;
}

/**
 * What stands in for a secret: its preview, the rule and the fingerprint, e.g.
 * `ghp_…[redacted github-pat-classic sha256:1a2b3c4d5e6f7a8b]`. It holds at most four characters of
 * the value, and no rule matches it again, so redacting twice changes nothing.
 */
export function redactionMarker(secret: string, rule: string): string {
  return `${redact(secret)}[redacted ${rule} sha256:${fingerprint(secret)}]`;
}

interface Span {
  start: number;
  end: number;
  record: RedactionRecord;
}

function replaceSpans(text: string, spans: Span[]): RedactedText {
  if (spans.length === 0) return { text, redactions: [] };
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const redactions: RedactionRecord[] = [];
  for (const span of spans) {
    // Inside a key block already taken whole.
    if (span.start < at) continue;
    out += text.slice(at, span.start) + redactionMarker(text.slice(span.start, span.end), span.record.rule);
    redactions.push(span.record);
    at = span.end;
  }
  return { text: out + text.slice(at), redactions };
}

/** Every occurrence of every vault value, longest values first where two overlap. */
function vaultSpans(text: string, values: readonly string[]): Span[] {
  const candidates = [...new Set(values)].filter((value) => value.length >= minVaultValueChars).sort((a, b) => b.length - a.length);
  const spans: Span[] = [];
  for (const value of candidates) {
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) {
      const end = at + value.length;
      if (spans.some((span) => span.start < end && at < span.end)) continue;
      spans.push({ start: at, end, record: { rule: vaultValueRule, description: vaultValueDescription, fingerprint: fingerprint(value), preview: redact(value) } });
      at = end - 1;
    }
  }
  return spans;
}

/**
 * Takes every secret out of a text before it is written anywhere: the vault's own values wherever
 * they occur, then whatever the secret scanner's rules find (the same rules, keyword prefilter
 * first, so a text with no keyword costs one pass over its bytes). A text with no secret comes back
 * unchanged, byte for byte. Without rules (`null`: they could not be read) only vault values go.
 */
export function redactSecrets(text: string, ruleSet: RuleSet | null, vaultValues: readonly string[] = []): RedactedText {
  let current = vaultValues.length ? replaceSpans(text, vaultSpans(text, vaultValues)) : { text, redactions: [] as RedactionRecord[] };
  // Once more after anything was found: taking a secret out can bring another within a rule's reach
  // (a second key line under a header). Each pass only shortens what is left to find.
  for (let pass = 0; ruleSet && pass < maxPasses; pass += 1) {
    const found = findRuleSpans(current.text, ruleSet);
    if (found.length === 0) break;
    const next = replaceSpans(current.text, found);
    current = { text: next.text, redactions: [...current.redactions, ...next.redactions] };
  }
  return current;
}

const maxPasses = 4;

function findRuleSpans(text: string, ruleSet: RuleSet): Span[] {
  const scanned = text.includes('firebreak:allow') ? text.replace(allowMarker, maskedMarker) : text;
  return findSecrets(scanned, ruleSet).map((match) => {
    const rule = ruleOf(ruleSet, match.ruleId);
    const end = rule?.wholeFile ? keyBlockEnd(text, match.end) : match.end;
    const secret = text.slice(match.index, end);
    return { start: match.index, end, record: { rule: match.ruleId, description: rule?.description ?? match.ruleId, fingerprint: fingerprint(secret), preview: redact(secret) } };
  });
}
