import type { FieldConflict, Impact, Incident, IncidentDetail, VerifyResult } from '../contract';
import { formatDuration, slaRemainingMs } from '../domain/incidents/sla';
import { table } from './table';

export function formatImpact(impact: Impact): string {
  const letters = [impact.confidentiality && 'C', impact.integrity && 'I', impact.availability && 'A'].filter(Boolean);
  return letters.length ? letters.join('') : '-';
}

export function formatSla(incident: Incident, now: Date): string {
  const { sla } = incident;
  if (sla.state === 'met') return 'met';
  if (sla.state === 'missed') return 'missed';
  if (sla.state === 'never-acknowledged') return 'never acknowledged';
  const remaining = slaRemainingMs(sla, now);
  return remaining < 0 ? `OVERDUE ${formatDuration(remaining)}` : `${formatDuration(remaining)} left`;
}

export const incidentListHeaders = ['ID', 'SEV', 'STATUS', 'SLA', 'IMPACT', 'COMMANDER', 'TITLE'];

export function incidentListRow(incident: Incident, now: Date): string[] {
  return [incident.id, incident.severity, incident.status, formatSla(incident, now), formatImpact(incident.impact), incident.commander, incident.title];
}

export function emptyListHint(scope: 'open' | 'all'): string {
  return `No ${scope === 'open' ? 'open ' : ''}incidents. Declare one with: firebreak incident declare --title "..." --severity P1`;
}

/** Concurrent writes of one field nobody has settled yet: who set what, and which value stands for now. */
export function formatConflicts(conflicts: readonly FieldConflict[]): string[] {
  if (conflicts.length === 0) return [];
  const lines = ['', 'Unsettled conflicts (set the field again to settle one)'];
  for (const conflict of conflicts) {
    const writes = conflict.writes.map((write) => `${write.value} by ${write.actor} at ${write.at}`).join(', ');
    lines.push(`  ${conflict.field}: ${writes}; ${conflict.winner.value} stands for now`);
  }
  return lines;
}

export function formatIncidentDetail({ incident, timeline, conflicts }: IncidentDetail, now: Date): string {
  const header = [
    ...(incident.kind === 'drill' ? ['DRILL: a tabletop exercise, not a real incident'] : []),
    `${incident.id}  ${incident.severity} ${incident.severityLabel}  ${incident.status}`,
    incident.title,
    `SLA: ${formatSla(incident, now)} (respond within ${formatDuration(incident.sla.responseMinutes * 60_000)}, due ${incident.sla.dueAt})`,
    `Commander: ${incident.commander}   Impact: ${formatImpact(incident.impact)}   Scenario: ${incident.scenario || '-'}`,
    `Declared: ${incident.declaredAt}${incident.detectionSource ? `   Detected by: ${incident.detectionSource}` : ''}`,
  ];
  if (incident.description) header.push('', incident.description);
  header.push(...formatConflicts(conflicts ?? []));
  const events = table(
    ['#', 'AT (UTC)', 'WHO', 'WHAT'],
    timeline.map((entry) => [String(entry.seq), entry.at, entry.actor, entry.summary.replace(/\s+/g, ' ')]),
  );
  return `${header.join('\n')}\n\nTimeline\n${events}`;
}

/** The DAG's side of a verification: verdict, newest events, what has not arrived, what is not signed yet. */
function dagLines(result: VerifyResult): string[] {
  const lines = [`  verdict: ${result.verdict}`, `  heads: ${result.heads.join(', ') || '-'}`];
  for (const hash of result.missing) lines.push(`  missing: ${hash}`);
  if (result.unsigned > 0) lines.push(`  unsigned: ${result.unsigned} of this laptop's events: they are signed when this laptop next exports the incident, or unlocks the vault in the console`);
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  return lines;
}

function headline(result: VerifyResult): string {
  if (result.intact && result.verdict === 'incomplete') {
    return `${result.id}: INCOMPLETE: ${result.missing.length} earlier event(s) not received yet (not tampering); import a newer bundle from a teammate`;
  }
  if (result.intact) return `${result.id}: chain intact, ${result.events} events, head ${result.headHash.slice(0, 16)}`;
  const broken = result.firstBreak!;
  if (broken.reason === 'orphaned-events') return `${result.id}: ORPHANED: ${broken.message}`;
  if (broken.reason === 'state-mismatch') return `${result.id}: chain intact, but ${result.mismatches.length} stored record(s) differ from the events:`;
  // A witness or seal problem names no one stored event: the message says what is missing.
  if (broken.seq === 0) return `${result.id}: TAMPERED: ${broken.message}`;
  return `${result.id}: CHAIN BROKEN at event #${broken.seq} (${broken.type}): ${broken.message}`;
}

export function formatVerify(result: VerifyResult): string {
  return [headline(result), ...result.mismatches.map((mismatch) => `  ${mismatch.message}`), ...dagLines(result)].join('\n');
}
