import { eventTypes } from './incidentState';

const withReason = (line: string, reason: unknown) => (typeof reason === 'string' && reason ? `${line}: ${reason}` : line);

/** One readable line per event, for the timeline in the UI, the CLI and exports. */
export function summarizeEvent(type: string, payload: Record<string, unknown>): string {
  switch (type) {
    case eventTypes.declared:
      return `Declared ${String(payload.severity)} — ${String(payload.title)}`;
    case eventTypes.severityChanged:
      return withReason(`Severity ${String(payload.from)} → ${String(payload.to)}`, payload.reason);
    case eventTypes.statusChanged:
      return withReason(`Status ${String(payload.from)} → ${String(payload.to)}`, payload.note);
    case eventTypes.commanderChanged:
      return `Commander ${String(payload.from) || '(none)'} → ${String(payload.to)}`;
    case eventTypes.noteAdded:
      return String(payload.text);
    case eventTypes.slaBreached:
      // The entry's own time is shown beside it, in the responder's zone; no raw UTC stamp here.
      return `Response SLA breached: no response within the ${String(payload.severity)} deadline`;
    default:
      return type;
  }
}
