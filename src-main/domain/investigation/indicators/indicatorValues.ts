import type { IndicatorType } from '../../../contract';
import { looksLikeIpv4, looksLikeIpv6, normaliseIp } from './indicatorAddress';
import { looksLikeExecutableName, looksLikePath, looksLikeRegistryKey, normaliseAccount, normalisePath, normaliseProcess, normaliseRegistryKey } from './indicatorHostValues';
import { defangText } from './indicatorDefang';
import { hasRealLookingTld, normaliseDomain, normaliseEmail, normaliseUrl } from './indicatorNames';

/**
 * Indicator values: defanged forms undone and redone, the type of a pasted value detected, and each
 * value validated and normalised for its type so that one indicator has one spelling (its identity).
 */

export type NormalisedIndicator = { ok: true; value: string } | { ok: false; reason: string };
export type ClassifiedIndicator = { ok: true; type: IndicatorType; value: string } | { ok: false; reason: string };

/** The most an indicator value may hold, as the contract's `ioc.add` allows. */
export const maxIndicatorLength = 2_000;

/** Types whose values are network names: the only ones refanged when given (the others are kept as written). */
const networkTypes: ReadonlySet<IndicatorType> = new Set(['ip', 'domain', 'url', 'email']);

/** hxxps:// → https://, [.] (.) {.} [dot] → ., [@] [at] → @, [:] → :, [://] → :// (case-insensitive). */
export function refang(value: string): string {
  return value
    .replace(/\bh[x]{2}p(s?)(?=\[:\/\/\]|\[:\]|:)/gi, (_match, secure: string) => `http${secure.toLowerCase()}`)
    .replace(/\bfxp(?=\[:\/\/\]|:\/\/)/gi, 'ftp')
    .replace(/\[:\/\/\]/g, '://')
    .replace(/\[:\]/g, ':')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}/gi, '.')
    .replace(/\[@\]|\[at\]|\(at\)|\{at\}/gi, '@');
}

const urlParts = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([\s\S]*)$/i;

const hashTypes: ReadonlySet<IndicatorType> = new Set(['md5', 'sha1', 'sha256']);

/** The safe form shown wherever a value is copied or exported: nothing in it is a link, whatever its type. */
export function defang(type: IndicatorType, value: string): string {
  if (type === 'ip') return value.includes(':') ? value.replaceAll(':', '[:]') : value.replace(/\.(?=[^.]*$)/, '[.]');
  if (type === 'domain') return value.replaceAll('.', '[.]');
  if (type === 'email') {
    const at = value.lastIndexOf('@');
    return `${value.slice(0, at)}[@]${value.slice(at + 1).replaceAll('.', '[.]')}`;
  }
  if (type === 'url') {
    const parts = urlParts.exec(value);
    if (!parts) return value.replaceAll('.', '[.]').replaceAll(':', '[:]');
    const [, scheme, authority, rest] = parts as unknown as [string, string, string, string];
    const lower = scheme.toLowerCase();
    const safeScheme = lower === 'http' || lower === 'https' ? `hxxp${lower.slice(4)}://` : lower === 'ftp' ? 'fxp://' : `${scheme}[://]`;
    const host = authority.startsWith('[') || authority.includes('@[') ? authority.replaceAll('@', '[@]') : authority.replaceAll('.', '[.]').replaceAll('@', '[@]');
    return `${safeScheme}${host}${rest}`;
  }
  // A URL, mailbox, address or host inside a text, account, path, process or registry key is as live as one on its own.
  return hashTypes.has(type) ? value : defangText(value);
}

/* eslint-disable no-control-regex -- finding control characters is the point */
const hiddenCharacters = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFFD]/;
/* eslint-enable no-control-regex */
const hiddenNames: Record<string, string> = {
  '\u0000': 'NUL',
  '\u0009': 'TAB',
  '\u000A': 'LINE FEED',
  '\u000D': 'CARRIAGE RETURN',
  '\u061C': 'ARABIC LETTER MARK',
  '\u200B': 'ZERO WIDTH SPACE',
  '\u200C': 'ZERO WIDTH NON-JOINER',
  '\u200D': 'ZERO WIDTH JOINER',
  '\u200E': 'LEFT-TO-RIGHT MARK',
  '\u200F': 'RIGHT-TO-LEFT MARK',
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\uFEFF': 'ZERO WIDTH NO-BREAK SPACE',
  '\uFFFD': 'REPLACEMENT CHARACTER (the bytes were not valid UTF-8)',
};

/** Why a value cannot be an indicator whatever its type: empty, too long, or holding characters that hide what it says. */
function generalProblem(value: string): string | null {
  if (value === '') return 'is empty';
  if (!value.isWellFormed()) return 'is not valid Unicode text (an unpaired surrogate)';
  const hidden = hiddenCharacters.exec(value);
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const name = hiddenNames[hidden[0]] ?? 'a control character';
    // Bidi overrides make `evil‮gpj.exe` display as `evilexe.jpg`: a value must read as it is.
    return `contains U+${code} (${name}), an invisible character that can disguise what a value says`;
  }
  if (value.length > maxIndicatorLength) return `is ${value.length.toLocaleString('en-US')} characters; an indicator is at most ${maxIndicatorLength.toLocaleString('en-US')}`;
  return null;
}

