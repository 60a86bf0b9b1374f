import type { IncidentDetail, IncidentPage, ParsedInput, TimelinePage } from '../../contract';
import { progressByIncident, progressOfIncidents } from '../../store/checklistRepo';
import { incidentConflicts, listDagRows } from '../../store/dagStore';
import { countIncidents, pageIncidentStates, rankedLevels, type IncidentFilters } from '../../store/incidentPages';
import { countEvents, eventsBefore, eventsStoredAfter, hasEventsBefore, keyedEvent, lastStoredSeq, type KeyedEvent } from '../../store/timelinePages';
import { readTransaction } from '../../store/transaction';
import { foldRoles } from '../../domain/incidents/roles';
import type { ServiceContext } from '../context';
import { decodeIncidentCursor, decodeStoredCursor, decodeTimelineCursor, encodeIncidentCursor, encodeStoredCursor, encodeTimelineCursor } from './cursors';
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
    kind: input.kind,
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
      const rows = listDagRows(ctx.db, input.id);
      const keyed = rows.map(keyedEvent);
      const events = keyed.map(({ event }) => event);
      return {
        incident,
        timeline: keyed.map(({ event, key }) => toTimelineEntry(event, key)),
        timelineTotal: events.length,
        timelineCursor: null,
        timelineNewerCursor: encodeStoredCursor(input.id, rows.reduce((last, row) => Math.max(last, row.seq), 0)),
        roles: foldRoles(events),
        conflicts,
      };
    }
    const { events, more } = eventsBefore(ctx.db, input.id, undefined, input.timelineLimit);
    return {
      incident,
      timeline: events.map(({ event, key }) => toTimelineEntry(event, key)),
      timelineTotal: countEvents(ctx.db, input.id),
      timelineCursor: more ? encodeTimelineCursor(input.id, events[0]!.key) : null,
      // Every event not on this page is older than it and reached through timelineCursor: `after` starts from all stored now.
      timelineNewerCursor: encodeStoredCursor(input.id, lastStoredSeq(ctx.db, input.id)),
      // Read from the role events alone: the page may not hold them.
      roles: rolesOf(ctx, input.id),
      conflicts,
    };
  });
}

/**
 * `before` walks timeline order (lamport, hash); `after` walks the order this laptop stored the
 * events in, so what another laptop wrote long ago and arrived since comes too, and each page is
 * put back in timeline order, every entry with its `position` for the console to place it.
 */
export function incidentTimeline(ctx: ServiceContext, input: ParsedInput<'incident.timeline'>): TimelinePage {
  const before = input.before === undefined ? undefined : decodeTimelineCursor(input.before, input.id);
  const after = input.after === undefined ? undefined : decodeStoredCursor(input.after, input.id);
  return readTransaction(ctx.db, () => {
    requireIncident(ctx, input.id);
    let page: KeyedEvent[];
    let older: boolean;
    let newerSeq: number;
    if (after !== undefined) {
      const stored = eventsStoredAfter(ctx.db, input.id, after, input.limit);
      page = stored.events;
      older = page.length > 0 && hasEventsBefore(ctx.db, input.id, page[0]!.key);
      newerSeq = stored.lastSeq;
    } else {
      const found = eventsBefore(ctx.db, input.id, before, input.limit);
      page = found.events;
      older = found.more;
      // The newest page: every event not on it is older, reached with `before`. An older page: what was stored after its own entries.
      newerSeq = before ? page.reduce((last, { event }) => Math.max(last, event.seq), 0) : lastStoredSeq(ctx.db, input.id);
    }
    return {
      entries: page.map(({ event, key }) => toTimelineEntry(event, key)),
      total: countEvents(ctx.db, input.id),
      olderCursor: older ? encodeTimelineCursor(input.id, page[0]!.key) : null,
      newerCursor: after !== undefined && page.length === 0 ? input.after! : encodeStoredCursor(input.id, newerSeq),
    };
  });
}
