import { summarizeAssetEvent } from './assetSummary';
import { summarizeClockEvent } from './clockSummary';
import { summarizeIndicatorEvent } from './indicatorSummary';
import { summarizeTimelineEntryEvent } from './timelineEntrySummary';

/** The timeline line of an investigation record event (indicator, asset, entry, clock); null for any other. */
export function summarizeInvestigationEvent(type: string, payload: Record<string, unknown>): string | null {
  return summarizeIndicatorEvent(type, payload) ?? summarizeAssetEvent(type, payload) ?? summarizeTimelineEntryEvent(type, payload) ?? summarizeClockEvent(type, payload);
}
