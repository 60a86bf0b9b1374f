/** The timeline line of a asset event; null for any other event. */
export function summarizeAssetEvent(_type: string, _payload: Record<string, unknown>): string | null {
  return null; // Not built yet: lands with the asset service.
}
