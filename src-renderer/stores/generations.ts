/**
 * Request generations per incident: a request keeps the generation it was asked in, and its answer
 * is dropped when a newer request (another open, a view switch, a reload) has bumped it meanwhile.
 */
export function incidentGenerations() {
  const generations = new Map<string, number>();
  return {
    bump(incidentId: string): number {
      const next = (generations.get(incidentId) ?? 0) + 1;
      generations.set(incidentId, next);
      return next;
    },
    current(incidentId: string): number | undefined {
      return generations.get(incidentId);
    },
  };
}
