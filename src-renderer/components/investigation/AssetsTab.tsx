// Not built yet: the assets view lands with its store.
export function AssetsTab({ incidentId }: { incidentId: string }) {
  return <p className="empty">The assets of {incidentId} are not shown yet.</p>;
}
