import { AppError, type DrillRun, type DrillView } from '../../contract';
import { drillMsAt, toMinute } from '../../domain/drills/drillClock';
import { drillEventTypes, readDrillFacts, type DrillFacts } from '../../domain/drills/drillFacts';
import { dueInjects } from '../../domain/drills/drillInjects';
import { drillRunView } from '../../domain/drills/drillView';
import type { IncidentState } from '../../domain/incidents/incidentState';
import { appendEvent, listEvents } from '../../store/eventLog';
import { updateIncident } from '../../store/incidentRepo';
import { readTransaction, writeTransaction } from '../../store/transaction';
import { currentActor, type ServiceContext } from '../context';
import { requireIncident } from '../incidents/incidentChange';
import { logError } from '../log';

/** The drill incident and its facts; AppError('not-found') / ('invalid-input', 'INC-… is not a drill'). */
export function readDrill(ctx: ServiceContext, id: string): { state: IncidentState; facts: DrillFacts } {
  // One snapshot: the incident row and the events it is read from must come from the same moment.
  return readTransaction(ctx.db, () => {
    const state = requireIncident(ctx, id);
    if (state.kind !== 'drill') throw new AppError('invalid-input', `${id} is not a drill`);
    const events = listEvents(ctx.db, id).map(({ type, at, actor, payload }) => ({ type, at, actor, payload }));
    return { state, facts: readDrillFacts(id, events) };
  });
}

// The latest "now" each drill has been read or written at in this process, per service context.
const seenNow = new WeakMap<ServiceContext, Map<string, number>>();

/**
 * The drill's "now": the wall clock, but never before a time already recorded on its timeline or
 * already shown from this process. A wall clock stepped back (an NTP correction) then holds drill
 * time still until it catches up, instead of running it backwards.
 */
export function drillNowMs(ctx: ServiceContext, id: string, facts: DrillFacts): number {
  let seen = seenNow.get(ctx);
  if (!seen) seenNow.set(ctx, (seen = new Map()));
  const nowMs = Math.max(ctx.clock().getTime(), Date.parse(facts.lastAt), seen.get(id) ?? -Infinity);
  seen.set(id, nowMs);
  return nowMs;
}

export interface DrillWrite {
  type: string;
  payload: Record<string, unknown>;
}

/**
 * The one way a drill changes: its facts are read under the write lock, `build` decides the events
 * from them (or throws a conflict), and the events land in one transaction with the incident's
 * `updatedAt`; then the console is told once. `at` is the write's one instant: every event and the
 * drill minute it records agree on it.
 */
export function recordDrill(
  ctx: ServiceContext,
  id: string,
  build: (drill: { state: IncidentState; facts: DrillFacts }, at: string) => DrillWrite[],
): { state: IncidentState; written: DrillWrite[] } {
  const result = writeTransaction(ctx.db, () => {
    const drill = readDrill(ctx, id);
    const at = new Date(drillNowMs(ctx, id, drill.facts)).toISOString();
    const written = build(drill, at);
    if (written.length === 0) return { state: drill.state, written };
    const state = { ...drill.state, updatedAt: at };
    updateIncident(ctx.db, state);
    // Injects the clock brings are written as the responder whose console delivered them (the
    // facilitator's, usually): the console's own name would stand among the report's participants.
    const actor = currentActor(ctx);
    for (const event of written) appendEvent(ctx.db, { incidentId: id, type: event.type, at, actor, deviceId: ctx.deviceId, payload: event.payload });
    return { state, written };
  });
  if (result.written.length) ctx.emit({ type: 'incident.changed', incidentId: id });
  return result;
}

/** The drill as one audience sees it, as of now. */
export function runOf(ctx: ServiceContext, drill: { state: IncidentState; facts: DrillFacts }, view: DrillView): DrillRun {
  return drillRunView(drill.state.id, drill.facts, { view, nowMs: drillNowMs(ctx, drill.state.id, drill.facts), slaMinutes: drill.state.responseMinutes, severity: drill.state.severity });
}

/** Drill incidents still open: the ones whose clock may still bring injects. */
function openDrillIds(ctx: ServiceContext): string[] {
  return ctx.db
    .prepare<[], { id: string }>("SELECT id FROM incidents WHERE kind = 'drill' AND status <> 'Closed' ORDER BY declared_at")
    .all()
    .map((row) => row.id);
}

function deliverTo(ctx: ServiceContext, id: string): number {
  // Looked at without the write lock first: the watcher asks every second, and mostly nothing is due.
  const { facts } = readDrill(ctx, id);
  if (dueInjects(facts, drillNowMs(ctx, id, facts)).length === 0) return 0;
  const { written } = recordDrill(
    ctx,
    id,
    ({ facts }, at) => {
      const nowMs = Date.parse(at);
      const minute = toMinute(drillMsAt(facts.clock, nowMs));
      return dueInjects(facts, nowMs).map((inject) => ({
        type: drillEventTypes.injected,
        payload: { injectId: inject.id, action: 'fired', title: inject.title, body: inject.body, minute, by: 'minute' in inject.trigger ? 'clock' : 'trigger' },
      }));
    },
  );
  for (const { payload } of written) ctx.emit({ type: 'drill.inject', incidentId: id, injectId: String(payload.injectId), title: String(payload.title) });
  return written.length;
}

/** Appends drill.injected for every due inject of one drill (or every open drill), emits incident.changed and drill.inject; returns how many arrived. */
export function deliverDueInjects(ctx: ServiceContext, id?: string): number {
  if (id !== undefined) return deliverTo(ctx, id);
  let arrived = 0;
  for (const drillId of openDrillIds(ctx)) {
    try {
      arrived += deliverTo(ctx, drillId);
    } catch (error) {
      // One drill that cannot be read (a damaged record) must not keep the others' injects from arriving.
      if (!(error instanceof AppError)) throw error;
      logError(`firebreak: injects of ${drillId} not delivered: ${error.message}`);
    }
  }
  return arrived;
}

/** Calls deliverDueInjects every `everyMs` (default 1000) where the SLA watcher runs (server, Electron); returns stop. */
export function startDrillWatcher(ctx: ServiceContext, everyMs = 1_000): () => void {
  const timer = setInterval(() => {
    try {
      deliverDueInjects(ctx);
    } catch (error) {
      logError('firebreak: drill inject delivery failed:', (error as Error).message);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
