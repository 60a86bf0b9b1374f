// Not built yet: the timeline view lands with its store.
export function InvestigationTimelineTab({ incidentId }: { incidentId: string }) {
  return <p className="empty">The timeline of {incidentId} are not shown yet.</p>;
}
