import type { IncidentStatus } from '../../../src-main/contract';

export function StatusPill({ status }: { status: IncidentStatus }) {
  return <span className={`pill status-${status.toLowerCase()}`}>{status}</span>;
}
