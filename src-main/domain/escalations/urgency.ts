import type { SeverityScheme } from '../../contract';

/** What the ordering needs of a reminder: how severe its incident is and when it came due. */
export interface UrgencyFacts {
  incidentId: string;
  /** 0 is the most severe level of the incident's scheme (P0, SEV-1, Critical). */
  severityRank: number;
  dueAt: string;
  key: string;
}

/**
 * Most urgent first: the most severe incident, then the longest overdue (the earliest due time),
 * so an overdue P0 is never behind newer P3 reminders. `pinnedIncidentId` (the incident on screen)
 * goes first whatever its severity: the responder is working it and acts on its reminders there.
 * Ties keep a stable order by incident and step, so banners do not shuffle between refreshes.
 */
export function byUrgency<T extends UrgencyFacts>(reminders: readonly T[], pinnedIncidentId?: string | null): T[] {
  const pinned = (reminder: T) => (pinnedIncidentId && reminder.incidentId === pinnedIncidentId ? 0 : 1);
  return [...reminders].sort(
    (a, b) =>
      pinned(a) - pinned(b) ||
      a.severityRank - b.severityRank ||
      Date.parse(a.dueAt) - Date.parse(b.dueAt) ||
      a.incidentId.localeCompare(b.incidentId) ||
      a.key.localeCompare(b.key),
  );
}

/** Ranked after every real level: an imported incident may name a scheme or level this laptop lacks. */
export const unknownSeverityRank = 1_000;

/** The rank of `severity` in its scheme (0 most severe), or `unknownSeverityRank`; never throws. */
export function severityRankOf(schemes: readonly SeverityScheme[], schemeId: string, severity: string): number {
  const wanted = severity.trim().toUpperCase();
  const rank = schemes.find((scheme) => scheme.id === schemeId)?.levels.findIndex((level) => level.id.toUpperCase() === wanted) ?? -1;
  return rank >= 0 ? rank : unknownSeverityRank;
}
