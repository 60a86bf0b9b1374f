import { describe, expect, it } from 'vitest';
import { foldIndicators, indicatorEventTypes, indicatorKeyOf, type FoldEvent } from '../../../src-main/domain/investigation/indicators/indicatorFold';

let clock = 0;
function event(type: string, payload: Record<string, unknown>, actor = 'alice'): FoldEvent {
  clock += 1;
  return { type, at: new Date(Date.UTC(2026, 10, 23, 14, 0, clock)).toISOString(), actor, hash: `h${clock}`, payload };
}
const added = (...indicators: Record<string, unknown>[]): FoldEvent => event('indicator.added', { indicators });
const ip = (extra: Record<string, unknown> = {}) => ({ type: 'ip', value: '203.0.113.7', tlp: 'amber', firstSeen: null, lastSeen: null, source: { kind: 'manual', ref: '' }, note: '', tags: [], techniques: [], ...extra });

describe('indicator fold', () => {
  it('reads the two indicator event types and keys by type and value', () => {
    expect(indicatorEventTypes).toEqual(['indicator.added', 'indicator.updated']);
    expect(indicatorKeyOf({ type: 'domain', value: 'evil.example' })).toBe('domain:evil.example');
  });

  it('numbers indicators I1… in the order they were first added, defanged beside the value', () => {
    const list = foldIndicators([added(ip(), { ...ip(), type: 'domain', value: 'evil.example' }), added({ ...ip(), type: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })]);
    expect(list.map((indicator) => [indicator.id, indicator.type, indicator.defanged])).toEqual([
      ['I1', 'ip', '203.0.113[.]7'],
      ['I2', 'domain', 'evil[.]example'],
      ['I3', 'sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ]);
    expect(list[0]).toMatchObject({ addedBy: 'alice', sightings: 1, tlp: 'amber', source: { kind: 'manual', ref: '' } });
  });

  it('merges a duplicate: tags and techniques united, first seen earliest, last seen latest, stricter TLP, note kept unless empty', () => {
    const first = added(ip({ tags: ['c2'], techniques: ['T1071'], firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-21T10:00:00.000Z', note: '' }));
    const second = added(ip({ tlp: 'red', tags: ['c2', 'phishing'], techniques: ['T1566.001'], firstSeen: '2026-11-19T08:00:00.000Z', lastSeen: '2026-11-20T09:00:00.000Z', note: 'seen in proxy logs' }));
    const third = added(ip({ tlp: 'green', note: 'later note', lastSeen: '2026-11-22T00:00:00.000Z' }));
    const [merged, ...rest] = foldIndicators([first, second, third]);
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({
      id: 'I1',
      tlp: 'red',
      tags: ['c2', 'phishing'],
      techniques: ['T1071', 'T1566.001'],
      firstSeen: '2026-11-19T08:00:00.000Z',
      lastSeen: '2026-11-22T00:00:00.000Z',
      note: 'seen in proxy logs',
      sightings: 3,
      addedAt: first.at,
      updatedAt: third.at,
    });
  });

  it('merges seen times as one range, so a last seen before the first held widens it instead of inverting it', () => {
    const [merged] = foldIndicators([added(ip({ firstSeen: '2026-12-01T10:00:00.000Z' })), added(ip({ lastSeen: '2026-11-01T00:00:00.000Z' }))]);
    expect(merged).toMatchObject({ firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-12-01T10:00:00.000Z' });
    const [later] = foldIndicators([added(ip({ lastSeen: '2026-11-01T00:00:00.000Z' })), added(ip({ firstSeen: '2026-12-01T10:00:00.000Z' }))]);
    expect(later).toMatchObject({ firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-12-01T10:00:00.000Z' });
    // Only firsts given: no last seen is made up.
    const [firsts] = foldIndicators([added(ip({ firstSeen: '2026-12-01T10:00:00.000Z' })), added(ip({ firstSeen: '2026-11-01T00:00:00.000Z' }))]);
    expect(firsts).toMatchObject({ firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: null });
  });

  it('orders TLP clear < green < amber < amber+strict < red when merging', () => {
    const tlps = ['green', 'amber+strict', 'amber', 'clear'];
    const list = foldIndicators(tlps.map((tlp) => added(ip({ tlp }))));
    expect(list[0]!.tlp).toBe('amber+strict');
  });

  it('converges: two laptops adding the same indicator give the same merge whichever comes first', () => {
    const a = added(ip({ tags: ['a'], tlp: 'red', note: 'from a' }));
    const b = added(ip({ tags: ['b'], tlp: 'green', note: 'from b' }));
    const [ab] = foldIndicators([a, b]);
    const [ba] = foldIndicators([b, a]);
    expect(new Set(ab!.tags)).toEqual(new Set(ba!.tags));
    expect([ab!.tlp, ba!.tlp, ab!.sightings, ba!.sightings]).toEqual(['red', 'red', 2, 2]);
  });

  it('applies an update: each change sets its field, null clears a time, an unknown indicator is ignored', () => {
    const list = foldIndicators([
      added(ip({ firstSeen: '2026-11-20T10:00:00.000Z', tags: ['c2'] })),
      event('indicator.updated', { key: { type: 'ip', value: '203.0.113.7' }, changes: { tlp: { from: 'amber', to: 'clear' }, tags: { from: ['c2'], to: ['c2', 'vpn'] }, firstSeen: { from: '2026-11-20T10:00:00.000Z', to: null }, note: { from: '', to: 'exit node' } } }),
      event('indicator.updated', { key: { type: 'ip', value: '198.51.100.1' }, changes: { tlp: { from: 'amber', to: 'red' } } }),
    ]);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ tlp: 'clear', tags: ['c2', 'vpn'], firstSeen: null, note: 'exit node' });
  });

  it('skips hostile or older payloads instead of throwing', () => {
    const hostile: FoldEvent[] = [
      event('indicator.added', { indicators: 'not a list' }),
      event('indicator.added', {}),
      event('indicator.added', { indicators: [null, 7, 'x', { type: 'nuclear', value: 'x' }, { type: 'ip', value: '' }, { type: 'ip', value: 'x'.repeat(5_000) }, { type: 'ip' }] }),
      event('indicator.added', { indicators: [{ type: 'domain', value: 'evil.example', tlp: 'ultraviolet', tags: ['ok', 7, 'has space', 'x'.repeat(61), ...Array.from({ length: 10_000 }, (_, index) => `t${index}`)], techniques: ['T1059', 'nope'], firstSeen: 'yesterday', source: { kind: 'martian', ref: 42 }, note: { html: '<b>' } }] }),
      event('indicator.updated', { key: { type: 'domain', value: 'evil.example' }, changes: { tlp: { to: 'infrared' }, tags: 'c2', lastSeen: { to: 'soon' } } }),
      event('indicator.updated', { key: 'domain:evil.example' }),
      { type: 'indicator.added', at: 'not a time', actor: undefined as unknown as string, hash: '', payload: null as unknown as Record<string, unknown> },
    ];
    const list = foldIndicators(hostile);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ type: 'domain', value: 'evil.example', tlp: 'amber', techniques: ['T1059'], firstSeen: null, lastSeen: null, source: { kind: 'manual', ref: '' }, note: '' });
    expect(list[0]!.tags[0]).toBe('ok');
    expect(list[0]!.tags.length).toBeLessThanOrEqual(200);
  });

  it('is deterministic: the same events fold to the same list', () => {
    const events = [added(ip(), { ...ip(), type: 'domain', value: 'evil.example' }), added(ip({ tags: ['x'] }))];
    expect(foldIndicators(events)).toEqual(foldIndicators(events));
  });
});
