import { AppError, type IndicatorImport, type IndicatorRejection, type IndicatorType, type OperationResult, type ParsedInput } from '../../contract';
import { indicatorKeyOf } from '../../domain/investigation/indicators/indicatorFold';
import { investigationEventTypes, type IndicatorFields } from '../../domain/investigation/investigationEvents';
import { classifyIndicator, defang, maxIndicatorLength, refang } from '../../domain/investigation/indicators/indicatorValues';
import type { ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { storageRedactor } from '../redaction/redaction';
import type { RedactionRecord } from '../../domain/redaction/redaction';
import { heldIndicators, secretRefusal } from './indicatorRecord';

/**
 * A pasted list or a file's text, one indicator per line, as one event. Blank lines and lines
 * starting with `#` are skipped, and ` #` (a space, then `#`) starts a trailing comment: lists from
 * feeds annotate values that way, while a URL's own fragment (`/page#top`) has no space before it.
 */

const maxPreview = 2_000;
/** A paste is one timeline event: past this many values, that event (and every later read of the list) gets slow. */
export const maxListedIndicators = 20_000;
const maxShown = 200;

/* eslint-disable no-control-regex -- showing control characters is the point */
const hidden = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/* eslint-enable no-control-regex */

/** A rejected line as it may be shown: defanged, invisible characters named, cut to 200 characters. */
function shownLine(line: string): string {
  const safe = refang(line)
    .replace(/\bhttp(s?):\/\//gi, 'hxxp$1://')
    .replace(/\bftp:\/\//gi, 'fxp://')
    .replace(/\.(?=[\p{L}\p{N}])/gu, '[.]')
    .replace(/@/g, '[@]')
    .replace(hidden, (char) => `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
  return safe.length > maxShown ? `${safe.slice(0, maxShown - 1)}…` : safe;
}

/** The value of a line: its trailing ` #` comment taken off; null for a blank or comment line. */
function lineValue(line: string): string | null {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const comment = /\s#/.exec(trimmed);
  return comment ? trimmed.slice(0, comment.index).trim() : trimmed;
}

/** The secret found on each 1-based line (the first, when several touch it), from one pass over the whole text. */
function secretLines(text: string, redactions: RedactionRecord[]): Map<number, RedactionRecord> {
  const lines = new Map<number, RedactionRecord>();
  if (redactions.length === 0) return lines;
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
  for (const record of redactions) {
    for (let line = lineOf(record.start); line <= lineOf(Math.max(record.start, record.end - 1)); line += 1) if (!lines.has(line)) lines.set(line, record);
  }
  return lines;
}

export function importIndicators(ctx: ServiceContext, input: ParsedInput<'ioc.import'>): OperationResult<'ioc.import'> {
  const incident = requireIncident(ctx, input.incidentId);
  const redactor = storageRedactor(ctx);
  // One pass of the secret rules over the whole text, then each finding mapped to its lines. A line
  // too long to be an indicator is rejected for that and blanked here: 5 MB of one line would keep
  // the rules busy for nothing. Its first 200 characters are redacted on their own before shown.
  const lines = input.text.split('\n');
  const values = lines.reduce((count, line) => count + (lineValue(line) === null ? 0 : 1), 0);
  if (values > maxListedIndicators) {
    throw new AppError('invalid-input', `the list holds ${values.toLocaleString('en-US')} indicators; one paste takes at most ${maxListedIndicators.toLocaleString('en-US')}: split it into smaller lists`);
  }
  const kept = lines.map((line) => (line.length > maxIndicatorLength ? '' : line));
  const scanned = kept.join('\n');
  const flagged = secretLines(scanned, redactor(scanned).redactions);
  // The rules see the lines refanged too, as they are stored: `hxxps://admin:…[@]evil[.]example` hides its
  // password from them otherwise. Refanging never adds or drops a line break, so line numbers hold.
  const refanged = kept.map(refang).join('\n');
  if (refanged !== scanned) for (const [line, record] of secretLines(refanged, redactor(refanged).redactions)) if (!flagged.has(line)) flagged.set(line, record);
  const held = new Set(heldIndicators(ctx, incident.id).map(indicatorKeyOf));
  const listed = new Map<string, IndicatorFields>();
  const result: IndicatorImport = { accepted: 0, added: 0, merged: 0, byType: {}, rejected: [], preview: [] };
  const reject = (rejection: IndicatorRejection) => result.rejected.push(rejection);
  lines.forEach((rawLine, index) => {
    const line = index + 1;
    const value = lineValue(rawLine);
    if (value === null) return;
    const classified = classifyIndicator(value);
    const type: IndicatorType | null = classified.ok ? classified.type : null;
    const secret = flagged.get(line);
    const refusal = secret ? secretRefusal(type, { text: '', redactions: [secret] }) : null;
    if (refusal) {
      // Never echoed in clear: the line redacted on its own, or, for a line inside a secret that spans lines (a key block), only what it was.
      const redacted = redactor(refang(rawLine.slice(0, 2_000)));
      return reject({ line, text: redacted.redactions.length > 0 ? shownLine(redacted.text) : `(a line of ${secret!.rule})`, reason: refusal });
    }
    if (!classified.ok) return reject({ line, text: shownLine(value.length > maxIndicatorLength ? redactor(value.slice(0, 2 * maxShown)).text : value), reason: classified.reason });
    const key = indicatorKeyOf(classified);
    const duplicate = held.has(key) || listed.has(key);
    result.accepted += 1;
    result.byType[classified.type] = (result.byType[classified.type] ?? 0) + 1;
    if (duplicate) result.merged += 1;
    else result.added += 1;
    if (!listed.has(key)) {
      listed.set(key, { type: classified.type, value: classified.value, tlp: input.tlp, firstSeen: null, lastSeen: null, source: { kind: 'import', ref: '' }, note: '', tags: input.tags, techniques: [] });
    }
    if (input.dryRun && result.preview.length < maxPreview) result.preview.push({ line, type: classified.type, value: classified.value, defanged: defang(classified.type, classified.value), duplicate });
  });
  if (!input.dryRun && listed.size > 0) {
    recordChange(ctx, incident.id, (current) => ({
      next: current,
      type: investigationEventTypes.indicatorsAdded,
      payload: { indicators: [...listed.values()], list: { accepted: result.accepted, merged: result.merged, byType: result.byType } },
    }));
  }
  return result;
}
