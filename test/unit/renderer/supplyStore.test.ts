import { describe, expect, it } from 'vitest';
import type { DepsAuditResult, SupplyCheckSummary } from '../../../src-main/contract';
import { createSupplyStore } from '../../../src-renderer/stores/supplyStore';
import { scriptedApi } from '../../support/scriptedApi';

const audit: DepsAuditResult = { findings: [], lockfiles: [{ file: '/srv/app/package-lock.json', kind: 'package-lock', packages: 3 }], database: { source: 'imported', advisories: 10, importedAt: '2026-11-30T00:00:00Z', path: null }, packages: 3, durationMs: 4 };
const check = (id: string): SupplyCheckSummary => ({ id, incidentId: 'INC-1', kind: 'deps', inputs: ['/srv/app/package-lock.json'], summary: 'no advisories', finishedAt: '2026-11-30T10:00:00Z', actor: 'dana' });

describe('the supply store', () => {
  it('runs an audit against the incident, shows its result and reloads the past checks', async () => {
    const { api, calls, answers } = scriptedApi({ 'scan.deps': { ok: true, value: { ...audit, checkId: 'SC-00000001' } }, 'advisories.status': { ok: true, value: { advisories: 10, withdrawn: 0, byEcosystem: { npm: 10 }, lastImport: null, newestModified: null } } });
    answers['supply.list'] = { ok: true, value: { checks: [check('SC-00000001')] } };
    const store = createSupplyStore(api);
    const result = await store.getState().run('INC-1', { kind: 'deps', lockfiles: ['/srv/app/package-lock.json'], db: '/media/usb/osv' });
    expect(result.ok).toBe(true);
    expect(calls.find((call) => call.name === 'scan.deps')!.input).toEqual({ lockfiles: ['/srv/app/package-lock.json'], db: '/media/usb/osv', incidentId: 'INC-1' });
    const view = store.getState().views['INC-1']!;
    expect(view.shown).toMatchObject({ kind: 'deps', checkId: 'SC-00000001', inputs: ['/srv/app/package-lock.json', '/media/usb/osv'], result: { packages: 3 } });
    expect(view.shown!.result).not.toHaveProperty('checkId');
    expect(view.checks!.map((item) => item.id)).toEqual(['SC-00000001']);
    expect(store.getState().running).toBeNull();
  });

  it('opens a past check whole, and ignores an open overtaken by a newer one', async () => {
    let release: () => void = () => undefined;
    const { api, answers } = scriptedApi({});
    answers['supply.get'] = () => new Promise((resolve) => (release = () => resolve({ ok: true, value: { ...check('SC-00000001'), result: audit } })));
    const store = createSupplyStore(api);
    const first = store.getState().open('INC-1', 'SC-00000001');
    expect(store.getState().views['INC-1']!.opening).toBe('SC-00000001');
    answers['supply.get'] = { ok: true, value: { ...check('SC-00000002'), kind: 'lockdiff', result: { baseline: { file: 'a', kind: 'package-lock', packages: 1 }, current: { file: 'b', kind: 'package-lock', packages: 1 }, changes: [], suspicions: [] } } };
    await store.getState().open('INC-1', 'SC-00000002');
    release();
    await first;
    expect(store.getState().views['INC-1']!.shown).toMatchObject({ kind: 'lockdiff', checkId: 'SC-00000002' });
  });

  it('says why a check could not be opened, and shows progress only of its own jobs', async () => {
    const { api } = scriptedApi({ 'supply.get': { ok: false, error: { code: 'not-found', message: 'no check SC-0000000f' } } });
    const store = createSupplyStore(api);
    await store.getState().open('INC-1', 'SC-0000000f');
    expect(store.getState().views['INC-1']!.error).toBe('Check SC-0000000f could not be opened: no check SC-0000000f');
    store.setState({ running: { incidentId: 'INC-1', kind: 'deps' } });
    store.getState().handleEvent({ type: 'job.progress', jobId: 'j1', operation: 'scan.logs', done: 1, total: 2, message: '' });
    expect(store.getState().progress).toBeNull();
    store.getState().handleEvent({ type: 'job.progress', jobId: 'j2', operation: 'scan.deps', done: 1, total: 2, message: 'read 1 of 2 lockfiles' });
    expect(store.getState().progress).toEqual({ jobId: 'j2', done: 1, total: 2, message: 'read 1 of 2 lockfiles' });
  });
});
