import { z } from 'zod';
import { assetKinds, indicatorTags, indicatorTypes, techniqueId, text, type AssetKind, type IndicatorType, type InvestigationEntry } from '../../../contract';
import { defang, normaliseIndicator, refang } from '../indicators/indicatorValues';
import { emptyLinks, type LinkKeys } from '../investigationEvents';
import { formatInOffset, parseOccurredTime } from './occurredTime';
import { restoreFormula } from './csv';

/** The timeline CSV's columns, in order (docs/timeline-csv.md). */
export const timelineColumns = ['occurred_at', 'occurred_at_utc', 'recorded_at_utc', 'actor', 'type', 'category', 'text', 'indicators', 'assets', 'techniques', 'tags', 'hash'] as const;
export type TimelineColumn = (typeof timelineColumns)[number];
export const requiredColumns: readonly TimelineColumn[] = ['occurred_at', 'text'];

/** Several values in one cell: `ip:203.0.113[.]7 | domain:evil[.]example`. */
export const listSeparator = ' | ';

/** An entry as exported: links by identity, so they mean the same in any incident. */
export interface ExportedEntry extends Pick<InvestigationEntry, 'hash' | 'type' | 'summary' | 'occurredAt' | 'occurredOffset' | 'recordedAt' | 'actor' | 'category'> {
  links: LinkKeys;
}

export const indicatorCell = (key: { type: string; value: string }) => `${key.type}:${defang(key.type as IndicatorType, key.value)}`;
export const assetCell = (key: { kind: string; name: string }) => `${key.kind}:${key.name}`;

/** The links with indicator values defanged, as the JSON export and the CSV cells show them. */
export function exportedLinks(links: LinkKeys): { indicators: string[]; assets: string[]; techniques: string[]; tags: string[] } {
  return { indicators: links.indicators.map(indicatorCell), assets: links.assets.map(assetCell), techniques: links.techniques, tags: links.tags };
}

export function entryRow(entry: ExportedEntry): string[] {
  const links = exportedLinks(entry.links);
  const cells: Record<TimelineColumn, string> = {
    occurred_at: formatInOffset(entry.occurredAt, entry.occurredOffset),
    occurred_at_utc: entry.occurredAt,
    recorded_at_utc: entry.recordedAt,
    actor: entry.actor,
    type: entry.type,
    category: entry.category,
    text: entry.summary,
    indicators: links.indicators.join(listSeparator),
    assets: links.assets.join(listSeparator),
    techniques: links.techniques.join(listSeparator),
    tags: links.tags.join(listSeparator),
    hash: entry.hash,
  };
  return timelineColumns.map((column) => cells[column]);
}

/** A row read back: what one `timeline.entry` event will hold (before redaction and the technique check). */
export interface ImportedDraft {
  text: string;
  occurredAt: string;
  offset: string;
  category: string;
  links: LinkKeys;
  imported: { recordedAt: string; actor: string };
}

export type DraftResult = { ok: true; draft: ImportedDraft } | { ok: false; reason: string };

const textCell = text({ min: 1, max: 4_000, multiline: true });
const categoryCell = text({ max: 60 });
const actorCell = text({ max: 120 });
const tagCell = indicatorTags.element;

const firstIssue = (error: z.ZodError) => error.issues[0]?.message ?? 'is not valid';
const items = (cell: string) => cell.split('|').map((item) => item.trim()).filter((item) => item !== '');
const size = (value: string) => value.length.toLocaleString('en-US');

