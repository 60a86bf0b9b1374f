import { describe, expect, it } from 'vitest';
import type { Asset, AssetList, Indicator, IndicatorImport, RegulatoryClock, RegulatoryClocks } from '../../../src-main/contract';
import { createAssetStore, waitingNames } from '../../../src-renderer/stores/assetStore';
import { clockSpan, clocksByUrgency, createClockStore, shortClockName } from '../../../src-renderer/stores/clockStore';
import { createIndicatorStore } from '../../../src-renderer/stores/indicatorStore';
import { scriptedApi } from '../../support/scriptedApi';

const indicator = (id: string, extra: Partial<Indicator> = {}): Indicator => ({
  id,
  type: 'domain',
  value: 'login-update.example',
  defanged: 'login-update[.]example',
  tlp: 'amber',
  firstSeen: null,
  lastSeen: null,
  source: { kind: 'manual', ref: '' },
  note: '',
  tags: [],
  techniques: [],
  sightings: 1,
  addedAt: '2026-12-02T06:00:00.000Z',
  addedBy: 'ana',
  updatedAt: '2026-12-02T06:00:00.000Z',
  ...extra,
});

const dryRun: IndicatorImport = {
  accepted: 3,
  added: 2,
  merged: 1,
  byType: { ip: 1, domain: 2 },
  rejected: [{ line: 4, text: '300[.]1[.]1[.]1', reason: 'not an IPv4 or IPv6 address: 300 is more than 255' }],
  preview: [],
};

const asset = (id: string, name: string, state: Asset['state']): Asset => ({
  id,
  kind: 'host',
  name,
  state,
  owner: '',
  note: '',
  tags: [],
  techniques: [],
  addedAt: '2026-12-02T06:00:00.000Z',
  addedBy: 'ana',
  stateAt: '2026-12-02T06:00:00.000Z',
  stateBy: 'ana',
});

const clock = (name: string, state: RegulatoryClock['state'], dueAt: string): RegulatoryClock => ({
  name,
  label: name,
  hours: 72,
  startedAt: '2026-12-01T06:00:00.000Z',
  dueAt,
  state,
  stoppedAt: null,
  note: '',
  startedBy: 'ana',
});

