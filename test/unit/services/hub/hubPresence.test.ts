import { afterEach, expect, it } from 'vitest';
import type { Incident, IncidentPresence } from '../../../../src-main/contract';
import { dispatchAsync } from '../../../../src-main/services/dispatch';
import { appendEvent } from '../../../../src-main/store/eventLog';
import { callOk, makeTestContext, type TestContext } from '../../../support/serviceContext';

const contexts: TestContext[] = [];
afterEach(() => contexts.splice(0).forEach((t) => t.close()));

it('names the responder, not the console, when the last event of their laptop is one the console raised', async () => {
  const t = makeTestContext('2026-11-30T19:00:00.000Z');
  contexts.push(t);
  expect((await dispatchAsync(t.ctx, 'vault.status', {})).ok).toBe(true);
  callOk(t, 'settings.update', { responderName: 'ana' });
  const { id } = callOk<Incident>(t, 'incident.declare', { title: 'Presence', severity: 'P1' });
  t.advance(60_000);
  // What an escalation coming due writes: the console's own name, on this laptop's key.
  appendEvent(t.ctx.db, { incidentId: id, type: 'escalation.raised', at: t.ctx.clock().toISOString(), actor: 'firebreak', deviceId: t.ctx.deviceId, payload: { step: 'notify' } });
  const presence = callOk<IncidentPresence>(t, 'incident.presence', { id });
  expect(presence.responders).toHaveLength(1);
  expect(presence.responders[0]).toMatchObject({ name: 'ana', thisLaptop: true, lastEventType: 'escalation.raised' });
});
