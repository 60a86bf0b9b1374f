import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentDetail } from '../../../src-main/contract';
import { headHashOf, itemHeads } from '../../../src-main/domain/bundle/bundleDag';
import type { Bundle } from '../../../src-main/domain/bundle/bundleFormat';
import { actorKeyOf, hashEvent, signHash, type EventV2, type SignedEvent } from '../../../src-main/domain/sync/eventV2';
import { dispatch, dispatchAsync } from '../../../src-main/services/dispatch';
import { setSyncIdentity } from '../../../src-main/store/dagStore';
import { writeBundle } from '../../support/bundleIncident';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

// Ben was admitted to the incident, so his events pass the signature and membership checks: only
// what they say stands between his bundle and this laptop's incident list.
const ben = generateKeyPairSync('ed25519').privateKey;
let t: TestContext;
let id: string;

/** Ben's laptop: this laptop's export plus one event of his on its heads, in a bundle he signs. */
async function bundleWithBensEvent(type: string, payload: Record<string, unknown>): Promise<string> {
  const file = path.join(t.dataDir, `${type}-${randomUUID()}.json`);
  const exported = await dispatchAsync(t.ctx, 'incident.export', { id, file });
  if (!exported.ok) throw new Error(exported.error.message);
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
  const heads = new Set(itemHeads(bundle.events));
  const parents = (bundle.events as SignedEvent[]).filter((item) => heads.has(item.hash));
  const event: EventV2 = {
    v: 2,
    id: randomUUID(),
    incident: id,
    actor: 'ben',
    actor_key: actorKeyOf(ben),
    actor_seq: 1,
    actor_prev: null,
    parents: parents.map((parent) => parent.hash).sort(),
    lamport: 1 + Math.max(...parents.map((parent) => parent.event.lamport)),
    time: '2026-11-23T14:20:00.000Z',
    type,
    payload,
  };
  const hash = hashEvent(event);
  bundle.events = [...bundle.events, { hash, sig: signHash(hash, ben), event }] as Bundle['events'];
  bundle.eventCount = bundle.events.length;
  bundle.headHash = headHashOf(itemHeads(bundle.events));
  writeBundle(file, bundle, ben);
  return file;
}

beforeEach(() => {
  t = makeTestContext();
  const own = generateKeyPairSync('ed25519').privateKey;
  setSyncIdentity(t.ctx.db, { actorKey: actorKeyOf(own), privateKey: own, newId: randomUUID });
  id = callOk<Incident>(t, 'incident.declare', { title: 'Payments API down', severity: 'P2', scenario: 'generic', commander: 'ana' }).id;
  callOk(t, 'incident.addMember', { id, actorKey: actorKeyOf(ben), name: 'ben' });
});
afterEach(() => t.close());

describe("a member's signed event this laptop cannot show is refused by name, and the incident list keeps working", () => {
  it.each([
    ['a severity level the scheme lacks', 'incident.severityChanged', { from: 'P2', to: 'P9', responseMinutes: 60, reason: '' }, /severity 'P9'.*\(it has P0, P1, P2, P3\)/],
    ['a severity that is not text', 'incident.severityChanged', { from: 'P2', to: { level: 'P0' }, responseMinutes: 60, reason: '' }, /severity/],
    ['a status that is not one of the four', 'incident.statusChanged', { from: 'Active', to: 'Bogus', note: '' }, /cannot be replayed.*status/],
    ['a phase that is not one of the six', 'incident.phaseAdvanced', { from: 'Identify', to: 'Nowhere' }, /phase "Nowhere" is not one of/],
    ['a second incident.declared with half a payload', 'incident.declared', { title: 7 }, /cannot be replayed/],
  ])('%s', async (_what, type, payload, reason) => {
    const result = await dispatchAsync(t.ctx, 'incident.import', { file: await bundleWithBensEvent(type, payload) });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(reason) } });
    expect(dispatch(t.ctx, 'incident.list', {})).toMatchObject({ ok: true, value: { incidents: [{ id, severity: 'P2', status: 'Active' }] } });
    expect(callOk<IncidentDetail>(t, 'incident.get', { id }).timeline.map((entry) => entry.actor)).not.toContain('ben');
  });

  it('a second incident.declared with a whole payload would rewrite the incident: refused as a second declaration', async () => {
    const result = await dispatchAsync(t.ctx, 'incident.import', {
      file: await bundleWithBensEvent('incident.declared', { title: 'Nothing to see', scenario: 'generic', schemeId: 'p0-p3', severity: 'P3', responseMinutes: 1440, impact: { confidentiality: false, integrity: false, availability: false }, commander: 'ben', detectionSource: '', description: '' }),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/declares the incident again/) } });
    expect(callOk<IncidentDetail>(t, 'incident.get', { id }).incident).toMatchObject({ title: 'Payments API down', severity: 'P2', commander: 'ana' });
  });

  it('an ordinary event of his still merges', async () => {
    const result = await dispatchAsync(t.ctx, 'incident.import', { file: await bundleWithBensEvent('incident.severityChanged', { from: 'P2', to: 'P1', responseMinutes: 60, reason: 'customer data' }) });
    expect(result).toMatchObject({ ok: true, value: { newEvents: 1 } });
    expect(callOk<IncidentDetail>(t, 'incident.get', { id }).incident.severity).toBe('P1');
  });
});

describe('an incident held here only in the unsigned (format 1) chain', () => {
  it('a bundle from a key nobody trusts cannot found it, so this laptop is not locked out of its own incident', async () => {
    const old = makeTestContext();
    try {
      // Declared before this laptop had a device key: the chain is unsigned.
      const oldId = callOk<Incident>(old, 'incident.declare', { title: 'Old leak', severity: 'P2', scenario: 'generic', commander: 'ana' }).id;
      const file = path.join(old.dataDir, 'founding.json');
      const exported = await dispatchAsync(old.ctx, 'incident.export', { id: oldId, file });
      if (!exported.ok) throw new Error(exported.error.message);
      const own = generateKeyPairSync('ed25519').privateKey;
      setSyncIdentity(old.ctx.db, { actorKey: actorKeyOf(own), privateKey: own, newId: randomUUID });
      // A stranger with a copy of that bundle extends it with one event of their own.
      const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
      const [last] = itemHeads(bundle.events);
      const event: EventV2 = { v: 2, id: randomUUID(), incident: oldId, actor: 'mallory', actor_key: actorKeyOf(ben), actor_seq: 1, actor_prev: null, parents: [last!], lamport: bundle.events.length + 1, time: '2026-11-23T14:20:00.000Z', type: 'incident.noteAdded', payload: { text: 'mine now' } };
      const hash = hashEvent(event);
      bundle.events = [...bundle.events, { hash, sig: signHash(hash, ben), event }] as Bundle['events'];
      bundle.eventCount = bundle.events.length;
      bundle.headHash = headHashOf(itemHeads(bundle.events));
      writeBundle(file, bundle, ben);

      const result = await dispatchAsync(old.ctx, 'incident.import', { file });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/which this data dir does not trust/) } });
      expect(dispatch(old.ctx, 'incident.addNote', { id: oldId, text: 'still mine' })).toMatchObject({ ok: true });
    } finally {
      old.close();
    }
  });
});
