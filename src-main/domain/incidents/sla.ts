import type { SlaSnapshot } from '../../contract';

const minuteMs = 60_000;

export interface SlaInput {
  declaredAt: string;
  responseMinutes: number;
  respondedAt: string | null;
  /** Resolved or Closed without a response: nothing is waiting any more, and nothing was met. */
  status?: string;
}

/** The last moment a Date holds (ECMA-262: 8.64e15 ms either side of the epoch); the incident list's due key clamps the same. */
export const lastDateMs = 8.64e15;

/**
 * A response time no date can reach (another laptop's signed event may carry one) reads as the
 * last date there is, never due: an error here would hide the incident list and the incident.
 */
export function slaDueAt(declaredAt: string, responseMinutes: number): string {
  const dueMs = Date.parse(declaredAt) + responseMinutes * minuteMs;
  return new Date(Number.isNaN(dueMs) ? dueMs : Math.max(-lastDateMs, Math.min(lastDateMs, dueMs))).toISOString();
}

/** The response SLA runs from declaration until the first response; it is met or missed from then on. */
export function slaSnapshot(input: SlaInput, now: Date): SlaSnapshot {
  const dueAt = slaDueAt(input.declaredAt, input.responseMinutes);
  const dueMs = Date.parse(dueAt);
  let state: SlaSnapshot['state'];
  if (input.respondedAt) state = Date.parse(input.respondedAt) <= dueMs ? 'met' : 'missed';
  else if (input.status === 'Resolved' || input.status === 'Closed') state = 'never-acknowledged';
  else state = now.getTime() > dueMs ? 'overdue' : 'running';
  return { responseMinutes: input.responseMinutes, dueAt, respondedAt: input.respondedAt, state };
}

export function slaRemainingMs(sla: SlaSnapshot, now: Date): number {
  return Date.parse(sla.dueAt) - now.getTime();
}

/** Human duration like "14m 05s", "3h 20m", "2d 4h"; negative values read as overdue by the caller. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  return `${minutes}m ${pad(seconds)}s`;
}
