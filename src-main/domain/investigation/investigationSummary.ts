import { summarizeAssetEvent } from './assets/assetSummary';
import { summarizeClockEvent } from './assets/clockSummary';
import { summarizeIndicatorEvent } from './indicators/indicatorSummary';
import { summarizeTimelineEntryEvent } from './timeline/timelineEntrySummary';

/** The timeline line of an investigation record event (indicator, asset, entry, clock); null for any other. */
export function summarizeInvestigationEvent(type: string, payload: Record<string, unknown>): string | null {
  return summarizeIndicatorEvent(type, payload) ?? summarizeAssetEvent(type, payload) ?? summarizeTimelineEntryEvent(type, payload) ?? summarizeClockEvent(type, payload);
}