describe('the indicator store', () => {
  it('previews a pasted list without storing it, then adds it and drops the preview', async () => {
    const { api, calls, answers } = scriptedApi({ 'ioc.import': { ok: true, value: dryRun }, 'ioc.list': { ok: true, value: { indicators: [indicator('I1')] } } });
    const store = createIndicatorStore(api);
    await store.getState().preview('INC-1', 'a\nb', 'green', ['report']);
    expect(calls[0]).toEqual({ name: 'ioc.import', input: { incidentId: 'INC-1', text: 'a\nb', tlp: 'green', tags: ['report'], dryRun: true } });
    expect(store.getState().previews['INC-1']).toEqual({ text: 'a\nb', result: dryRun });
    expect(calls.map((call) => call.name)).toEqual(['ioc.import']);

    answers['ioc.import'] = { ok: true, value: { ...dryRun, preview: [] } };
    await store.getState().importList('INC-1', 'a\nb', 'green', ['report']);
    expect(calls[1]?.input).toMatchObject({ dryRun: false });
    expect(calls.map((call) => call.name)).toEqual(['ioc.import', 'ioc.import', 'ioc.list']);
    expect(store.getState().previews['INC-1']).toBeUndefined();
    expect(store.getState().indicators['INC-1']?.[0]?.defanged).toBe('login-update[.]example');
  });

  it('keeps the preview when the add fails, and says why', async () => {
    const { api, answers } = scriptedApi({ 'ioc.import': { ok: true, value: dryRun } });
    const store = createIndicatorStore(api);
    await store.getState().preview('INC-1', 'a', 'amber', []);
    answers['ioc.import'] = { ok: false, error: { code: 'io-error', message: 'database or disk is full' } };
    const result = await store.getState().importList('INC-1', 'a', 'amber', []);
    expect(result).toMatchObject({ ok: false, error: { message: 'database or disk is full' } });
    expect(store.getState().previews['INC-1']?.text).toBe('a');
  });

  it('adds one value with its type left to detection, and sends only what was chosen', async () => {
    const { api, calls } = scriptedApi({ 'ioc.add': { ok: true, value: indicator('I1') }, 'ioc.list': { ok: true, value: { indicators: [indicator('I1')] } } });
    const store = createIndicatorStore(api);
    await store.getState().add('INC-1', { value: 'login-update[.]example', tlp: 'red', tags: [], note: '' });
    expect(calls[0]?.input).toEqual({ incidentId: 'INC-1', value: 'login-update[.]example', tlp: 'red', tags: [], note: '' });
    await store.getState().add('INC-1', { value: '10.0.0.1', type: 'text', tlp: 'red', tags: [], note: '' });
    expect(calls[2]?.input).toMatchObject({ type: 'text' });
  });

  it('reloads an incident it shows when it changes elsewhere, and only those', async () => {
    const { api, calls } = scriptedApi({ 'ioc.list': { ok: true, value: { indicators: [] } } });
    const store = createIndicatorStore(api);
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    expect(calls).toEqual([]);
    await store.getState().load('INC-1');
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-2' });
    await Promise.resolve();
    expect(calls.map((call) => call.input)).toEqual([{ incidentId: 'INC-1' }, { incidentId: 'INC-1' }]);
  });

  it('drops an older answer that arrives after a newer one', async () => {
    let release: (value: unknown) => void = () => {};
    const slow = new Promise((resolve) => (release = resolve));
    let call = 0;
    const { api } = scriptedApi({
      'ioc.list': async () => {
        call += 1;
        if (call === 1) {
          await slow;
          return { ok: true, value: { indicators: [indicator('I1')] } };
        }
        return { ok: true, value: { indicators: [indicator('I1'), indicator('I2')] } };
      },
    });
    const store = createIndicatorStore(api);
    const first = store.getState().load('INC-1');
    await store.getState().load('INC-1');
    release(null);
    await first;
    expect(store.getState().indicators['INC-1']).toHaveLength(2);
  });
});

