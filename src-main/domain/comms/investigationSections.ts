import { tlpLevels, type Asset, type Indicator, type RegulatoryClock } from '../../contract';
import { cell, inline, table } from './markdownText';
import { utcMinute } from './timeText';

/** What the investigation record adds to a report: folded from the incident's events, like the rest. */
export interface InvestigationFacts {
  indicators: Indicator[];
  assets: Asset[];
  clocks: RegulatoryClock[];
  /** Technique ids named anywhere in the record (indicators, assets, entries), sorted, with where. */
  techniques: { id: string; where: string[] }[];
}

const tlpWords = (tlp: string) => `TLP:${tlp.toUpperCase()}`;

/** Values defanged, as everywhere they are copied: a report is pasted into mail and tickets. */
export function indicatorTable(facts: InvestigationFacts): string {
  if (!facts.indicators.length) return '';
  // The report carries its most restricted indicator: whoever forwards it sees the marking first.
  const strictest = tlpLevels[Math.max(...facts.indicators.map((indicator) => tlpLevels.indexOf(indicator.tlp)))] ?? 'amber';
  const marking = `**${tlpWords(strictest)}** is the most restricted marking below: share this report only as ${tlpWords(strictest)} allows, or leave those indicators out.`;
  return `${marking}\n\n${table(
    ['ID', 'Type', 'Value (defanged)', 'TLP', 'First seen (UTC)', 'Last seen (UTC)', 'Source'],
    facts.indicators.map((indicator) => [
      cell(indicator.id),
      cell(indicator.type),
      cell(indicator.defanged),
      cell(tlpWords(indicator.tlp)),
      indicator.firstSeen ? cell(utcMinute(indicator.firstSeen)) : '—',
      indicator.lastSeen ? cell(utcMinute(indicator.lastSeen)) : '—',
      cell([indicator.source.kind, indicator.source.ref].filter(Boolean).join(' ')),
    ]),
  )}`;
}

export function assetTable(facts: InvestigationFacts): string {
  if (!facts.assets.length) return '';
  return table(
    ['ID', 'Kind', 'Name', 'State', 'Owner', 'State since (UTC)'],
    facts.assets.map((asset) => [cell(asset.id), cell(asset.kind), cell(asset.name), cell(asset.state), cell(asset.owner), cell(utcMinute(asset.stateAt))]),
  );
}

/** The affected systems of the Impact section, when the record names any; else the caller's marker. */
export function affectedSystems(facts: InvestigationFacts | undefined): string | null {
  if (!facts?.assets.length) return null;
  return facts.assets.map((asset) => `${inline(asset.name)} (${inline(asset.kind)}, ${inline(asset.state)})`).join(', ');
}

export function techniqueList(facts: InvestigationFacts): string {
  if (!facts.techniques.length) return '';
  return facts.techniques.map((technique) => `- ${inline(technique.id)}: ${technique.where.map(inline).join(', ')}`).join('\n');
}

/** Met or not is a fact of the events; "overdue" would depend on when the report is read, so a running clock shows its deadline. */
export function clockTable(facts: InvestigationFacts): string {
  if (!facts.clocks.length) return '';
  return table(
    ['Regulatory clock', 'Started (UTC)', 'Due (UTC)', 'Met'],
    facts.clocks.map((clock) => [
      cell(clock.label),
      cell(utcMinute(clock.startedAt)),
      cell(utcMinute(clock.dueAt)),
      clock.stoppedAt ? cell(`${utcMinute(clock.stoppedAt)}${clock.stoppedAt > clock.dueAt ? ' (late)' : ''}: ${clock.note}`) : 'not yet',
    ]),
  );
}
