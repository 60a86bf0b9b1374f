import { describe, expect, it } from 'vitest';
import { applyTags, linksByEvent, linksOfEvent } from '../../../../src-main/domain/investigation/timeline/timelineLinks';

const ip = { type: 'ip', value: '203.0.113.7' } as const;
const host = { kind: 'host', name: 'web-01' } as const;
const hash = (n: number) => n.toString(16).padStart(64, '0');

describe('timeline links', () => {
  it('are what each event carries: indicators, assets, an entry\'s links, with their techniques and tags', () => {
    expect(linksOfEvent('indicator.added', { indicators: [{ ...ip, tags: ['c2'], techniques: ['T1071'] }, { type: 'domain', value: 'evil.example', tags: ['c2'], techniques: [] }] })).toEqual({
      indicators: [ip, { type: 'domain', value: 'evil.example' }],
      assets: [],
      techniques: ['T1071'],
      tags: ['c2'],
    });
    expect(linksOfEvent('asset.stateChanged', { key: host, from: 'suspected', to: 'contained', reason: '' })).toEqual({ indicators: [], assets: [host], techniques: [], tags: [] });
    expect(linksOfEvent('timeline.entry', { text: 'x', links: { indicators: [ip], assets: [host], techniques: ['T1059'], tags: ['phishing'] } })).toEqual({ indicators: [ip], assets: [host], techniques: ['T1059'], tags: ['phishing'] });
    expect(linksOfEvent('incident.noteAdded', { text: 'x' })).toEqual({ indicators: [], assets: [], techniques: [], tags: [] });
  });

  it('skip whatever a hostile payload holds that is not a link, and never throw', () => {
    const hostile = [null, 42, 'x', [], { indicators: 'no' }, { indicators: [{ type: 'nuke', value: 'x' }, { type: 'ip' }, null, ip], assets: [{ kind: 'host', name: '' }, host, host], techniques: ['T1059', 'rm -rf', 7], tags: [{}, 'ok'] }];
    for (const links of hostile) expect(() => linksOfEvent('timeline.entry', { links } as never)).not.toThrow();
    expect(linksOfEvent('timeline.entry', { links: hostile.at(-1) } as never)).toEqual({ indicators: [ip], assets: [host], techniques: ['T1059'], tags: ['ok'] });
    expect(linksOfEvent('indicator.added', { indicators: 'all of them' })).toEqual({ indicators: [], assets: [], techniques: [], tags: [] });
  });

  it('change with timeline.tagged events, in order, on the entry they target only', () => {
    const events = [
      { type: 'timeline.entry', hash: hash(1), payload: { links: { tags: ['phishing'] } } },
      { type: 'timeline.entry', hash: hash(2), payload: { links: {} } },
      { type: 'timeline.tagged', hash: hash(3), payload: { target: hash(1), add: { indicators: [ip], techniques: ['T1566'] }, remove: {} } },
      { type: 'timeline.tagged', hash: hash(4), payload: { target: hash(1), add: {}, remove: { tags: ['phishing'] } } },
      // Targets an event that is not there (or comes later): skipped.
      { type: 'timeline.tagged', hash: hash(5), payload: { target: hash(9), add: { tags: ['lost'] }, remove: {} } },
      { type: 'timeline.tagged', hash: hash(6), payload: { target: 'not a hash', add: { tags: ['lost'] }, remove: {} } },
    ];
    const links = linksByEvent(events);
    expect(links.get(hash(1))).toEqual({ indicators: [ip], assets: [], techniques: ['T1566'], tags: [] });
    expect(links.get(hash(2))).toEqual({ indicators: [], assets: [], techniques: [], tags: [] });
    expect(linksByEvent(events)).toEqual(links);
    expect(applyTags({ indicators: [ip], assets: [host], techniques: [], tags: [] }, { add: { assets: [{ kind: 'host', name: 'WEB-01' }] }, remove: { indicators: [{ ...ip }] } })).toEqual({ indicators: [], assets: [host], techniques: [], tags: [] });
  });
});
