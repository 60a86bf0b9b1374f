import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentDetail, TimelineEntry, TimelinePage } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { actorKeyOf, hashEvent, signHash, type EventV2 } from '../../../src-main/domain/sync/eventV2';
import { rebuildProjection } from '../../../src-main/services/sync/projection';
import { headsOf, listDagRows, receiveEvent, setSyncIdentity } from '../../../src-main/store/dagStore';
import { writeTransaction } from '../../../src-main/store/transaction';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
beforeEach(() => {
  t = makeTestContext();
  t.ctx.db.pragma('synchronous = OFF'); // a thousand notes; durability is not what is tested
  id = call<Incident>('incident.declare', { title: 'Long-running outage', severity: 'P1' }).id;
  call('incident.setRole', { id, role: 'scribe', name: 'Bea', reason: 'takes notes' });
  // Declared and snapshotted (2) and the role (1): 997 notes make 1,000 entries.
  for (let n = 0; n < 997; n += 1) {
    if (n % 100 === 0) t.advance(1_000); // several entries share a second
    call('incident.addNote', { id, text: `note ${n}` });
  }
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const seqs = (entries: TimelineEntry[]) => entries.map((entry) => entry.seq);

describe('paging an incident timeline', () => {
  it('walks 1,000 entries backwards with before and forwards with after, each entry once', () => {
    const whole = call<IncidentDetail>('incident.get', { id });
    expect(whole.timeline).toHaveLength(1_000);
    expect(whole).toMatchObject({ timelineTotal: 1_000, timelineCursor: null });

    for (const limit of [1, 7, 200, 1000]) {
      const backwards: TimelineEntry[][] = [];
      let page = call<TimelinePage>('incident.timeline', { id, limit });
      backwards.push(page.entries);
      while (page.olderCursor) {
        expect(page.total).toBe(1_000);
        page = call<TimelinePage>('incident.timeline', { id, limit, before: page.olderCursor });
        backwards.push(page.entries);
      }
      const walked = backwards.reverse().flat();
      expect(seqs(walked), `pages of ${limit}, backwards`).toEqual(seqs(whole.timeline));
      expect(walked).toEqual(whole.timeline);

      // From the oldest page forward: the newest entry each page names leads to the next.
      const forwards = [...page.entries];
      let cursor = page.newerCursor;
      for (;;) {
        const next = call<TimelinePage>('incident.timeline', { id, limit, after: cursor });
        if (next.entries.length === 0) {
          expect(next.newerCursor).toBe(cursor);
          break;
        }
        expect(next.entries.length).toBeLessThanOrEqual(limit);
        expect(next.olderCursor).not.toBeNull();
        forwards.push(...next.entries);
        cursor = next.newerCursor;
      }
      expect(seqs(forwards), `pages of ${limit}, forwards`).toEqual(seqs(whole.timeline));
    }
  }, 60_000);

  it('fetches only what was added since newerCursor was read', () => {
    const newest = call<TimelinePage>('incident.timeline', { id, limit: 10 });
    expect(seqs(newest.entries)).toEqual(Array.from({ length: 10 }, (_, index) => 991 + index));
    call('incident.addNote', { id, text: 'after the page' });
    call('incident.setStatus', { id, status: 'Contained' });
    const since = call<TimelinePage>('incident.timeline', { id, after: newest.newerCursor });
    expect(since.entries.map((entry) => entry.type)).toEqual(['incident.noteAdded', 'incident.statusChanged']);
    expect(since.total).toBe(1_002);
    expect(call<TimelinePage>('incident.timeline', { id, after: since.newerCursor })).toMatchObject({ entries: [], newerCursor: since.newerCursor });
  });

  it('incident.get with timelineLimit holds the newest entries, oldest first, the total and where to go on', () => {
    const whole = call<IncidentDetail>('incident.get', { id });
    const limited = call<IncidentDetail>('incident.get', { id, timelineLimit: 200 });
    expect(limited.timeline).toEqual(whole.timeline.slice(-200));
    expect(limited.timelineTotal).toBe(1_000);
    expect(limited.incident).toEqual(whole.incident);
    // Roles come from their own events, which are far older than the newest 200.
    expect(limited.roles).toEqual(whole.roles);
    expect(limited.roles.scribe).toBe('Bea');
    const older = call<TimelinePage>('incident.timeline', { id, limit: 1000, before: limited.timelineCursor });
    expect([...older.entries, ...limited.timeline]).toEqual(whole.timeline);
    expect(older.olderCursor).toBeNull();
    expect(call<IncidentDetail>('incident.get', { id, timelineLimit: 1000 })).toMatchObject({ timelineTotal: 1_000, timelineCursor: null });
  });

  it('refuses a cursor of another incident, a made-up one, and both directions at once', () => {
    const other = call<Incident>('incident.declare', { title: 'Another', severity: 'P2' }).id;
    const foreign = call<TimelinePage>('incident.timeline', { id: other }).newerCursor;
    const own = call<TimelinePage>('incident.timeline', { id, limit: 5 });
    const cases: [Record<string, unknown>, string][] = [
      [{ id, before: foreign }, 'before'],
      [{ id, after: foreign }, 'after'],
      [{ id, after: 'bm90IGEgY3Vyc29y' }, 'after'],
      [{ id, before: own.olderCursor, after: own.newerCursor }, 'after'],
      [{ id, limit: 1001 }, 'limit'],
    ];
    for (const [input, field] of cases) {
      const result = dispatch(t.ctx, 'incident.timeline', input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      if (!result.ok) expect(result.error.fields?.map((issue) => issue.field)).toEqual([field]);
    }
    expect(dispatch(t.ctx, 'incident.timeline', { id: 'INC-20990101-000000' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('following a shared incident timeline with after', () => {
  it('brings a note merged from another laptop that sorts before the newest entry already read', () => {
    const own = generateKeyPairSync('ed25519').privateKey;
    const other = generateKeyPairSync('ed25519').privateKey;
    setSyncIdentity(t.ctx.db, { actorKey: actorKeyOf(own), privateKey: own, newId: randomUUID });
    const shared = call<Incident>('incident.declare', { title: 'Shared outage', severity: 'P2', commander: 'ana' }).id;
    call('incident.addMember', { id: shared, actorKey: actorKeyOf(other), name: 'ben' });
    const forked = headsOf(t.ctx.db, shared);
    // This laptop writes twice while the other laptop, offline, writes once on the older heads.
    call('incident.addNote', { id: shared, text: 'ours 1' });
    call('incident.addNote', { id: shared, text: 'ours 2' });
    const seen = call<TimelinePage>('incident.timeline', { id: shared });
    expect(seen.entries.at(-1)!.summary).toContain('ours 2');
    const lamport = 1 + Math.max(...listDagRows(t.ctx.db, shared).filter((row) => forked.includes(row.hash)).map((row) => row.lamport));
    const event: EventV2 = {
      v: 2, id: randomUUID(), incident: shared, actor: 'ben', actor_key: actorKeyOf(other), actor_seq: 1, actor_prev: null, parents: forked, lamport,
      time: new Date(t.ctx.clock().getTime()).toISOString(), type: 'incident.noteAdded', payload: { text: 'theirs, merged later' },
    };
    const hash = hashEvent(event);
    expect(receiveEvent(t.ctx.db, { hash, sig: signHash(hash, other), event }, { receivedAt: t.ctx.clock().toISOString(), ensureIncident: () => undefined }).status).toBe('inserted');
    writeTransaction(t.ctx.db, () => rebuildProjection(t.ctx.db, shared));
    // The whole timeline holds the merged note; the console asks only for what was added since it last looked.
    expect(call<IncidentDetail>('incident.get', { id: shared }).timeline.map((entry) => entry.summary).join('\n')).toContain('theirs, merged later');
    const since = call<TimelinePage>('incident.timeline', { id: shared, after: seen.newerCursor });
    expect(since.total).toBe(seen.total + 1);
    expect(since.entries.map((entry) => entry.summary).join('\n')).toContain('theirs, merged later');
  });
});

describe('placing what after brings', () => {
  it("gives incident.get a timelineNewerCursor, and every entry a position that puts a merged note where the whole timeline holds it", () => {
    const own = generateKeyPairSync('ed25519').privateKey;
    const other = generateKeyPairSync('ed25519').privateKey;
    setSyncIdentity(t.ctx.db, { actorKey: actorKeyOf(own), privateKey: own, newId: randomUUID });
    const shared = call<Incident>('incident.declare', { title: 'Shared outage', severity: 'P2', commander: 'ana' }).id;
    call('incident.addMember', { id: shared, actorKey: actorKeyOf(other), name: 'ben' });
    const forked = headsOf(t.ctx.db, shared);
    for (const text of ['ours 1', 'ours 2', 'ours 3']) call('incident.addNote', { id: shared, text });
    const shown = call<IncidentDetail>('incident.get', { id: shared, timelineLimit: 2 });
    expect(shown.timeline.map((entry) => entry.summary)).toEqual([expect.stringContaining('ours 2'), expect.stringContaining('ours 3')]);

    const lamport = 1 + Math.max(...listDagRows(t.ctx.db, shared).filter((row) => forked.includes(row.hash)).map((row) => row.lamport));
    const event: EventV2 = {
      v: 2, id: randomUUID(), incident: shared, actor: 'ben', actor_key: actorKeyOf(other), actor_seq: 1, actor_prev: null, parents: forked, lamport,
      time: t.ctx.clock().toISOString(), type: 'incident.noteAdded', payload: { text: 'theirs, written offline' },
    };
    const hash = hashEvent(event);
    receiveEvent(t.ctx.db, { hash, sig: signHash(hash, other), event }, { receivedAt: t.ctx.clock().toISOString(), ensureIncident: () => undefined });
    writeTransaction(t.ctx.db, () => rebuildProjection(t.ctx.db, shared));
    const added = call<TimelineEntry>('incident.addNote', { id: shared, text: 'ours 4' });

    // Both arrivals since the page was read, in timeline order, though the merged one belongs before every note shown.
    const since = call<TimelinePage>('incident.timeline', { id: shared, after: shown.timelineNewerCursor });
    expect(since.entries.map((entry) => entry.summary)).toEqual([expect.stringContaining('theirs, written offline'), expect.stringContaining('ours 4')]);
    expect(since.entries[1]).toEqual(added);
    const byPosition = (a: TimelineEntry, b: TimelineEntry) => (a.position! < b.position! ? -1 : a.position! > b.position! ? 1 : 0);
    const whole = call<IncidentDetail>('incident.get', { id: shared });
    const placed = [...shown.timeline, ...since.entries].sort(byPosition);
    expect(placed).toEqual(whole.timeline.filter((entry) => placed.some((one) => one.position === entry.position)));
    expect(whole.timeline.indexOf(whole.timeline.find((entry) => entry.summary.includes('theirs'))!)).toBeLessThan(whole.timeline.findIndex((entry) => entry.summary.includes('ours 2')));
    expect([...whole.timeline].sort(byPosition)).toEqual(whole.timeline);
    // Nothing more since; the whole timeline's cursor starts after everything stored.
    expect(call<TimelinePage>('incident.timeline', { id: shared, after: since.newerCursor }).entries).toEqual([]);
    expect(call<TimelinePage>('incident.timeline', { id: shared, after: whole.timelineNewerCursor }).entries).toEqual([]);
  });

  it('refuses a before cursor as after, and an after cursor as before', () => {
    const page = call<TimelinePage>('incident.timeline', { id, limit: 5 });
    for (const [input, field] of [[{ id, after: page.olderCursor }, 'after'], [{ id, before: page.newerCursor }, 'before']] as const) {
      const result = dispatch(t.ctx, 'incident.timeline', input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      if (!result.ok) expect(result.error.fields?.map((issue) => issue.field)).toEqual([field]);
    }
  });
});
