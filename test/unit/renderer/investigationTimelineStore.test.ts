import { describe, expect, it } from 'vitest';
import type { InvestigationEntry, InvestigationTimeline } from '../../../src-main/contract';
import { createInvestigationTimelineStore, linkChange, noLinks } from '../../../src-renderer/stores/investigationTimelineStore';
import { scriptedApi } from '../../support/scriptedApi';

const entry = (hash: string, extra: Partial<InvestigationEntry> = {}): InvestigationEntry => ({
  hash: hash.padEnd(64, '0'),
  type: 'timeline.entry',
  summary: 'Phishing mail opened',
  occurredAt: '2026-11-30T07:15:00.000Z',
  occurredOffset: '+02:00',
  recordedAt: '2026-11-30T09:40:00.000Z',
  retroactive: true,
  actor: 'dana',
  category: '',
  links: noLinks(),
  ...extra,
});
const listed = (entries: InvestigationEntry[], total = entries.length): { ok: true; value: InvestigationTimeline } => ({ ok: true, value: { entries, matched: entries.length, total } });

describe('the investigation timeline store', () => {
  it('asks for the filters as the contract names them, each event group as its types, and starts the page again', async () => {
    const { api, calls } = scriptedApi({ 'timeline.list': listed([entry('a')], 340) });
    const store = createInvestigationTimelineStore(api);
    await store.getState().load('INC-1');
    expect(calls.at(-1)?.input).toEqual({ incidentId: 'INC-1', sort: 'occurred', limit: 200 });
    await store.getState().showMore('INC-1');
    await store.getState().setFilter('INC-1', { indicator: 'I2', group: 'investigation' });
    await store.getState().setSort('INC-1', 'recorded');
    expect(calls.at(-1)?.input).toEqual({
      incidentId: 'INC-1',
      sort: 'recorded',
      limit: 200,
      indicator: 'I2',
      types: ['indicator.added', 'indicator.updated', 'asset.added', 'asset.stateChanged', 'asset.updated'],
    });
    await store.getState().clearFilters('INC-1');
    expect(calls.at(-1)?.input).toEqual({ incidentId: 'INC-1', sort: 'recorded', limit: 200 });
  });

  it('keeps the actors and tags it has seen for the filter pickers, even once a filter narrows the list', async () => {
    const { api, answers } = scriptedApi({ 'timeline.list': listed([entry('a', { actor: 'dana', links: { ...noLinks(), tags: ['phishing'] } }), entry('b', { actor: 'ali' })]) });
    const store = createInvestigationTimelineStore(api);
    await store.getState().load('INC-1');
    answers['timeline.list'] = listed([entry('b', { actor: 'ali' })], 2);
    await store.getState().setFilter('INC-1', { actor: 'ali' });
    expect(store.getState().views['INC-1']?.seen).toEqual({ actors: ['ali', 'dana'], tags: ['phishing'] });
    expect(store.getState().views['INC-1']?.timeline).toMatchObject({ matched: 1, total: 2 });
  });

  it('drops an answer overtaken by a newer filter', async () => {
    let release: (() => void) | undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let call = 0;
    const { api } = scriptedApi({
      'timeline.list': async () => {
        call += 1;
        if (call === 1) {
          await slow;
          return listed([entry('old')]);
        }
        return listed([entry('new')]);
      },
    });
    const store = createInvestigationTimelineStore(api);
    const first = store.getState().load('INC-1');
    await store.getState().setFilter('INC-1', { tag: 'phishing' });
    release!();
    await first;
    expect(store.getState().views['INC-1']?.timeline?.entries.map((shown) => shown.hash[0])).toEqual(['n']);
  });

  it('relinks with one tag call saying what is added and what is taken off, and nothing when nothing changed', async () => {
    const tagged = entry('a', { links: { indicators: ['I1'], assets: [], techniques: ['T1566'], tags: [] } });
    const { api, calls } = scriptedApi({ 'timeline.tag': { ok: true, value: tagged }, 'timeline.list': listed([tagged]) });
    const store = createInvestigationTimelineStore(api);
    expect(await store.getState().relink('INC-1', tagged, tagged.links)).toBeNull();
    await store.getState().relink('INC-1', tagged, { indicators: ['I1', 'I2'], assets: ['S1'], techniques: [], tags: ['phishing'] });
    expect(calls.find((sent) => sent.name === 'timeline.tag')?.input).toEqual({
      incidentId: 'INC-1',
      hash: tagged.hash,
      add: { indicators: ['I2'], assets: ['S1'], techniques: [], tags: ['phishing'] },
      remove: { indicators: [], assets: [], techniques: ['T1566'], tags: [] },
    });
    // The list reloads so the entry shows its new links.
    expect(calls.at(-1)?.name).toBe('timeline.list');
    expect(linkChange(noLinks(), noLinks())).toEqual({ add: noLinks(), remove: noLinks() });
  });

  it('adds an entry after the fact with its time as given, and "now" without one', async () => {
    const { api, calls } = scriptedApi({ 'timeline.add': { ok: true, value: entry('a') }, 'timeline.list': listed([entry('a')]) });
    const store = createInvestigationTimelineStore(api);
    await store.getState().add('INC-1', { text: 'Phishing mail opened', at: '2026-11-30T09:15:00+02:00', category: 'initial-access', links: noLinks() });
    await store.getState().add('INC-1', { text: 'Mail gateway rule added', category: '', links: noLinks() });
    const added = calls.filter((sent) => sent.name === 'timeline.add').map((sent) => sent.input);
    expect(added[0]).toMatchObject({ at: '2026-11-30T09:15:00+02:00', category: 'initial-access' });
    expect(added[1]).not.toHaveProperty('at');
  });

  it('reloads an open timeline when its incident changes elsewhere, and leaves others alone', async () => {
    const { api, calls } = scriptedApi({ 'timeline.list': listed([]) });
    const store = createInvestigationTimelineStore(api);
    await store.getState().load('INC-1');
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-2' } as never);
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' } as never);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.filter((sent) => sent.name === 'timeline.list').map((sent) => (sent.input as { incidentId: string }).incidentId)).toEqual(['INC-1', 'INC-1']);
  });

  it('says an export that came back without its text, rather than saving an empty file', async () => {
    const { api } = scriptedApi({ 'timeline.export': { ok: true, value: { format: 'csv', entries: 3, path: '/tmp/x.csv', text: null } } });
    const store = createInvestigationTimelineStore(api);
    expect(await store.getState().exportText('INC-1', 'csv')).toMatchObject({ ok: false, error: { message: 'the export came back without its text' } });
  });
});
