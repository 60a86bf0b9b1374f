/** The timeline line of a timeline event; null for any other event. */
export function summarizeTimelineEntryEvent(_type: string, _payload: Record<string, unknown>): string | null {
  return null; // Not built yet: lands with the timeline service.
}
