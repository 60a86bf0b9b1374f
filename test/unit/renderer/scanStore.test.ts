import { describe, expect, it } from 'vitest';
import { createScanStore } from '../../../src-renderer/stores/scanStore';
import { scriptedApi } from '../../support/scriptedApi';

const group = { fingerprint: 'abcdef0123456789', rules: ['github-pat-classic'], description: 'GitHub token', redacted: 'ghp_…', places: [], open: 0, status: 'rotation', statusNote: '', inWorkingTree: true, inHistory: true };

describe('the scan store', () => {
  it('marks a credential by its fingerprint and reloads the groups the marks changed', async () => {
    const { api, calls } = scriptedApi({ 'scan.markFingerprint': { ok: true, value: { group, settled: 2 } }, 'scan.list': { ok: true, value: { runs: [], groups: [group] } } });
    const store = createScanStore(api);
    expect(await store.getState().mark('INC-1', 'abcdef0123456789', 'rotation', '')).toMatchObject({ ok: true, value: { settled: 2 } });
    expect(calls.map((call) => call.name)).toEqual(['scan.markFingerprint', 'scan.list']);
    expect(calls[0]!.input).toEqual({ incidentId: 'INC-1', fingerprint: 'abcdef0123456789', status: 'rotation', note: '' });
    expect(store.getState().groups['INC-1']).toEqual([group]);
  });

  it('loads the scan kinds once, and keeps every link working when they cannot be loaded', async () => {
    const { api, calls, answers } = scriptedApi({ 'scan.kinds': { ok: false, error: { code: 'io-error', message: 'down' } } });
    const store = createScanStore(api);
    await store.getState().loadKinds();
    expect(store.getState().kinds).toBeNull();
    answers['scan.kinds'] = { ok: true, value: { kinds: [{ id: 'logs', label: 'log scan', runnable: false, detail: 'grep' }] } };
    await store.getState().loadKinds();
    await store.getState().loadKinds();
    expect(store.getState().kinds).toHaveLength(1);
    expect(calls.filter((call) => call.name === 'scan.kinds')).toHaveLength(2);
  });
});
