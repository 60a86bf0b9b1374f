import type { Database } from 'better-sqlite3';
import type { SeverityScheme } from '../../contract';
import { firstListInput } from '../../domain/incidents/dashboardList';
import { incidentFacts, type IncidentFacts } from '../../domain/incidents/incidentFacts';
import { progressOfIncidents } from '../../store/checklistRepo';
import { countIncidents, countOverdue, pageIncidentStates, rankedLevels, type IncidentFilters } from '../../store/incidentPages';
import { readTransaction } from '../../store/transaction';

/** Rows drawn: a screen 1,600 pixels tall is full; the console draws the rest as they scroll in. */
export const firstScreenRows = 40;

/** What the dashboard draws first, read before the console's script has even arrived. */
export interface FirstScreen {
  /** The top of the default list (open, real incidents), in incident.list's order and with its values. */
  incidents: IncidentFacts[];
  /** The `.count` the dashboard shows: every open incident. */
  total: number;
  /** The toolbar's overdue count, over the rows the console's first request loads. */
  overdue: number;
}

// The dashboard's first request; this module may not load the contract's schemas, so the kind
// incident.list's schema fills in by default is written out here.
const defaultList: IncidentFilters = { scope: firstListInput.scope, kind: 'real' };

/**
 * The first `rows` incidents of the dashboard's list, through the same store queries and row facts
 * as incident.list, in one read snapshot so the count agrees with the rows.
 */
export function readFirstScreen(db: Database, schemes: readonly SeverityScheme[], now: Date, rows = firstScreenRows): FirstScreen {
  const levels = rankedLevels(schemes);
  return readTransaction(db, () => {
    const page = pageIncidentStates(db, defaultList, levels, undefined, rows);
    const progress = progressOfIncidents(db, page.rows.map((row) => row.state.id));
    const incidents = page.rows.map(({ state }) => incidentFacts(schemes, state, progress.get(state.id) ?? { settled: 0, total: 0 }, now));
    return { incidents, total: countIncidents(db, defaultList), overdue: countOverdue(db, defaultList, now.getTime(), firstListInput.limit) };
  });
}
