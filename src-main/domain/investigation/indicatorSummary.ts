/** The timeline line of a indicator event; null for any other event. */
export function summarizeIndicatorEvent(_type: string, _payload: Record<string, unknown>): string | null {
  return null; // Not built yet: lands with the indicator service.
}
