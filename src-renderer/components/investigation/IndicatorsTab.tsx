// Not built yet: the indicators view lands with its store.
export function IndicatorsTab({ incidentId }: { incidentId: string }) {
  return <p className="empty">The indicators of {incidentId} are not shown yet.</p>;
}
