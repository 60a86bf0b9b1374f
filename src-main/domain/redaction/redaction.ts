import { findSecrets, fingerprint, redact } from '../scans/secretMatch';
import type { CompiledRule, RuleSet } from '../scans/secretRuleSet';
import { findMarkedValues, type ValueMarker } from '../vaultMarkers';

/** One secret taken out of a text: what it looked like, never the value. */
export interface RedactionRecord {
  rule: string;
  description: string;
  /** First 16 hex characters of SHA-256 of the value, as the scanner's findings carry. */
  fingerprint: string;
  /** The first few characters and an ellipsis (`ghp_…`). */
  preview: string;
  /** Where the value was in the text given (UTF-16 offsets), so its owner can act on it (move it to the vault). */
  start: number;
  end: number;
}

export interface RedactedText {
  text: string;
  /** One per occurrence, in text order. */
  redactions: RedactionRecord[];
}

export const vaultValueRule = 'vault-value';
const vaultValueDescription = 'A value kept in the vault';
/** Vault values shorter than this are not searched for (see vaultMarkers): they would match ordinary words. */
export { minMarkedLength as minVaultValueChars } from '../vaultMarkers';

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

type Found = Omit<RedactionRecord, 'start' | 'end'>;

interface Span {
  start: number;
  end: number;
  record: Found;
}

/** A stretch of one pass's input replaced by a marker in its output. */
interface Edit {
  inStart: number;
  inEnd: number;
  outStart: number;
  outEnd: number;
}

interface Pass {
  text: string;
  spans: Span[];
  edits: Edit[];
}

function replaceSpans(text: string, spans: Span[]): Pass {
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const kept: Span[] = [];
  const edits: Edit[] = [];
  for (const span of spans) {
    // Inside a key block already taken whole.
    if (span.start < at) continue;
    out += text.slice(at, span.start);
    const outStart = out.length;
    out += redactionMarker(text.slice(span.start, span.end), span.record.rule);
    edits.push({ inStart: span.start, inEnd: span.end, outStart, outEnd: out.length });
    kept.push(span);
    at = span.end;
  }
  return { text: out + text.slice(at), spans: kept, edits };
}

/** A position in a pass's output, as a position in its input (never inside a marker: no rule matches one). */
function positionBefore(position: number, edits: readonly Edit[]): number {
  let shift = 0;
  for (const edit of edits) {
    if (edit.outEnd > position) break;
    shift += edit.inEnd - edit.inStart - (edit.outEnd - edit.outStart);
  }
  return position + shift;
}

/** Every occurrence of every vault value, longest values first where two overlap. */
/** The vault's values as redaction finds them: markers from the index, never the values themselves. */
export interface VaultMarkers {
  salt: string;
  markers: readonly ValueMarker[];
}

export const noVaultMarkers: VaultMarkers = { salt: '', markers: [] };

function vaultSpans(text: string, vault: VaultMarkers): Span[] {
  return findMarkedValues(text, vault.markers, vault.salt).map(([start, end]) => {
    const value = text.slice(start, end);
    return { start, end, record: { rule: vaultValueRule, description: vaultValueDescription, fingerprint: fingerprint(value), preview: redact(value) } };
  });
}

/**
 * Takes every secret out of a text before it is written anywhere: the vault's own values wherever
 * they occur, then whatever the secret scanner's rules find (the same rules, keyword prefilter
 * first, so a text with no keyword costs one pass over its bytes). A text with no secret comes back
 * unchanged, byte for byte. Without rules (`null`: they could not be read) only vault values go.
 */
export function redactSecrets(text: string, ruleSet: RuleSet | null, vaultMarkers: VaultMarkers = noVaultMarkers): RedactedText {
  const passes: Pass[] = [];
  const vault = vaultMarkers.markers.length ? vaultSpans(text, vaultMarkers) : [];
  if (vault.length) passes.push(replaceSpans(text, vault));
  // Once more after anything was found: taking a secret out can bring another within a rule's reach
  // (a second key line under a header). Each pass only shortens what is left to find.
  for (let round = 0; ruleSet && round < maxPasses; round += 1) {
    const current = passes.at(-1)?.text ?? text;
    const found = findRuleSpans(current, ruleSet);
    if (found.length === 0) break;
    passes.push(replaceSpans(current, found));
  }
  if (passes.length === 0) return { text, redactions: [] };
  const redactions = passes.flatMap((pass, index) =>
    pass.spans.map((span) => {
      let { start, end } = span;
      for (let earlier = index - 1; earlier >= 0; earlier -= 1) {
        start = positionBefore(start, passes[earlier]!.edits);
        end = positionBefore(end, passes[earlier]!.edits);
      }
      return { ...span.record, start, end };
    }),
  );
  return { text: passes.at(-1)!.text, redactions: redactions.sort((a, b) => a.start - b.start) };
}

