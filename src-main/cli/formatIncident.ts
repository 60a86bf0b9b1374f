import type { Impact, Incident, IncidentDetail, VerifyResult } from '../contract';
import { formatDuration, slaRemainingMs } from '../domain/incidents/sla';
import { table } from './output';

export function formatImpact(impact: Impact): string {
  const letters = [impact.confidentiality && 'C', impact.integrity && 'I', impact.availability && 'A'].filter(Boolean);
  return letters.length ? letters.join('') : '-';
}

export function formatSla(incident: Incident, now: Date): string {
  const { sla } = incident;
  if (sla.state === 'met') return 'met';
  if (sla.state === 'missed') return 'missed';
  const remaining = slaRemainingMs(sla, now);
  return remaining < 0 ? `OVERDUE ${formatDuration(remaining)}` : `${formatDuration(remaining)} left`;
}

export function formatIncidentList(incidents: Incident[], now: Date): string {
  if (incidents.length === 0) return 'No open incidents. Declare one with: firebreak incident declare --title "..." --severity P1';
  return table(
    ['ID', 'SEV', 'STATUS', 'SLA', 'IMPACT', 'COMMANDER', 'TITLE'],
    incidents.map((incident) => [incident.id, incident.severity, incident.status, formatSla(incident, now), formatImpact(incident.impact), incident.commander, incident.title]),
  );
}

export function formatIncidentDetail({ incident, timeline }: IncidentDetail, now: Date): string {
  const header = [
    `${incident.id}  ${incident.severity} ${incident.severityLabel}  ${incident.status}`,
    incident.title,
    `SLA: ${formatSla(incident, now)} (respond within ${formatDuration(incident.sla.responseMinutes * 60_000)}, due ${incident.sla.dueAt})`,
    `Commander: ${incident.commander}   Impact: ${formatImpact(incident.impact)}   Scenario: ${incident.scenario || '-'}`,
    `Declared: ${incident.declaredAt}${incident.detectionSource ? `   Detected by: ${incident.detectionSource}` : ''}`,
  ];
  if (incident.description) header.push('', incident.description);
  const events = table(
    ['#', 'AT (UTC)', 'WHO', 'WHAT'],
    timeline.map((entry) => [String(entry.seq), entry.at, entry.actor, entry.summary.replace(/\s+/g, ' ')]),
  );
  return `${header.join('\n')}\n\nTimeline\n${events}`;
}

export function formatVerify(result: VerifyResult): string {
  if (result.intact) return `${result.id}: chain intact, ${result.events} events, head ${result.headHash.slice(0, 16)}`;
  const broken = result.firstBreak!;
  if (broken.reason === 'orphaned-events') return [`${result.id}: ORPHANED: ${broken.message}`, ...result.mismatches.map((mismatch) => `  ${mismatch.message}`)].join('\n');
  if (broken.reason === 'state-mismatch') {
    return [`${result.id}: chain intact, but ${result.mismatches.length} stored record(s) differ from the events:`, ...result.mismatches.map((mismatch) => `  ${mismatch.message}`)].join('\n');
  }
  return `${result.id}: CHAIN BROKEN at event #${broken.seq} (${broken.type}): ${broken.message}`;
}
