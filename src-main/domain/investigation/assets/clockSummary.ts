import { investigationEventTypes } from '../investigationEvents';

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `72 h` or `60 days`: a span as deadlines are spoken of (GDPR says 72 hours, not 3 days). */
export function spanWords(hours: number): string {
  if (hours >= 96 && hours % 24 === 0) return `${hours / 24} days`;
  return `${Number(hours.toFixed(2))} h`;
}

/** The timeline line of a clock event; null for any other event. */
export function summarizeClockEvent(type: string, payload: Record<string, unknown>): string | null {
  const name = str(payload.label) || str(payload.name) || 'clock';
  switch (type) {
    case investigationEventTypes.clockStarted: {
      const hours = typeof payload.hours === 'number' && Number.isFinite(payload.hours) ? spanWords(payload.hours) : '? h';
      const note = str(payload.note);
      return `Regulatory clock started: ${name} (${hours} from ${str(payload.startedAt) || '?'})${note ? `: ${note}` : ''}`;
    }
    case investigationEventTypes.clockStopped:
      return `Regulatory clock met: ${str(payload.name) || 'clock'}${str(payload.note) ? `: ${str(payload.note)}` : ''}`;
    case investigationEventTypes.clockDue:
      return payload.stage === 'overdue' ? `Regulatory clock overdue: ${name} (was due ${str(payload.dueAt)})` : `Regulatory clock due soon: ${name} (due ${str(payload.dueAt)})`;
    default:
      return null;
  }
}