const hashLengths: Record<'md5' | 'sha1' | 'sha256', number> = { md5: 32, sha1: 40, sha256: 64 };
const hashNames: Record<'md5' | 'sha1' | 'sha256', string> = { md5: 'an MD5', sha1: 'a SHA-1', sha256: 'a SHA-256' };
const hashByLength: Record<number, 'md5' | 'sha1' | 'sha256'> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

function normaliseHash(type: 'md5' | 'sha1' | 'sha256', value: string): NormalisedIndicator {
  const bad = /[^0-9a-f]/i.exec(value);
  if (bad) return { ok: false, reason: `not ${hashNames[type]} hash: "${bad[0]}" at position ${bad.index + 1} is not a hex digit` };
  if (value.length !== hashLengths[type]) {
    const other = hashByLength[value.length];
    const hint = other ? ` (it would fit ${hashNames[other].replace(/^an? /, '')})` : '';
    return { ok: false, reason: `not ${hashNames[type]} hash: it is ${value.length} hex digits, ${hashNames[type].replace(/^an? /, '')} has ${hashLengths[type]}${hint}` };
  }
  return { ok: true, value: value.toLowerCase() };
}

/** Validates and normalises a value for a type (network types are refanged first). */
export function normaliseIndicator(type: IndicatorType, raw: string): NormalisedIndicator {
  const trimmed = raw.trim();
  const problem = generalProblem(trimmed);
  if (problem) return { ok: false, reason: problem };
  const value = networkTypes.has(type) ? refang(trimmed) : trimmed;
  switch (type) {
    case 'ip':
      return normaliseIp(value);
    case 'domain':
      return normaliseDomain(value);
    case 'url':
      return normaliseUrl(value);
    case 'email':
      return normaliseEmail(value);
    case 'md5':
    case 'sha1':
    case 'sha256':
      return normaliseHash(type, value);
    case 'file-path':
      return normalisePath(value);
    case 'process':
      return normaliseProcess(value);
    case 'registry-key':
      return normaliseRegistryKey(value);
    case 'account':
      return normaliseAccount(value);
    case 'text':
      return { ok: true, value };
  }
}

const schemeWithHost = /^[a-z][a-z0-9+.-]*:\/\//i;
const schemeOnly = /^(?:javascript|vbscript|data|mailto|file|about|blob|tel|sms):/i;

/**
 * Detects the type of a value and normalises it, in one fixed order (scheme → url, `@` → email,
 * address → ip, 32/40/64 hex → hash, registry root → registry-key, path → file-path, executable name →
 * process, dotted name with a real-looking TLD → domain). A look-alike gets the reason it is not one.
 */
export function classifyIndicator(raw: string): ClassifiedIndicator {
  const trimmed = raw.trim();
  const problem = generalProblem(trimmed);
  if (problem) return { ok: false, reason: problem };
  const value = refang(trimmed);
  const as = (type: IndicatorType, checked: NormalisedIndicator): ClassifiedIndicator => (checked.ok ? { ok: true, type, value: checked.value } : checked);
  if (schemeWithHost.test(value)) return as('url', normaliseUrl(value));
  if (/^mailto:/i.test(value)) return as('email', normaliseEmail(value));
  if (schemeOnly.test(value)) return normaliseUrl(value) as ClassifiedIndicator;
  if (value.includes('@') && !/\s/.test(value)) return as('email', normaliseEmail(value));
  if (looksLikeIpv4(value) || looksLikeIpv6(value)) return as('ip', normaliseIp(value));
  if (/^[0-9a-f]+$/i.test(value) && value.length >= 24) {
    const type = hashByLength[value.length];
    if (type) return as(type, normaliseHash(type, value));
    return { ok: false, reason: `looks like a hash but is ${value.length} hex digits (MD5 32, SHA-1 40, SHA-256 64)` };
  }
  if (looksLikeRegistryKey(trimmed)) return as('registry-key', normaliseRegistryKey(trimmed));
  if (looksLikePath(trimmed)) return as('file-path', normalisePath(trimmed));
  if (looksLikeExecutableName(trimmed)) return as('process', normaliseProcess(trimmed));
  if (!/\s/.test(value) && /[^.]\.[^.]/.test(value) && hasRealLookingTld(value)) return as('domain', normaliseDomain(value));
  return { ok: false, reason: 'no indicator type fits; add it with --type text' };
}

/** Detects the type of one value (defanged forms accepted); null when none fits. */
export function detectIndicatorType(value: string): IndicatorType | null {
  const classified = classifyIndicator(value);
  return classified.ok ? classified.type : null;
}
