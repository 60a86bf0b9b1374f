import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, type Incident } from '../../../../src-main/contract';
import { dispatchAsync } from '../../../../src-main/services/dispatch';
import { exchangeWithHub, outboxCount, pullCursor } from '../../../../src-main/services/hub/hubExchange';
import { InMemoryHub, type SyncTransport } from '../../../../src-main/services/sync/transport';
import { callOk, makeTestContext, type TestContext } from '../../../support/serviceContext';

// One incident's view that cannot follow its pulled events (an unsupported merge) must not hold
// the others back: its events are kept, it is named, and the cursor moves past it.
const failing = { id: '' };
vi.mock('../../../../src-main/services/sync/projection', async (original) => {
  const actual = await original<typeof import('../../../../src-main/services/sync/projection')>();
  return {
    ...actual,
    rebuildProjection: (...args: Parameters<typeof actual.rebuildProjection>) => {
      if (args[1] === failing.id) throw new AppError('conflict', `${args[1]}: the chain of custody was added to on two laptops apart`);
      return actual.rebuildProjection(...args);
    },
  };
});

const contexts: TestContext[] = [];
afterEach(() => contexts.splice(0).forEach((t) => t.close()));

async function laptop(at: string): Promise<TestContext> {
  const t = makeTestContext(at);
  contexts.push(t);
  const status = await dispatchAsync(t.ctx, 'vault.status', {});
  expect(status.ok).toBe(true);
  return t;
}

describe('an exchange with a hub', () => {
  it('rebuilds every incident that got events, names the one it cannot, keeps its events and moves the cursor past it', async () => {
    const a = await laptop('2026-11-30T18:00:00.000Z');
    const first = callOk<Incident>(a, 'incident.declare', { title: 'Follows', severity: 'P2' }).id;
    a.advance(2_000);
    const second = callOk<Incident>(a, 'incident.declare', { title: 'Cannot follow', severity: 'P3' }).id;
    callOk(a, 'incident.setSeverity', { id: second, severity: 'P1', reason: 'worse' });
    const hub = new InMemoryHub();
    const pushed = await exchangeWithHub(a.ctx, hub, 'mem');
    expect(pushed).toMatchObject({ pushed: hub.size, pulled: 0, pending: 0 });
    expect(outboxCount(a.ctx, 'mem')).toBe(0);

    const b = await laptop('2026-11-30T18:05:00.000Z');
    failing.id = second;
    const pulled = await exchangeWithHub(b.ctx, hub, 'mem');
    expect(pulled).toMatchObject({ pulled: hub.size, incidents: [first], unmerged: [{ incidentId: second, reason: expect.stringMatching(/added to on two laptops apart/) }] });
    expect(pullCursor(b.ctx, 'mem')).toBe(hub.size);
    const held = (t: TestContext) => t.ctx.db.prepare('SELECT count(*) FROM events WHERE incident_id = ?').pluck().get(second);
    expect(held(b)).toBe(held(a));
    expect(callOk<{ incident: Incident }>(b, 'incident.get', { id: first }).incident).toMatchObject({ title: 'Follows', severity: 'P2' });
    expect(b.events).toContainEqual({ type: 'incident.changed', incidentId: first });
    expect(b.events).not.toContainEqual({ type: 'incident.changed', incidentId: second });

    // Once the view can follow, the next events rebuild it: nothing was lost.
    failing.id = '';
    callOk(a, 'incident.addNote', { id: second, text: 'later' });
    await exchangeWithHub(a.ctx, hub, 'mem');
    expect(await exchangeWithHub(b.ctx, hub, 'mem')).toMatchObject({ pulled: 1, incidents: [second], unmerged: [] });
    expect(callOk<{ incident: Incident }>(b, 'incident.get', { id: second }).incident.severity).toBe('P1');
  });

  it('pushes one incident alone without moving the outbox mark; the rest goes at the next whole push', async () => {
    const a = await laptop('2026-11-30T18:10:00.000Z');
    const first = callOk<Incident>(a, 'incident.declare', { title: 'One', severity: 'P2' }).id;
    a.advance(2_000);
    const second = callOk<Incident>(a, 'incident.declare', { title: 'Two', severity: 'P2' }).id;
    const hub = new InMemoryHub();
    const only = await exchangeWithHub(a.ctx, hub, 'mem', { incidentId: second });
    expect(only.pushed).toBeGreaterThan(0);
    expect(new Set(hub.hashes().map((hash) => a.ctx.db.prepare('SELECT incident_id FROM events WHERE hash = ?').pluck().get(hash)))).toEqual(new Set([second]));
    expect(only.pending).toBe(outboxCount(a.ctx, 'mem'));
    expect(only.pending).toBeGreaterThan(0);
    const rest = await exchangeWithHub(a.ctx, hub, 'mem');
    expect(rest).toMatchObject({ pushed: only.pending, pending: 0 });
    expect(hub.size).toBe(a.ctx.db.prepare('SELECT count(*) FROM events WHERE incident_id IN (?, ?)').pluck().get(first, second));
  });

  it('an incident the hub refuses does not hold back the others written after it; it stays in the outbox and is named', async () => {
    const a = await laptop('2026-11-30T18:20:00.000Z');
    const refusedId = callOk<Incident>(a, 'incident.declare', { title: 'Not mine to share', severity: 'P2' }).id;
    a.advance(2_000);
    const fine = callOk<Incident>(a, 'incident.declare', { title: 'Shared', severity: 'P2' }).id;
    const memory = new InMemoryHub();
    // A hub that refuses one incident, as PostgreSQL does for a role that is not its member.
    const hub: SyncTransport = {
      push: async (events) => {
        const reply = await memory.push(events.filter((signed) => signed.event.incident !== refusedId));
        for (const signed of events) if (signed.event.incident === refusedId) reply.refused.push({ hash: signed.hash, reason: `this role is not a member of ${refusedId} on the hub` });
        return reply;
      },
      pull: (cursor, limit) => memory.pull(cursor, limit),
    };
    const refusedCount = a.ctx.db.prepare('SELECT count(*) FROM events WHERE incident_id = ?').pluck().get(refusedId) as number;
    const first = await exchangeWithHub(a.ctx, hub, 'mem');
    expect(first.refused).toHaveLength(refusedCount);
    expect(first.refused[0]!.reason).toContain(`not a member of ${refusedId}`);
    expect(first.pending).toBe(refusedCount);
    expect(new Set(memory.hashes().map((hash) => a.ctx.db.prepare('SELECT incident_id FROM events WHERE hash = ?').pluck().get(hash)))).toEqual(new Set([fine]));
    // Written later, it still goes at the next exchange.
    callOk(a, 'incident.addNote', { id: fine, text: 'after the refusal' });
    const second = await exchangeWithHub(a.ctx, hub, 'mem');
    expect(second).toMatchObject({ pushed: 1, pending: refusedCount });
  });
});
