import { operation } from '../operationSpec';
import { addIndicatorInput, importIndicatorsInput, listIndicatorsInput, updateIndicatorInput, type Indicator, type IndicatorAdded, type IndicatorImport } from './indicators';
import { addAssetInput, listAssetsInput, setAssetStateInput, updateAssetInput, type Asset, type AssetList } from './assets';
import { importAttackInput, searchAttackInput, type AttackImportResult, type AttackSearchResult } from './attack';
import {
  addTimelineEntryInput,
  exportTimelineInput,
  importTimelineInput,
  listInvestigationTimelineInput,
  tagTimelineEntryInput,
  type InvestigationEntry,
  type InvestigationTimeline,
  type TimelineExport,
  type TimelineImport,
} from './timeline';
import { listClocksInput, startClockInput, stopClockInput, type RegulatoryClocks } from './clocks';

/** The investigation record: indicators, affected assets, ATT&CK techniques, the two-clock timeline and regulatory clocks. */
export const investigationOperations = {
  'ioc.add': operation<IndicatorAdded>()(
    addIndicatorInput,
    'Add an indicator (IP, domain, URL, email, MD5/SHA-1/SHA-256, file path, account, process, registry key, text), its type detected when omitted and its value validated for that type; defanged forms are accepted and stored refanged. A duplicate (same type and value) merges into the one held; a stricter TLP held is kept, and `tlpKept` says so. Recorded on the timeline.',
  ),
  'ioc.import': operation<IndicatorImport>()(
    importIndicatorsInput,
    'Add a pasted list or a file\'s text, one indicator per line, types detected, duplicates merged; counts by type and every rejected line with its reason. One timeline event for the whole list. `dryRun` classifies without storing.',
  ),
  'ioc.update': operation<Indicator>()(updateIndicatorInput, 'Change an indicator\'s TLP, note, tags, techniques or first/last seen; recorded on the timeline.'),
  'ioc.list': operation<{ indicators: Indicator[] }>()(listIndicatorsInput, 'The incident\'s indicators in the order they were added, optionally of one type, tag or technique.'),
  'asset.add': operation<Asset>()(addAssetInput, 'Record an affected asset (host, service, account, repository, data store) with its state and owner; a duplicate (same kind and name) is refused. Recorded on the timeline.'),
  'asset.state': operation<Asset>()(setAssetStateInput, 'Move an asset to another state (suspected, compromised, contained, cleaned, restored), with an optional reason; recorded on the timeline.'),
  'asset.update': operation<Asset>()(updateAssetInput, 'Change an asset\'s owner, note, tags or techniques; recorded on the timeline.'),
  'asset.list': operation<AssetList>()(listAssetsInput, 'The incident\'s assets in the order they were added, and which ones the Contain and Recover phases still wait on.'),
  'attack.import': operation<AttackImportResult>()(
    importAttackInput,
    'Import the ATT&CK technique catalogue from a MITRE ATT&CK STIX 2.x bundle file (nothing is fetched); replaces the catalogue held. A malformed bundle is refused with what is wrong and nothing changes.',
  ),
  'attack.search': operation<AttackSearchResult>()(searchAttackInput, 'Techniques by id (T1059, T1059.001) or by words of their name, from the imported catalogue.'),
  'timeline.add': operation<InvestigationEntry>()(
    addTimelineEntryInput,
    'Add an entry to the timeline, possibly after the fact: `at` is when it happened (with its offset, stored in UTC), the entry is recorded now. Optional category and links to indicators, assets, techniques and tags.',
  ),
  'timeline.tag': operation<InvestigationEntry>()(tagTimelineEntryInput, 'Link an entry already on the timeline to indicators, assets, techniques or tags (or take links off); recorded as an event of its own.'),
  'timeline.list': operation<InvestigationTimeline>()(
    listInvestigationTimelineInput,
    'The timeline with both clocks (when it happened, when it was recorded), sorted by either, filtered by indicator, asset, technique, tag, actor or event type.',
  ),
  'timeline.export': operation<TimelineExport>()(exportTimelineInput, 'The timeline as CSV (the documented column set) or JSON, to a file or as text; indicator values defanged.'),
  'timeline.import': operation<TimelineImport>()(importTimelineInput, 'Add the entries of a timeline CSV (as exported) to the incident, keeping when each happened; rejected rows with their reasons, nothing stored when any row is malformed.'),
  'clock.start': operation<RegulatoryClocks>()(
    startClockInput,
    'Start a regulatory clock (a preset such as gdpr-authority, 72 hours, or a named one with hours) from a moment such as awareness of a breach; recorded on the timeline, with reminders as the deadline nears and passes.',
  ),
  'clock.stop': operation<RegulatoryClocks>()(stopClockInput, 'Mark a regulatory clock met (the notification was made), with what met it; recorded on the timeline.'),
  'clock.list': operation<RegulatoryClocks>()(listClocksInput, 'The incident\'s regulatory clocks with their deadlines and states, and the presets.'),
};

/** Those that read or write files. */
export const longRunningInvestigationOperations = ['attack.import', 'timeline.export', 'timeline.import'] as const;
