import { describe, expect, it, vi } from 'vitest';
import type { Api } from '../../../src-renderer/api/api';
import { syncDrafts } from '../../../src-renderer/stores/draftSync';
import { createUiStore } from '../../../src-renderer/stores/uiStore';

const id = 'INC-20261123-141502';

/** A server that keeps drafts in memory, as drafts.get and drafts.save do. */
function fakeApi(kept: Record<string, Record<string, string>> = {}) {
  const saves: Record<string, string>[] = [];
  const call = vi.fn(async (name: string, input: { id: string; drafts?: Record<string, string> }) => {
    if (name === 'drafts.get') return { ok: true, value: { id: input.id, drafts: kept[input.id] ?? {} } };
    saves.push(input.drafts!);
    kept[input.id] = input.drafts!;
    return { ok: true, value: { id: input.id, drafts: input.drafts } };
  });
  return { api: { transport: 'http', call, subscribe: () => () => undefined } as unknown as Api, saves, kept };
}

describe('drafts kept on this laptop', () => {
  it('come back into empty fields after a reload, never over what was typed since', async () => {
    const { api } = fakeApi({ [id]: { [`note:${id}`]: 'kept note', [`commander:${id}`]: 'dana' } });
    const ui = createUiStore({ name: 'incident', id });
    ui.getState().setDraft(`commander:${id}`, 'erin');
    const sync = syncDrafts(ui, api, 10);
    await sync.load(id);
    expect(ui.getState().drafts).toEqual({ [`note:${id}`]: 'kept note', [`commander:${id}`]: 'erin' });
    sync.stop();
  });

  it('are saved after a pause in typing, at once when one is sent, and only for the incident typed into', async () => {
    const { api, saves, kept } = fakeApi();
    const ui = createUiStore({ name: 'incident', id });
    const sync = syncDrafts(ui, api, 50);
    await sync.load(id);
    ui.getState().setDraft(`note:${id}`, 'a');
    ui.getState().setDraft(`note:${id}`, 'ab');
    ui.getState().setDraft(`step:${id}:triage-scope:note`, 'half');
    // Another incident whose kept drafts were never read: saving it would replace them blindly.
    ui.getState().setDraft('note:INC-20261123-999999', 'elsewhere');
    expect(saves).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(saves).toEqual([{ [`note:${id}`]: 'ab', [`step:${id}:triage-scope:note`]: 'half' }]);
    ui.getState().clearDraft(`note:${id}`, 'ab');
    await sync.flush();
    expect(kept[id]).toEqual({ [`step:${id}:triage-scope:note`]: 'half' });
    expect(ui.getState().draftsKept[id]).toEqual({ state: 'kept' });
    sync.stop();
  });

  it('say so when the laptop could not keep them', async () => {
    const { api } = fakeApi();
    (api.call as ReturnType<typeof vi.fn>).mockImplementation(async (name: string) =>
      name === 'drafts.get' ? { ok: true, value: { id, drafts: {} } } : { ok: false, error: { code: 'io-error', message: 'the disk is full: nothing was written' } },
    );
    const ui = createUiStore({ name: 'incident', id });
    const sync = syncDrafts(ui, api, 10);
    await sync.load(id);
    ui.getState().setDraft(`note:${id}`, 'x');
    await sync.flush();
    expect(ui.getState().draftsKept[id]).toEqual({ state: 'failed', message: 'the disk is full: nothing was written' });
    sync.stop();
  });
});
