import { describe, expect, it } from 'vitest';
import { importSummary } from '../../../src-renderer/components/incidents/SharingDialogs';
import { createSharingStore, suggestedBundleFile } from '../../../src-renderer/stores/sharingStore';
import { scriptedApi } from '../../support/scriptedApi';

const imported = { incidentId: 'INC-1', imported: true, events: 14, headHash: 'a'.repeat(64), keyFingerprint: 'b'.repeat(64), signer: 'this laptop' };

describe('the sharing store', () => {
  it('suggests a new bundle file in the data dir exports folder, one per minute, never an existing name', () => {
    const at = new Date('2026-11-23T14:15:02.000Z');
    expect(suggestedBundleFile('/home/ana/.firebreak/', 'INC-20261123-141502', at)).toBe('/home/ana/.firebreak/exports/INC-20261123-141502-20261123-141502.bundle.json');
    expect(suggestedBundleFile('C:\\Users\\ana\\Firebreak', 'INC-1', at)).toBe('C:\\Users\\ana\\Firebreak\\exports\\INC-1-20261123-141502.bundle.json');
    expect(suggestedBundleFile('/d', 'INC-1', new Date(at.getTime() + 60_000))).not.toBe(suggestedBundleFile('/d', 'INC-1', at));
  });

  it('imports with the signer fingerprint only when one is given, and reloads the incident it merged', async () => {
    const changed: string[] = [];
    const { api, calls } = scriptedApi({ 'incident.import': { ok: true, value: imported } });
    const store = createSharingStore(api, async (id) => void changed.push(id));
    await store.getState().importBundle('/media/usb/INC-1.bundle.json');
    await store.getState().importBundle('/media/usb/INC-1.bundle.json', 'c'.repeat(64));
    expect(calls.map((call) => call.input)).toEqual([
      { file: '/media/usb/INC-1.bundle.json', trustedKeys: undefined },
      { file: '/media/usb/INC-1.bundle.json', trustedKeys: ['c'.repeat(64)] },
    ]);
    expect(changed).toEqual(['INC-1', 'INC-1']);
    expect(store.getState().imported).toEqual(imported);
  });

  it('keeps the dialog open with the refusal in the server words, and reloads nothing', async () => {
    const changed: string[] = [];
    const { api } = scriptedApi({ 'incident.addMember': { ok: false, error: { code: 'invalid-input', message: 'actorKey: must be a device key' } } });
    const store = createSharingStore(api, async (id) => void changed.push(id));
    store.getState().open({ kind: 'member', incidentId: 'INC-1' });
    await store.getState().addMember('INC-1', 'short', 'ben');
    expect(store.getState()).toMatchObject({ dialog: { kind: 'member', incidentId: 'INC-1' }, busy: false, error: 'actorKey: must be a device key', added: null });
    expect(changed).toEqual([]);
    store.getState().open({ kind: 'export', incidentId: 'INC-1' });
    expect(store.getState().error).toBeNull();
  });

  it('offers the OS file chooser for a bundle only on the desktop, where there is one', async () => {
    const { api } = scriptedApi({});
    expect(createSharingStore(api, async () => {}).getState().canPick).toBe(false);
    const desktop = Object.assign(Object.create(api) as typeof api, { pickPaths: async () => ['/media/usb/INC-1.bundle.json'] });
    const store = createSharingStore(desktop, async () => {});
    expect(store.getState().canPick).toBe(true);
    expect(await store.getState().pickFile()).toBe('/media/usb/INC-1.bundle.json');
  });

  it('says plainly whether an import changed anything', () => {
    expect(importSummary({ ...imported, imported: false })).toMatch(/^Already up to date/);
    expect(importSummary({ ...imported, newEvents: 1 })).toBe('Merged 1 new event into INC-1 (14 in the bundle). Every check passed.');
    expect(importSummary({ ...imported, newEvents: 14 })).toBe('Imported INC-1: 14 events, every check passed.');
  });
});