const maxPasses = 4;

// The rules want a word boundary before and after a token. A token pasted twice (`ghp_…ghp_…`) or
// glued to a word has none, so the text is also checked in pieces cut before each token prefix
// (`ghp_`, `glpat-`: a rule's literal start with a - _ or .) that follows a letter or digit.
const literalPrefix = /^\\b\(\?<secret>([A-Za-z0-9]+[_.-][A-Za-z0-9_.-]*)/;
const gluedPrefixes = new WeakMap<RuleSet, { alternatives: string[]; search: RegExp } | null>();

function gluedPrefixesOf(ruleSet: RuleSet): { alternatives: string[]; search: RegExp } | null {
  if (gluedPrefixes.has(ruleSet)) return gluedPrefixes.get(ruleSet)!;
  const prefixes = new Set<string>();
  for (const rule of ruleSet.rules) {
    const prefix = literalPrefix.exec(rule.source)?.[1];
    if (prefix && prefix.length >= 3) prefixes.add(prefix.replace(/[.]/g, '\\.'));
  }
  // Longest first, and each occurrence consumed: a glued `tskey-` is one cut, not a second at its `key-`.
  const alternatives = [...prefixes].sort((a, b) => b.length - a.length);
  const found = prefixes.size ? { alternatives, search: new RegExp(`(?:${alternatives.join('|')})`, 'g') } : null;
  gluedPrefixes.set(ruleSet, found);
  return found;
}

/** The rules' token prefixes as the cuts search for them: regex-escaped, longest first. */
export function gluedPrefixAlternatives(ruleSet: RuleSet): string[] {
  return gluedPrefixesOf(ruleSet)?.alternatives ?? [];
}

/**
 * Where a token prefix follows a letter, digit or `_`; each occurrence consumed. The same as a search
 * for the alternation behind `(?<=[A-Za-z0-9_])`, three times faster: with the look-behind first, the
 * engine tried it and then every alternative at each position; without it, the alternatives' first
 * characters skip ahead.
 */
export function gluedCuts(scanned: string, ruleSet: RuleSet): number[] {
  const cuts: number[] = [];
  const search = gluedPrefixesOf(ruleSet)?.search;
  if (!search) return cuts;
  search.lastIndex = 0;
  for (let found = search.exec(scanned); found; found = search.exec(scanned)) {
    // A prefix not glued to a word is not a cut: the search goes on from its next character, as the look-behind's would.
    if (!isWordCode(found.index > 0 ? scanned.charCodeAt(found.index - 1) : -1)) search.lastIndex = found.index + 1;
    else cuts.push(found.index);
  }
  return cuts;
}

function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function findRuleMatches(scanned: string, ruleSet: RuleSet): Array<{ ruleId: string; index: number; end: number }> {
  const matches: Array<{ ruleId: string; index: number; end: number }> = findSecrets(scanned, ruleSet);
  const cuts = gluedCuts(scanned, ruleSet);
  if (cuts.length === 0) return matches;
  const bounds = [0, ...cuts, scanned.length];
  for (let piece = 0; piece + 1 < bounds.length; piece += 1) {
    const offset = bounds[piece]!;
    for (const match of findSecrets(scanned.slice(offset, bounds[piece + 1]), ruleSet)) {
      const index = offset + match.index;
      const end = offset + match.end;
      if (!matches.some((taken) => index < taken.end && taken.index < end)) matches.push({ ruleId: match.ruleId, index, end });
    }
  }
  return matches.sort((a, b) => a.index - b.index);
}

function findRuleSpans(text: string, ruleSet: RuleSet): Span[] {
  const scanned = text.includes('firebreak:allow') ? text.replace(allowMarker, maskedMarker) : text;
  return findRuleMatches(scanned, ruleSet).map((match) => {
    const rule = ruleOf(ruleSet, match.ruleId);
    const end = rule?.wholeFile ? keyBlockEnd(text, match.end) : match.end;
    const secret = text.slice(match.index, end);
    return { start: match.index, end, record: { rule: match.ruleId, description: rule?.description ?? match.ruleId, fingerprint: fingerprint(secret), preview: redact(secret) } };
  });
}
