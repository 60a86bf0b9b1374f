import type { PushedEvent } from '../../contract';
import { findIncident } from '../../store/incidentRepo';
import type { ServiceContext } from '../context';
import { logError } from '../log';
import { toIncident } from './incidentView';

/**
 * Wraps a transport's `send` (SSE, IPC) so each `incident.changed` carries the incident as
 * `incident.list` returns it, and the console patches its rows instead of refetching lists.
 *
 * The summary is computed once the current tick's work is done: a burst of changes to one incident
 * (a hub pull, a checklist walk) is one event with one summary, read after the last write. Events
 * keep their order; other events only wait when an incident change is queued ahead of them.
 */
export function sendingIncidentSummaries(context: () => ServiceContext | undefined, send: (event: PushedEvent) => void): (event: PushedEvent) => void {
  let queue: PushedEvent[] = [];
  const queuedIds = new Set<string>();

  const flush = () => {
    const events = queue;
    queue = [];
    queuedIds.clear();
    const ctx = context();
    for (const event of events) send(event.type === 'incident.changed' && ctx ? withSummary(ctx, event) : event);
  };

  return (event) => {
    if (event.type !== 'incident.changed') {
      if (queue.length === 0) send(event);
      else queue.push(event);
      return;
    }
    if (queuedIds.has(event.incidentId)) return;
    if (queue.length === 0) queueMicrotask(flush);
    queuedIds.add(event.incidentId);
    queue.push(event);
  };
}

function withSummary(ctx: ServiceContext, event: Extract<PushedEvent, { type: 'incident.changed' }>): PushedEvent {
  try {
    const state = findIncident(ctx.db, event.incidentId);
    // A change to an incident that is gone (or not yet here) goes without one: the console refetches.
    // So does a drill's: the console places a summary in its (real) incident list, which never holds drills.
    return state && state.kind === 'real' ? { ...event, incident: toIncident(ctx, state) } : event;
  } catch (error) {
    logError('firebreak: an incident change went without its summary:', (error as Error).message);
    return event;
  }
}
