import { describe, expect, it } from 'vitest';
import type { Technique } from '../../../src-main/contract';
import { createAttackStore } from '../../../src-renderer/stores/attackStore';
import { scriptedApi } from '../../support/scriptedApi';

const technique = (id: string, name: string): Technique => ({ id, name, tactics: ['initial-access'], description: '', platforms: [], parent: null, deprecated: false, url: null });
const catalogue = { techniques: 9, version: '16.1', source: 'enterprise-attack.json', importedAt: '2026-12-02T06:00:00.000Z' };

describe('the ATT&CK store', () => {
  it('says when no catalogue is imported, and then asks no more names', async () => {
    const { api, calls } = scriptedApi({ 'attack.search': { ok: true, value: { techniques: [], catalogue: null } } });
    const store = createAttackStore(api);
    await store.getState().name(['T1566.002', 'T1059']);
    expect(store.getState().catalogue).toBe(false);
    expect(calls).toHaveLength(1);
    await store.getState().name(['T1078']);
    expect(calls).toHaveLength(1);
  });

  it('names chips from searches, and looks again once a catalogue turns up', async () => {
    const { api, answers } = scriptedApi({ 'attack.search': { ok: true, value: { techniques: [], catalogue: null } } });
    const store = createAttackStore(api);
    await store.getState().name(['T1566.002']);
    answers['attack.search'] = { ok: true, value: { techniques: [technique('T1566.002', 'Spearphishing Link'), technique('T1566', 'Phishing')], catalogue } };
    await store.getState().find('phishing');
    expect(store.getState().names).toEqual({ 'T1566.002': 'Spearphishing Link', T1566: 'Phishing' });
    answers['attack.search'] = { ok: true, value: { techniques: [technique('T1078', 'Valid Accounts')], catalogue } };
    await store.getState().name(['T1078']);
    expect(store.getState().names.T1078).toBe('Valid Accounts');
  });

  it('shows only the answer to the last search typed', async () => {
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let call = 0;
    const { api } = scriptedApi({
      'attack.search': async () => {
        call += 1;
        if (call === 1) {
          await held;
          return { ok: true, value: { techniques: [technique('T1059', 'Command and Scripting Interpreter')], catalogue } };
        }
        return { ok: true, value: { techniques: [technique('T1059.001', 'PowerShell')], catalogue } };
      },
    });
    const store = createAttackStore(api);
    const first = store.getState().find('T1059');
    await store.getState().find('powershell');
    release!();
    await first;
    expect(store.getState().search).toMatchObject({ text: 'powershell', techniques: [{ id: 'T1059.001' }] });
  });
});
