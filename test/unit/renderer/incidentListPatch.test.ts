import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../src-main/contract';
import { placeIncident } from '../../../src-renderer/stores/incidentListPatch';

const now = new Date('2026-11-23T15:00:00.000Z');
// Acknowledged incidents: ordered by severity, then newest declared first.
const row = (id: string, severityRank: number, title = id): Incident =>
  ({ id, title, status: 'Active', severityRank, declaredAt: '2026-11-23T14:00:00.000Z', sla: { responseMinutes: 15, dueAt: '2026-11-23T14:15:00.000Z', respondedAt: '2026-11-23T14:05:00.000Z', state: 'met' } }) as Incident;
const ids = (list: Incident[]) => list.map((incident) => incident.id);

describe('placing a changed incident in a list loaded page by page', () => {
  const loaded = [row('INC-A', 0), row('INC-B', 1), row('INC-C', 2)];
  const paged = { scope: 'all' as const, text: '', complete: false };

  it('keeps the last loaded row when it changes but stays where it was', () => {
    expect(ids(placeIncident(loaded, row('INC-C', 2, 'renamed'), paged, now))).toEqual(['INC-A', 'INC-B', 'INC-C']);
  });

  it('leaves a row that now sorts after the loaded ones to its page', () => {
    expect(ids(placeIncident(loaded, row('INC-B', 3), paged, now))).toEqual(['INC-A', 'INC-C']);
    expect(ids(placeIncident(loaded, row('INC-Z', 3), paged, now))).toEqual(['INC-A', 'INC-B', 'INC-C']);
    // A whole list has no later page: the row goes to its end.
    expect(ids(placeIncident(loaded, row('INC-B', 3), { ...paged, complete: true }, now))).toEqual(['INC-A', 'INC-C', 'INC-B']);
  });

  it('moves a row up into the loaded ones and drops one the search no longer matches', () => {
    expect(ids(placeIncident(loaded, row('INC-Z', 0), paged, now))).toEqual(['INC-A', 'INC-Z', 'INC-B', 'INC-C']);
    expect(ids(placeIncident(loaded, row('INC-B', 1, 'other words'), { ...paged, text: 'INC-B x' }, now))).toEqual(['INC-A', 'INC-C']);
  });
});
