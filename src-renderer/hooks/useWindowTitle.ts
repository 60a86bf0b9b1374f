import { useEffect } from 'react';
import type { Incident } from '../../src-main/contract';

const appName = 'Firebreak';
const maxTitle = 60;

const shorten = (text: string) => (text.length > maxTitle ? `${text.slice(0, maxTitle - 1)}…` : text);

/** Waiting for a response past its SLA: as the server said, or since then by the clock. */
function isOverdue(incident: Incident, now: Date): boolean {
  if (incident.status !== 'Active') return false;
  return incident.sla.state === 'overdue' || (incident.sla.state === 'running' && Date.parse(incident.sla.dueAt) < now.getTime());
}

/**
 * The window (tab) title: an overdue SLA first, so it shows in the task bar or among other tabs
 * (`⚠ SLA overdue · P0 Customer data exfiltrated — Firebreak`, the most severe and longest
 * overdue, with how many more); else the incident on screen (a drill says DRILL first, so a tab or
 * task bar entry is never read as a real incident); else the app's name.
 */
export function windowTitle(incidents: readonly Incident[], onScreen: Incident | null, now: Date): string {
  const overdue = incidents
    .filter((incident) => isOverdue(incident, now))
    .sort((a, b) => a.severityRank - b.severityRank || Date.parse(a.sla.dueAt) - Date.parse(b.sla.dueAt));
  const worst = overdue[0];
  if (worst) {
    const more = overdue.length > 1 ? ` (+${overdue.length - 1} more)` : '';
    return `⚠ SLA overdue · ${worst.severity} ${shorten(worst.title)}${more} — ${appName}`;
  }
  if (onScreen) return `${onScreen.kind === 'drill' ? 'DRILL · ' : ''}${onScreen.severity} ${shorten(onScreen.title)} — ${appName}`;
  return appName;
}

/** Keeps `document.title` (the desktop window's title too) in step with `windowTitle`. */
export function useWindowTitle(incidents: readonly Incident[], onScreen: Incident | null, now: Date): void {
  const title = windowTitle(incidents, onScreen, now);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
