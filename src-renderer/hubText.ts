import type { HubStatus, SyncResult } from '../src-main/contract';

/**
 * How the sync indicator reads. `warning` is amber, never alarm red: local work goes on while the
 * hub is away. `quiet` is for a laptop that has joined no hub, which is normal.
 */
export type IndicatorTone = 'quiet' | 'ok' | 'busy' | 'pending' | 'warning';

export interface IndicatorView {
  tone: IndicatorTone;
  /** The words always shown: "Hub: up to date", "Offline since 02:14". */
  label: string;
  /** Why it is offline, shown after the label and cut short if the bar is narrow (in full in the popover). */
  reason: string | null;
  /** Work waiting on the hub, shown beside the label whatever the state: "12 to push · behind by 40". */
  counts: string | null;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `02:14` today, `29 Nov, 02:14` on another day: in the responder's zone, short enough for the top bar. */
export function sinceTime(iso: string, now: Date): string {
  const at = new Date(iso);
  return at.toDateString() === now.toDateString() ? clockFormat.format(at) : dayFormat.format(at);
}

function countsOf(status: HubStatus): string | null {
  const parts: string[] = [];
  if (status.toPush > 0) parts.push(`${status.toPush} to push`);
  if (status.behind > 0) parts.push(parts.length ? `behind by ${status.behind}` : `Behind by ${status.behind}`);
  return parts.length ? parts.join(' · ') : null;
}

/**
 * The gist of a hub error for the top bar, where there is room for a few words: "hub refused the
 * connection" rather than "the hub at hub.example.org:5432 refused the connection: is PostgreSQL
 * running there?". The whole sentence is in the indicator's details and on the hub page.
 */
export function shortReason(error: string): string {
  const gist = error
    .replace(/ \(.*\)$/s, '')
    .split(': ')[0]!
    .replace(/^the hub at \S+ /, 'hub ')
    .replace(/ at \S+:\d+/, '')
    .replace(/^the hub's host \S+/, "the hub's host");
  return gist.length > 0 ? gist : error;
}

/** What the indicator on every screen says; `status` null while the first answer is on its way. */
export function indicatorOf(status: HubStatus | null, now: Date, loadError: string | null = null): IndicatorView {
  if (!status) return loadError ? { tone: 'warning', label: 'Hub status unknown', reason: null, counts: null } : { tone: 'quiet', label: 'Hub…', reason: null, counts: null };
  switch (status.state) {
    case 'not-joined':
      return { tone: 'quiet', label: 'Not joined', reason: null, counts: null };
    case 'offline':
      return {
        tone: 'warning',
        label: status.offlineSince ? `Offline since ${sinceTime(status.offlineSince, now)}` : 'Offline',
        reason: status.lastError ? shortReason(status.lastError) : null,
        counts: countsOf(status),
      };
    case 'connecting':
      return { tone: 'busy', label: 'Connecting…', reason: null, counts: countsOf(status) };
    case 'pushing':
      return { tone: 'busy', label: status.toPush > 0 ? `Pushing ${status.toPush}…` : 'Pushing…', reason: null, counts: null };
    case 'pulling':
      return { tone: 'busy', label: status.behind > 0 ? `Pulling ${status.behind}…` : 'Pulling…', reason: null, counts: null };
    case 'connected': {
      const counts = countsOf(status);
      // Reached, but something did not go through (an event refused, an incident that could not be rebuilt): amber, with why.
      if (status.lastError) return { tone: 'warning', label: counts ?? 'Connected', reason: shortReason(status.lastError), counts: null };
      return counts ? { tone: 'pending', label: counts, reason: null, counts: null } : { tone: 'ok', label: 'Hub: up to date', reason: null, counts: null };
    }
  }
}

function events(count: number): string {
  return `${count} event${count === 1 ? '' : 's'}`;
}

/** After "Sync now": what moved, and what is still waiting, in one sentence a responder can act on. */
export function syncSummary(result: SyncResult): string {
  const moved = result.pushed === 0 && result.pulled === 0 ? 'Nothing new either way' : `Pushed ${events(result.pushed)}, pulled ${events(result.pulled)}`;
  const left = result.pending > 0 ? `${events(result.pending)} still to push: the hub has not acknowledged them yet` : 'nothing left to push';
  const waiting = result.waiting > 0 ? ` ${events(result.waiting)} received here ${result.waiting === 1 ? 'waits' : 'wait'} for the events before ${result.waiting === 1 ? 'it' : 'them'}.` : '';
  const refused = result.refused.length > 0 ? ` ${events(result.refused.length)} refused: ${result.refused.map((entry) => entry.reason).join('; ')}.` : '';
  return `${moved}; ${left}.${waiting}${refused}`;
}

const actions: Record<string, string> = {
  'incident.declared': 'declared the incident',
  'incident.noteAdded': 'added a note',
  'incident.statusChanged': 'changed the status',
  'incident.severityChanged': 'changed the severity',
  'incident.commanderChanged': 'changed the commander',
  'incident.variablesSet': 'filled command values',
  'incident.roleChanged': 'changed a role',
  'incident.acknowledged': 'acknowledged',
  'incident.phaseAdvanced': 'advanced the phase',
  'checklist.snapshotted': 'set up the checklist',
  'checklist.stepChanged': 'worked a checklist step',
  'checklist.stepNoted': 'noted a checklist step',
  'checklist.stepAdded': 'added a checklist step',
  'checklist.stepAssigned': 'assigned a checklist step',
  'member.added': 'added a responder',
  'action.added': 'added an action item',
  'action.updated': 'updated an action item',
  'comms.sent': 'sent a message',
  'escalation.acknowledged': 'acknowledged an escalation',
  // Written by the console on its own when a timer runs out: the responder's laptop, not their hand.
  'escalation.due': 'console raised an escalation',
  'sla.breached': 'console recorded the SLA breach',
  'sync.merged': 'merged what they had seen',
};

/** `incident.noteAdded` → "added a note"; an event type this console does not know reads as its words. */
export function lastActionLabel(type: string): string {
  const known = actions[type];
  if (known) return known;
  const [area = '', verb = ''] = type.split('.');
  const words = verb.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${area} ${words}`.trim();
}

/** "just now" under a minute, then "4 min ago", "2 h 05 min ago": the exact time goes in the hover text. */
export function agoText(iso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${String(minutes % 60).padStart(2, '0')} min` : ''} ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
