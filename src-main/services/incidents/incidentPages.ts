import type { IncidentDetail, IncidentPage, ParsedInput, TimelinePage } from '../../contract';
import { progressByIncident, progressOfIncidents } from '../../store/checklistRepo';
import { incidentConflicts } from '../../store/dagStore';
import { listEvents } from '../../store/eventLog';
import { countIncidents, pageIncidentStates, rankedLevels, type IncidentFilters } from '../../store/incidentPages';
import { countEvents, eventsAfter, eventsBefore, hasEventsBefore, timelineStart, type KeyedEvent } from '../../store/timelinePages';
import { readTransaction } from '../../store/transaction';
import { foldRoles } from '../../domain/incidents/roles';
import type { ServiceContext } from '../context';
import { decodeIncidentCursor, decodeTimelineCursor, encodeIncidentCursor, encodeTimelineCursor } from './cursors';
import { requireIncident } from './incidentChange';
import { toIncident, toTimelineEntry } from './incidentView';
import { rolesOf } from './roles';

/**
 * The incident list in compareUrgency's order, filtered, ordered and cut into pages by SQL; only the
 * page's rows become Incidents. Count and page come from one snapshot, so `total` agrees with the rows.
 */
export function listIncidents(ctx: ServiceContext, input: ParsedInput<'incident.list'>): IncidentPage {
  const after = input.cursor === undefined ? undefined : decodeIncidentCursor(input.cursor);
  const filters: IncidentFilters = {
    scope: input.scope,
    text: input.text ? input.text.toLowerCase() : undefined,
    status: input.status,
    severity: input.severity,
    declaredFrom: input.declaredFrom,
    declaredTo: input.declaredTo,
  };
  return readTransaction(ctx.db, () => {
    const { rows, more } = pageIncidentStates(ctx.db, filters, rankedLevels(ctx.schemes), after, input.limit);
    // Every row wanted: one grouped pass over the progress index beats a list of 20,000 ids.
    const progress = input.limit === undefined ? progressByIncident(ctx.db) : progressOfIncidents(ctx.db, rows.map((row) => row.state.id));
    return {
      incidents: rows.map(({ state }) => toIncident(ctx, state, progress.get(state.id) ?? { settled: 0, total: 0 })),
      total: countIncidents(ctx.db, filters),
      nextCursor: more ? encodeIncidentCursor(rows.at(-1)!.key) : null,
    };
  });
}

export function getIncident(ctx: ServiceContext, input: ParsedInput<'incident.get'>): IncidentDetail {
  return readTransaction(ctx.db, () => {
    const state = requireIncident(ctx, input.id);
    const incident = toIncident(ctx, state);
    const conflicts = incidentConflicts(ctx.db, input.id);
    if (input.timelineLimit === undefined) {
      const events = listEvents(ctx.db, input.id);
      return { incident, timeline: events.map(toTimelineEntry), timelineTotal: events.length, timelineCursor: null, roles: foldRoles(events), conflicts };
    }
    const { events, more } = eventsBefore(ctx.db, input.id, undefined, input.timelineLimit);
    return {
      incident,
      timeline: events.map(({ event }) => toTimelineEntry(event)),
      timelineTotal: countEvents(ctx.db, input.id),
      timelineCursor: more ? encodeTimelineCursor(input.id, events[0]!.key) : null,
      // Read from the role events alone: the page may not hold them.
      roles: rolesOf(ctx, input.id),
      conflicts,
    };
  });
}

export function incidentTimeline(ctx: ServiceContext, input: ParsedInput<'incident.timeline'>): TimelinePage {
  const before = input.before === undefined ? undefined : decodeTimelineCursor(input.before, 'before', input.id);
  const after = input.after === undefined ? undefined : decodeTimelineCursor(input.after, 'after', input.id);
  return readTransaction(ctx.db, () => {
    requireIncident(ctx, input.id);
    let page: KeyedEvent[];
    let older: boolean;
    if (after) {
      page = eventsAfter(ctx.db, input.id, after, input.limit);
      older = page.length > 0 && hasEventsBefore(ctx.db, input.id, page[0]!.key);
    } else {
      const found = eventsBefore(ctx.db, input.id, before, input.limit);
      page = found.events;
      older = found.more;
    }
    const newest = page.at(-1);
    return {
      entries: page.map(({ event }) => toTimelineEntry(event)),
      total: countEvents(ctx.db, input.id),
      olderCursor: older ? encodeTimelineCursor(input.id, page[0]!.key) : null,
      newerCursor: newest ? encodeTimelineCursor(input.id, newest.key) : (input.after ?? encodeTimelineCursor(input.id, timelineStart)),
    };
  });
}
