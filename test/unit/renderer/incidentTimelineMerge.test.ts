import { describe, expect, it } from 'vitest';
import type { IncidentDetail, OperationName, TimelineEntry, TimelinePage } from '../../../src-main/contract';
import type { Api } from '../../../src-renderer/api/api';
import { createIncidentStore } from '../../../src-renderer/stores/incidentStore';

/**
 * The open incident's timeline as entries arrive after it was read, against a fake server: `after`
 * brings what this laptop stored since, and an entry merged from another laptop may belong among
 * (or before) the entries already shown.
 */
const entry = (seq: number, position: string, summary: string, deviceId = 'laptop-a'): TimelineEntry => ({
  seq,
  position,
  type: 'incident.noteAdded',
  at: '2026-12-01T10:00:00.000Z',
  actor: 'dana',
  deviceId,
  summary,
  payload: {},
});

function fakeServer(detail: Partial<IncidentDetail>, pages: Partial<TimelinePage>[]) {
  const calls: { name: OperationName; input: Record<string, unknown> }[] = [];
  const answer = (name: OperationName): unknown => {
    if (name === 'incident.get') return { incident: { id: 'INC-1' }, roles: {}, conflicts: [], timelineCursor: null, timelineNewerCursor: 'stored-3', ...detail };
    if (name === 'incident.timeline') return { entries: [], total: 0, olderCursor: null, newerCursor: `stored-${calls.length}`, ...pages.shift() };
    throw new Error(`unexpected ${name}`);
  };
  const api: Api = {
    transport: 'http',
    call: async (name, input) => {
      calls.push({ name, input: input as Record<string, unknown> });
      return { ok: true, value: answer(name) } as never;
    },
    subscribe: () => () => {},
  };
  const store = createIncidentStore(api);
  const shown = () => store.getState().details['INC-1']!.timeline.map((held) => held.summary);
  return { store, calls, shown };
}

const held = [entry(1, 'p1', 'declared'), entry(2, 'p3', 'paged the DBA'), entry(3, 'p5', 'failover started')];

describe('the open incident\'s timeline as entries arrive', () => {
  it('asks only for what was stored after incident.get read it, with the cursor it gave, then from each newer cursor', async () => {
    const { store, calls, shown } = fakeServer({ timeline: held, timelineTotal: 3 }, [
      { entries: [entry(4, 'p6', 'replica promoted')], total: 4, newerCursor: 'stored-4' },
      { entries: [entry(5, 'p7', 'traffic back')], total: 5, newerCursor: 'stored-5' },
    ]);
    await store.getState().loadDetail('INC-1');
    await store.getState().refreshDetail('INC-1');
    await store.getState().refreshDetail('INC-1');
    const timelineCalls = calls.filter((call) => call.name === 'incident.timeline').map((call) => call.input);
    expect(timelineCalls.map((input) => input.after)).toEqual(['stored-3', 'stored-4']);
    expect(timelineCalls.every((input) => input.limit !== 200)).toBe(true);
    expect(calls.filter((call) => call.name === 'incident.get')).toHaveLength(1);
    expect(shown()).toEqual(['declared', 'paged the DBA', 'failover started', 'replica promoted', 'traffic back']);
  });

  it('places an entry merged from another laptop between the entries it falls between, and counts it', async () => {
    const merged = entry(4, 'p2', 'blocked the IP (laptop B)', 'laptop-b');
    const { store, shown } = fakeServer({ timeline: held, timelineTotal: 3 }, [{ entries: [merged], total: 4 }]);
    await store.getState().loadDetail('INC-1');
    await store.getState().refreshDetail('INC-1');
    expect(shown()).toEqual(['declared', 'blocked the IP (laptop B)', 'paged the DBA', 'failover started']);
    expect(store.getState().details['INC-1']!.timelineTotal).toBe(4);
  });

  it('shows an entry it holds already once, however late this laptop numbered it', async () => {
    // Merged before the incident was opened: numbered after entries it sorts before.
    const mergedEarlier = entry(9, 'p2', 'blocked the IP (laptop B)', 'laptop-b');
    const { store, shown } = fakeServer({ timeline: [held[0]!, mergedEarlier, held[1]!], timelineTotal: 3 }, [
      { entries: [mergedEarlier, entry(10, 'p4', 'rolled back')], total: 4 },
    ]);
    await store.getState().loadDetail('INC-1');
    await store.getState().refreshDetail('INC-1');
    expect(shown()).toEqual(['declared', 'blocked the IP (laptop B)', 'paged the DBA', 'rolled back']);
    expect(store.getState().details['INC-1']!.timelineTotal).toBe(4);
  });

  it('leaves an entry that belongs before those held to paging back, which brings it in its place', async () => {
    const mergedOld = entry(20, 'p2', 'blocked the IP (laptop B)', 'laptop-b');
    const { store, shown } = fakeServer({ timeline: [entry(3, 'p3', 'paged the DBA'), entry(4, 'p4', 'failover started')], timelineTotal: 4, timelineCursor: 'before-p3' }, [
      { entries: [mergedOld], total: 5, olderCursor: 'before-p2' },
      { entries: [entry(1, 'p0', 'declared'), entry(2, 'p1', 'triaged'), mergedOld], total: 5 },
    ]);
    await store.getState().loadDetail('INC-1');
    await store.getState().refreshDetail('INC-1');
    expect(shown()).toEqual(['paged the DBA', 'failover started']);
    expect(store.getState().details['INC-1']!.timelineTotal).toBe(5);
    await store.getState().loadOlder('INC-1');
    expect(shown()).toEqual(['declared', 'triaged', 'blocked the IP (laptop B)', 'paged the DBA', 'failover started']);
  });
});
