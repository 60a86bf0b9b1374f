import { afterEach, describe, expect, it } from 'vitest';
import { declareIncidentInput, type Incident, type IncidentPage } from '../../../../src-main/contract';
import { dispatchAsync } from '../../../../src-main/services/dispatch';
import { exchangeWithHub, outboxCount } from '../../../../src-main/services/hub/hubExchange';
import { declareIncident } from '../../../../src-main/services/incidents/incidents';
import { InMemoryHub } from '../../../../src-main/services/sync/transport';
import { callOk, makeTestContext, type TestContext } from '../../../support/serviceContext';

const contexts: TestContext[] = [];
afterEach(() => contexts.splice(0).forEach((t) => t.close()));

async function laptop(at: string): Promise<TestContext> {
  const t = makeTestContext(at);
  contexts.push(t);
  expect((await dispatchAsync(t.ctx, 'vault.status', {})).ok).toBe(true);
  return t;
}

const eventsOf = (t: TestContext, id: string) => t.ctx.db.prepare<[string], number>('SELECT count(*) FROM events WHERE incident_id = ?').pluck().get(id)!;

describe('a drill and the hub', () => {
  it('never pushes a drill: the outbox passes over its events, and a push of the drill alone is refused', async () => {
    const a = await laptop('2026-11-30T18:00:00.000Z');
    const before = callOk<Incident>(a, 'incident.declare', { title: 'Real before', severity: 'P2' }).id;
    a.advance(2_000);
    const drill = declareIncident(a.ctx, declareIncidentInput.parse({ title: 'Tabletop', severity: 'P1' }), { kind: 'drill' }).id;
    callOk(a, 'incident.addNote', { id: drill, text: 'inject arrived' });
    a.advance(2_000);
    const after = callOk<Incident>(a, 'incident.declare', { title: 'Real after', severity: 'P2' }).id;
    const real = eventsOf(a, before) + eventsOf(a, after);
    expect(outboxCount(a.ctx, 'mem')).toBe(real);

    const hub = new InMemoryHub();
    await expect(exchangeWithHub(a.ctx, hub, 'mem', { incidentId: drill })).rejects.toThrow(`${drill} is a drill: drill incidents stay on this laptop and are never shared with the hub`);
    expect(hub.size).toBe(0);
    expect(await exchangeWithHub(a.ctx, hub, 'mem')).toMatchObject({ pushed: real, pending: 0 });
    expect(hub.size).toBe(real);
    // The drill's later events stay out too.
    callOk(a, 'incident.addNote', { id: drill, text: 'second inject' });
    expect(outboxCount(a.ctx, 'mem')).toBe(0);
    expect(await exchangeWithHub(a.ctx, hub, 'mem')).toMatchObject({ pushed: 0, pending: 0 });

    const b = await laptop('2026-11-30T18:05:00.000Z');
    await exchangeWithHub(b.ctx, hub, 'mem');
    const listed = callOk<IncidentPage>(b, 'incident.list', { scope: 'all' });
    expect(listed.incidents.map((incident) => incident.id).sort()).toEqual([before, after].sort());
    expect(eventsOf(b, drill)).toBe(0);
  });
});
