import { describe, expect, it } from 'vitest';
import { createEvidenceStore } from '../../../src-renderer/stores/evidenceStore';
import { scriptedApi } from '../../support/scriptedApi';

describe('results on an evidence card', () => {
  it('keeps each kind until dismissed: an export result does not replace the verify result', () => {
    const store = createEvidenceStore(scriptedApi({}).api);
    store.getState().showResult('EV-1a2b3c4d', 'verified', { text: 'Intact: 2 files match', failed: false });
    store.getState().showResult('EV-1a2b3c4d', 'exported', { text: 'Not exported: the disk is full', failed: true });
    store.getState().showResult('EV-00000000', 'verified', { text: 'FAILED: 1 mismatch', failed: true });
    const card = store.getState().results['EV-1a2b3c4d']!;
    expect(card.verified).toMatchObject({ text: 'Intact: 2 files match', at: expect.any(String) });
    expect(card.exported).toMatchObject({ text: 'Not exported: the disk is full', failed: true });
    store.getState().dismissResult('EV-1a2b3c4d', 'verified');
    expect(store.getState().results['EV-1a2b3c4d']).toEqual({ exported: expect.objectContaining({ failed: true }) });
    expect(store.getState().results['EV-00000000']!.verified!.text).toBe('FAILED: 1 mismatch');
  });

  it('sends the choice to go on without unavailable paths to the console', async () => {
    const { api, calls } = scriptedApi({ 'evidence.collect': { ok: false, error: { code: 'cancelled', message: 'stopped' } }, 'evidence.list': { ok: true, value: { items: [], custodyChoices: [{ action: 'handed-over', words: 'handed over' }] } } });
    const store = createEvidenceStore(api);
    await store.getState().collect('INC-20260101-000000', ['/var/log/app'], '/tmp/e.tar.gz', false, true);
    expect(calls[0]).toEqual({ name: 'evidence.collect', input: { paths: ['/var/log/app'], output: '/tmp/e.tar.gz', incidentId: 'INC-20260101-000000', followSymlinks: false, skipUnavailable: true } });
    expect(store.getState().custodyChoices).toEqual([{ action: 'handed-over', words: 'handed over' }]);
  });
});
