import { toMinute } from './drillClock';
import { drillEventTypes } from './drillFacts';

const minuteOf = (ms: unknown) => (typeof ms === 'number' ? toMinute(ms) : 0);
const clockWords: Record<string, string> = { start: 'started', pause: 'paused', resume: 'resumed', finish: 'stopped' };
const byWords: Record<string, string> = { clock: 'by the clock', trigger: 'on its trigger', facilitator: 'by the facilitator' };

/** The timeline line of a drill event; null for any other event. */
export function summarizeDrillEvent(type: string, payload: Record<string, unknown>): string | null {
  switch (type) {
    case drillEventTypes.started: {
      const scenario = (payload.scenario ?? {}) as Record<string, unknown>;
      return `Drill started: ${String(scenario.title ?? payload.drillId)} (scenario ${String(payload.drillId)}); the drill clock is ready`;
    }
    case drillEventTypes.clock: {
      const at = `at minute ${minuteOf(payload.elapsedMs)}`;
      if (payload.action === 'speed') return `Drill clock ×${String(payload.speed)} ${at}`;
      return `Drill clock ${clockWords[String(payload.action)] ?? String(payload.action)} ${at}${payload.action === 'start' && payload.speed !== 1 ? `, ×${String(payload.speed)}` : ''}`;
    }
    case drillEventTypes.injected:
      // A skipped inject stays unread: its line says that one was skipped, never what it held.
      if (payload.action === 'skipped') return `An inject was skipped by the facilitator at minute ${String(payload.minute)}`;
      return `Inject at minute ${String(payload.minute)} (${byWords[String(payload.by)] ?? String(payload.by)}): ${String(payload.title)}${payload.body ? ` — ${String(payload.body)}` : ''}`;
    case drillEventTypes.answered:
      return `Answer to “${String(payload.question)}”: ${String(payload.answer)}`;
    case drillEventTypes.finished: {
      const score = (payload.score ?? {}) as Record<string, unknown>;
      return `Drill finished at minute ${minuteOf(payload.elapsedMs)}: score ${String(score.overall)}/100`;
    }
    default:
      return null;
  }
}

/**
 * What a timeline entry shows of a drill event's payload: the participants read the timeline, so the
 * scenario snapshot (injects to come, facilitator notes) and a skipped inject's title stay in the
 * event, for the score and the report, and out of the entry.
 */
export function drillEntryPayload(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  if (type === drillEventTypes.started) {
    const scenario = (payload.scenario ?? {}) as Record<string, unknown>;
    return { drillId: payload.drillId, scenario: { id: scenario.id, title: scenario.title } };
  }
  if (type === drillEventTypes.injected && payload.action === 'skipped') {
    const { title: _title, body: _body, ...rest } = payload;
    return rest;
  }
  return payload;
}
