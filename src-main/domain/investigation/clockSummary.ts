/** The timeline line of a clock event; null for any other event. */
export function summarizeClockEvent(_type: string, _payload: Record<string, unknown>): string | null {
  return null; // Not built yet: lands with the clock service.
}
