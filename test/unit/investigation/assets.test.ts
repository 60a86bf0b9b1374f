import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Asset, AssetList, Incident, IncidentDetail, VerifyResult } from '../../../src-main/contract';
import { foldAssets } from '../../../src-main/domain/investigation/assets/assetFold';
import { dispatch } from '../../../src-main/services/dispatch';
import { appendEvent } from '../../../src-main/store/eventLog';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const fail = (name: string, input: unknown) => {
  const result = dispatch(t.ctx, name, input);
  if (result.ok) throw new Error(`${name} succeeded`);
  return result.error;
};

function declare(): string {
  call('settings.update', { responderName: 'Ana' });
  return call<Incident>('incident.declare', { title: 'Web shell', severity: 'P1' }).id;
}

describe('affected assets', () => {
  it('adds, moves and updates assets, each on the timeline by kind and name, and says what Contain and Recover wait on', () => {
    const id = declare();
    const web = call<Asset>('asset.add', { incidentId: id, kind: 'host', name: 'web-01', owner: 'Ana', tags: ['dmz'] });
    expect(web).toMatchObject({ id: 'S1', kind: 'host', name: 'web-01', state: 'suspected', owner: 'Ana', addedBy: 'Ana', addedAt: '2026-11-23T14:15:02.000Z' });
    call<Asset>('asset.add', { incidentId: id, kind: 'account', name: 'svc-deploy', state: 'compromised' });
    call<Asset>('asset.add', { incidentId: id, kind: 'data-store', name: 'orders-db', state: 'restored' });
    t.advance(60_000);
    const moved = call<Asset>('asset.state', { incidentId: id, assetId: 's1', state: 'contained', reason: 'isolated from the network' });
    expect(moved).toMatchObject({ id: 'S1', state: 'contained', stateAt: '2026-11-23T14:16:02.000Z' });
    const updated = call<Asset>('asset.update', { incidentId: id, assetId: 'S2', owner: 'Bo', techniques: ['T1078'] });
    expect(updated).toMatchObject({ id: 'S2', owner: 'Bo', techniques: ['T1078'] });

    const list = call<AssetList>('asset.list', { incidentId: id });
    expect(list.assets.map((asset) => `${asset.id} ${asset.name} ${asset.state}`)).toEqual(['S1 web-01 contained', 'S2 svc-deploy compromised', 'S3 orders-db restored']);
    expect(list.openForContain).toEqual(['S2']);
    expect(list.openForRecover).toEqual(['S1', 'S2']);
    expect(call<AssetList>('asset.list', { incidentId: id, state: 'contained' }).assets.map((asset) => asset.id)).toEqual(['S1']);

    const timeline = call<IncidentDetail>('incident.get', { id }).timeline.map((entry) => entry.summary);
    expect(timeline).toContain('Asset host web-01 added (suspected, owner Ana)');
    expect(timeline).toContain('host web-01: suspected → contained: isolated from the network');
    expect(timeline).toContain('account svc-deploy: owner (none) → Bo; techniques (none) → T1078');
    expect(call<VerifyResult>('incident.verify', { id }).intact).toBe(true);
  });

  it('refuses a duplicate (kind and name, any case), a move to the same state and an unknown id, clearly', () => {
    const id = declare();
    call<Asset>('asset.add', { incidentId: id, kind: 'host', name: 'web-01' });
    expect(fail('asset.add', { incidentId: id, kind: 'host', name: 'WEB-01' })).toMatchObject({ code: 'conflict', message: expect.stringContaining('host web-01 is already recorded on') });
    expect(fail('asset.add', { incidentId: id, kind: 'host', name: 'WEB-01' }).message).toContain('as S1');
    // The same name as another kind is another asset.
    expect(call<Asset>('asset.add', { incidentId: id, kind: 'service', name: 'web-01' }).id).toBe('S2');
    expect(fail('asset.state', { incidentId: id, assetId: 'S1', state: 'suspected' })).toMatchObject({ code: 'conflict', message: 'S1 host web-01 is already suspected: nothing to change' });
    expect(fail('asset.state', { incidentId: id, assetId: 'S9', state: 'cleaned' })).toMatchObject({ code: 'not-found', message: `no asset S9 on incident ${id}: it has S1, S2` });
    expect(fail('asset.update', { incidentId: id, assetId: 'S1' })).toMatchObject({ code: 'invalid-input' });
    expect(fail('asset.add', { incidentId: id, kind: 'laptop', name: 'x' }).fields?.[0]).toMatchObject({ field: 'kind' });
  });

  it('refuses names that read differently from what they are, and takes a 300-character name but not a longer one', () => {
    const id = declare();
    const spoof = fail('asset.add', { incidentId: id, kind: 'host', name: 'web-01\u202Eexe.sh' });
    expect(spoof.fields?.[0]).toMatchObject({ field: 'name', message: expect.stringContaining('direction control') });
    expect(call<Asset>('asset.add', { incidentId: id, kind: 'host', name: 'h'.repeat(300) }).name).toHaveLength(300);
    expect(fail('asset.add', { incidentId: id, kind: 'host', name: 'h'.repeat(301) }).fields?.[0]).toMatchObject({ field: 'name', message: 'must be at most 300 characters' });
  });

  it('folds the same way whatever order the events arrived in, skipping payloads that do not parse', () => {
    const add = (name: string, at: string) => ({ type: 'asset.added', at, actor: 'a', hash: name, payload: { asset: { kind: 'host', name, state: 'suspected', owner: '', note: '', tags: [], techniques: [] } } });
    const hostile = [
      { type: 'asset.added', at: 'x', actor: 'a', hash: 'h1', payload: { asset: { kind: 'toaster', name: 'y' } } },
      { type: 'asset.added', at: 'x', actor: 'a', hash: 'h2', payload: { asset: 'not an object' } },
      { type: 'asset.stateChanged', at: 'x', actor: 'a', hash: 'h3', payload: { key: { kind: 'host', name: 'a' }, to: 'vaporised' } },
      { type: 'asset.updated', at: 'x', actor: 'a', hash: 'h4', payload: { key: { kind: 'host', name: 'A' }, changes: { tags: { to: [1, 2] }, owner: { to: 'Cy' } } } },
      { type: 'asset.added', at: 'x', actor: 'a', hash: 'h5', payload: null as unknown as Record<string, unknown> },
    ];
    const projection = [add('a', '2026-01-01T00:00:00.000Z'), ...hostile, add('b', '2026-01-01T00:01:00.000Z'), add('A', '2026-01-01T00:02:00.000Z')];
    const folded = foldAssets(projection);
    expect(folded.map((asset) => `${asset.id} ${asset.name} ${asset.state} ${asset.owner}`)).toEqual(['S1 a suspected Cy', 'S2 b suspected ']);
    // Arrival order does not matter: the fold reads projection order, so the same list gives the same result.
    expect(foldAssets([...projection])).toEqual(folded);
  });

  // How fast is measured by `npm run bench -- investigation`.
  it('lists 10,000 assets, refuses a duplicate against all of them and numbers the next after them', () => {
    const id = declare();
    const at = '2026-11-23T14:15:02.000Z';
    t.ctx.db.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        appendEvent(t.ctx.db, { incidentId: id, type: 'asset.added', at, actor: 'Ana', deviceId: t.ctx.deviceId, payload: { asset: { kind: 'host', name: `host-${i}`, state: i % 2 ? 'compromised' : 'cleaned', owner: '', note: '', tags: [], techniques: [] } } });
      }
    })();
    const list = call<AssetList>('asset.list', { incidentId: id });
    expect(list.assets).toHaveLength(10_000);
    expect(list.openForContain).toHaveLength(5_000);
    // Adding one more still refuses a duplicate against all of them, and numbers the new one after them.
    expect(fail('asset.add', { incidentId: id, kind: 'host', name: 'HOST-9999' }).message).toContain('as S10000');
    expect(call<Asset>('asset.add', { incidentId: id, kind: 'host', name: 'host-new' }).id).toBe('S10001');
    expect(fail('asset.state', { incidentId: id, assetId: 'S20000', state: 'cleaned' }).message).toContain('(10001 in all)');
  }, 60_000);
});