/** One row's cells (by column name, formula prefixes already taken off) as a draft entry, or the first thing wrong with it. */
export function draftOfCells(cells: Partial<Record<TimelineColumn, string>>, now: number, recordedNow: string, actorNow: string): DraftResult {
  const bad = (reason: string): DraftResult => ({ ok: false, reason });
  const rawText = (cells.text ?? '').replace(/\r\n?/g, '\n');
  if (rawText.trim() === '') return bad('text is empty: every entry needs its text');
  if (rawText.length > 4_000) return bad(`text is ${size(rawText)} characters long: at most 4,000`);
  const parsedText = textCell.safeParse(rawText);
  if (!parsedText.success) return bad(`text ${firstIssue(parsedText.error)}`);
  if (!cells.occurred_at?.trim()) return bad('occurred_at is empty: every entry needs when it happened');
  const occurred = parseOccurredTime(cells.occurred_at);
  if (!occurred.ok) return bad(`occurred_at: ${occurred.reason}`);
  if (Date.parse(occurred.utc) > now + 5 * 60_000) return bad(`occurred_at ${cells.occurred_at.trim()} is in the future`);
  let recordedAt = recordedNow;
  if (cells.recorded_at_utc?.trim()) {
    const recorded = parseOccurredTime(cells.recorded_at_utc);
    if (!recorded.ok) return bad(`recorded_at_utc: ${recorded.reason}`);
    recordedAt = recorded.utc;
  }
  const actor = actorCell.safeParse(cells.actor ?? '');
  if (!actor.success) return bad(`actor ${firstIssue(actor.error)}`);
  const category = categoryCell.safeParse(cells.category?.trim() ? cells.category : (cells.type ?? '') === 'timeline.entry' ? '' : (cells.type ?? ''));
  if (!category.success) return bad(`category ${firstIssue(category.error)}`);
  const links = emptyLinks();
  for (const item of items(cells.indicators ?? '')) {
    const colon = item.indexOf(':');
    const type = item.slice(0, Math.max(colon, 0)) as IndicatorType;
    if (colon < 1 || !indicatorTypes.includes(type)) return bad(`indicators: ${JSON.stringify(item.slice(0, 80))} must be TYPE:VALUE with a type among ${indicatorTypes.join(', ')}`);
    const value = normaliseIndicator(type, refang(item.slice(colon + 1).trim()));
    if (!value.ok) return bad(`indicators: ${type} ${JSON.stringify(item.slice(colon + 1, colon + 81))}: ${value.reason}`);
    if (!links.indicators.some((key) => key.type === type && key.value === value.value)) links.indicators.push({ type, value: value.value });
  }
  for (const item of items(cells.assets ?? '')) {
    const colon = item.indexOf(':');
    const kind = item.slice(0, Math.max(colon, 0)) as AssetKind;
    const name = item.slice(colon + 1).trim();
    if (colon < 1 || !assetKinds.includes(kind) || name === '' || name.length > 300) return bad(`assets: ${JSON.stringify(item.slice(0, 80))} must be KIND:NAME with a kind among ${assetKinds.join(', ')}`);
    if (!links.assets.some((key) => key.kind === kind && key.name.toLowerCase() === name.toLowerCase())) links.assets.push({ kind, name });
  }
  for (const item of items(cells.techniques ?? '')) {
    const id = techniqueId.safeParse(item);
    if (!id.success) return bad(`techniques: ${JSON.stringify(item.slice(0, 40))} ${firstIssue(id.error)}`);
    if (!links.techniques.includes(id.data)) links.techniques.push(id.data);
  }
  for (const item of items(cells.tags ?? '')) {
    const tag = tagCell.safeParse(item);
    if (!tag.success) return bad(`tags: ${JSON.stringify(item.slice(0, 60))} ${firstIssue(tag.error)}`);
    if (!links.tags.includes(tag.data)) links.tags.push(tag.data);
  }
  if (links.indicators.length > 50 || links.assets.length > 50 || links.techniques.length > 20 || links.tags.length > 20) return bad('too many links: at most 50 indicators, 50 assets, 20 techniques and 20 tags');
  return {
    ok: true,
    draft: { text: parsedText.data, occurredAt: occurred.utc, offset: occurred.offset, category: category.data, links, imported: { recordedAt, actor: actor.data || actorNow } },
  };
}

/** A CSV row's cells by column, through the header; formula prefixes taken off. */
export function cellsOfRow(header: readonly string[], fields: readonly string[]): Partial<Record<TimelineColumn, string>> {
  const cells: Partial<Record<TimelineColumn, string>> = {};
  header.forEach((name, index) => {
    if ((timelineColumns as readonly string[]).includes(name) && fields[index] !== undefined) cells[name as TimelineColumn] = restoreFormula(fields[index]);
  });
  return cells;
}