describe('the asset store', () => {
  const list: AssetList = { assets: [asset('S1', 'web-01', 'compromised'), asset('S2', 'db-02', 'suspected'), asset('S3', 'vpn', 'cleaned')], openForContain: ['S1', 'S2'], openForRecover: ['S1', 'S2', 'S3'] };

  it('names what a phase waits on, in the service order', () => {
    expect(waitingNames(list, list.openForContain)).toEqual(['web-01', 'db-02']);
  });

  it('moves a state with its reason, then reloads; a failure leaves the list and says why', async () => {
    const { api, calls, answers } = scriptedApi({ 'asset.state': { ok: false, error: { code: 'invalid-input', message: 'S1 is already compromised' } }, 'asset.list': { ok: true, value: list } });
    const store = createAssetStore(api);
    const failed = await store.getState().setState('INC-1', 'S1', 'compromised', '');
    expect(failed).toMatchObject({ ok: false, error: { message: 'S1 is already compromised' } });
    expect(calls.map((call) => call.name)).toEqual(['asset.state']);
    answers['asset.state'] = { ok: true, value: asset('S1', 'web-01', 'contained') };
    await store.getState().setState('INC-1', 'S1', 'contained', 'isolated at the switch');
    expect(calls[1]?.input).toEqual({ incidentId: 'INC-1', assetId: 'S1', state: 'contained', reason: 'isolated at the switch' });
    expect(store.getState().lists['INC-1']?.openForContain).toEqual(['S1', 'S2']);
  });

  it('keeps why a list could not load until a retry works', async () => {
    const { api, answers } = scriptedApi({ 'asset.list': { ok: false, error: { code: 'io-error', message: 'disk I/O error' } } });
    const store = createAssetStore(api);
    await store.getState().load('INC-1');
    expect(store.getState().loadErrors['INC-1']).toBe('disk I/O error');
    answers['asset.list'] = { ok: true, value: list };
    store.getState().handleEvent({ type: 'data.changed' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().loadErrors).toEqual({});
    expect(store.getState().lists['INC-1']?.assets).toHaveLength(3);
  });
});

describe('the clock store', () => {
  const clocks: RegulatoryClocks = { clocks: [clock('gdpr-authority', 'running', '2026-12-04T06:00:00.000Z')], presets: [{ name: 'gdpr-authority', label: 'GDPR Art. 33: notify the supervisory authority', hours: 72 }] };

  it('starts a preset from now (no time sent) and keeps the list it answers with, without asking again', async () => {
    const { api, calls } = scriptedApi({ 'clock.start': { ok: true, value: clocks } });
    const store = createClockStore(api);
    await store.getState().start('INC-1', { name: 'gdpr-authority' });
    expect(calls).toEqual([{ name: 'clock.start', input: { incidentId: 'INC-1', name: 'gdpr-authority', note: '' } }]);
    expect(store.getState().clocks['INC-1']?.clocks[0]?.name).toBe('gdpr-authority');
  });

  it('starts a clock of its own with label, hours and the moment given with its offset', async () => {
    const { api, calls } = scriptedApi({ 'clock.start': { ok: true, value: clocks } });
    const store = createClockStore(api);
    await store.getState().start('INC-1', { name: 'contract-60d', label: 'Notify the customer', hours: 1440, startedAt: '2026-12-01T09:00:00+01:00' });
    expect(calls[0]?.input).toEqual({ incidentId: 'INC-1', name: 'contract-60d', label: 'Notify the customer', hours: 1440, startedAt: '2026-12-01T09:00:00+01:00', note: '' });
  });

  it('holds a clock.due alert until dismissed or the clock is met; overdue replaces its "soon"', async () => {
    const { api } = scriptedApi({ 'clock.stop': { ok: true, value: clocks } });
    const store = createClockStore(api);
    const due = { type: 'clock.due' as const, incidentId: 'INC-1', name: 'gdpr-authority', label: 'GDPR Art. 33', dueAt: '2026-12-04T06:00:00.000Z' };
    store.getState().handleEvent({ ...due, stage: 'soon' });
    store.getState().handleEvent({ ...due, stage: 'overdue' });
    expect(store.getState().alerts).toEqual([{ incidentId: 'INC-1', name: 'gdpr-authority', label: 'GDPR Art. 33', dueAt: '2026-12-04T06:00:00.000Z', stage: 'overdue' }]);
    await store.getState().stop('INC-1', 'gdpr-authority', 'notified the ICO, ref 123');
    expect(store.getState().alerts).toEqual([]);
  });

  it('says a clock the way the header shows it', () => {
    expect(shortClockName('gdpr-authority')).toBe('GDPR authority');
    expect(shortClockName('contract-60d')).toBe('contract 60d');
    expect(clockSpan(71 * 3_600_000 + 12 * 60_000 + 59_000)).toBe('71 h 12 m');
    expect(clockSpan(-(3 * 3_600_000 + 5 * 60_000))).toBe('3 h 05 m');
    expect(clockSpan(42 * 60_000)).toBe('42 m');
    expect(clockSpan(1_439 * 3_600_000)).toBe('59 d 23 h');
  });

  it('orders open clocks by deadline before met ones', () => {
    const ordered = clocksByUrgency([clock('a', 'met', '2026-12-01T00:00:00.000Z'), clock('b', 'running', '2026-12-09T00:00:00.000Z'), clock('c', 'overdue', '2026-12-02T00:00:00.000Z')]);
    expect(ordered.map((entry) => entry.name)).toEqual(['c', 'b', 'a']);
  });
});
