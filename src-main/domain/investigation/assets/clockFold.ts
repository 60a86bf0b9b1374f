import type { RegulatoryClock } from '../../../contract';
import { investigationEventTypes, type FoldEvent } from '../investigationEvents';

export const clockEventTypes: readonly string[] = [investigationEventTypes.clockStarted, investigationEventTypes.clockStopped];

/** The longest clock the contract takes (ten years): a longer one in a payload is not a clock. */
const maxHours = 24 * 3_650;
const hourMs = 3_600_000;

function isoOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** The deadline of a clock of `hours` started at `startedAt` (UTC ISO-8601). */
export function clockDueAt(startedAt: string, hours: number): string {
  return new Date(Date.parse(startedAt) + hours * hourMs).toISOString();
}

/**
 * The incident's regulatory clocks at `now`, folded from its events in projection order. A name
 * started while it runs is ignored (two laptops starting the same deadline keep the first); started
 * again after it was met, it is a new clock in the old one's place. Payloads that do not parse are
 * skipped.
 */
export function foldClocks(events: readonly FoldEvent[], now: string): RegulatoryClock[] {
  const byName = new Map<string, RegulatoryClock>();
  for (const event of events) {
    const payload = event.payload as unknown;
    if (typeof payload !== 'object' || payload === null) continue;
    const fields = payload as Record<string, unknown>;
    if (typeof fields.name !== 'string') continue;
    const held = byName.get(fields.name);
    if (event.type === investigationEventTypes.clockStarted) {
      if (held && held.stoppedAt === null) continue;
      const clock = started(event, fields);
      if (!clock) continue;
      byName.delete(clock.name);
      byName.set(clock.name, clock);
    } else if (event.type === investigationEventTypes.clockStopped && held && held.stoppedAt === null) {
      const at = isoOf(event.at);
      if (!at) continue;
      held.stoppedAt = at;
      held.state = Date.parse(at) <= Date.parse(held.dueAt) ? 'met' : 'met-late';
      if (typeof fields.note === 'string' && fields.note !== '') held.note = fields.note;
    }
  }
  const nowMs = Date.parse(now);
  for (const clock of byName.values()) {
    if (clock.stoppedAt === null) clock.state = nowMs > Date.parse(clock.dueAt) ? 'overdue' : 'running';
  }
  return [...byName.values()];
}

function started(event: FoldEvent, payload: Record<string, unknown>): RegulatoryClock | null {
  const { name, label, hours, note } = payload;
  const startedAt = isoOf(payload.startedAt);
  if (typeof name !== 'string' || !startedAt) return null;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > maxHours) return null;
  return {
    name,
    label: typeof label === 'string' && label !== '' ? label : name,
    hours,
    startedAt,
    dueAt: clockDueAt(startedAt, hours),
    state: 'running',
    stoppedAt: null,
    note: typeof note === 'string' ? note : '',
    startedBy: event.actor,
  };
}
