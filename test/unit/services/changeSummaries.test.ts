import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareIncidentInput, type Incident, type PushedEvent } from '../../../src-main/contract';
import { declareIncident } from '../../../src-main/services/incidents/incidents';
import { sendingIncidentSummaries } from '../../../src-main/services/incidents/changeSummaries';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

/** What left the process: the wrapper sits where the server and the desktop app send events. */
describe('incident changes sent with their summary', () => {
  let t: TestContext;
  let sent: PushedEvent[];
  beforeEach(() => {
    t = makeTestContext();
    sent = [];
    t.ctx.emit = sendingIncidentSummaries(() => t.ctx, (event) => sent.push(event));
  });
  afterEach(() => t.close());
  const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  it('carries the incident as incident.list returns it, checklist progress included', async () => {
    const declared = callOk<Incident>(t, 'incident.declare', { title: 'Leaked key', severity: 'P1' });
    await tick();
    const [listed] = callOk<{ incidents: Incident[] }>(t, 'incident.list', { scope: 'open' }).incidents;
    expect(sent).toEqual([{ type: 'incident.changed', incidentId: declared.id, incident: listed }]);
    expect(listed).toMatchObject({ title: 'Leaked key', status: 'Active', progress: { settled: 0, total: 17 } });
  });

  it("sends a drill's change without a summary, so the console refetches its lists rather than placing a drill among real incidents", async () => {
    const drill = declareIncident(t.ctx, declareIncidentInput.parse({ title: 'Tabletop', severity: 'P1' }), { kind: 'drill' });
    await tick();
    expect(sent).toEqual([{ type: 'incident.changed', incidentId: drill.id }]);
  });

  it('sends a burst of changes to one incident as one event, read after the last write', async () => {
    const declared = callOk<Incident>(t, 'incident.declare', { title: 'Burst', severity: 'P2' });
    const other = callOk<Incident>(t, 'incident.declare', { title: 'Other', severity: 'P3' });
    callOk(t, 'incident.setStatus', { id: declared.id, status: 'Contained' });
    callOk(t, 'incident.addNote', { id: declared.id, text: 'rotated' });
    callOk(t, 'incident.setSeverity', { id: declared.id, severity: 'P0' });
    expect(sent).toEqual([]);
    await tick();
    expect(sent.map((event) => event.type === 'incident.changed' && event.incidentId)).toEqual([declared.id, other.id]);
    expect(sent[0]).toMatchObject({ incident: { status: 'Contained', severity: 'P0' } });
    // The next tick's change is its own event.
    callOk(t, 'incident.setStatus', { id: declared.id, status: 'Resolved' });
    await tick();
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatchObject({ incidentId: declared.id, incident: { status: 'Resolved' } });
  });

  it('keeps the order of events, and sends others at once when no change waits', async () => {
    const declared = callOk<Incident>(t, 'incident.declare', { title: 'Ordered', severity: 'P2' });
    t.ctx.emit({ type: 'reminders.changed' });
    expect(sent).toEqual([]);
    await tick();
    expect(sent.map((event) => event.type)).toEqual(['incident.changed', 'reminders.changed']);
    t.ctx.emit({ type: 'data.changed' });
    expect(sent.at(-1)).toEqual({ type: 'data.changed' });
    expect(declared.id).toBeTruthy();
  });

  it('sends a change to an incident it cannot read without a summary', async () => {
    t.ctx.emit({ type: 'incident.changed', incidentId: 'INC-20990101-000000' });
    await tick();
    expect(sent).toEqual([{ type: 'incident.changed', incidentId: 'INC-20990101-000000' }]);
  });
});
