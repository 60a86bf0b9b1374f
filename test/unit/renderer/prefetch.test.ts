import { describe, expect, it } from 'vitest';
import type { Api } from '../../../src-renderer/api/api';
import { prefetching } from '../../../src-renderer/api/prefetch';

/** An api that records what reached the server and answers with a running number. */
function countingApi() {
  const asked: string[] = [];
  const api = {
    transport: 'http',
    call: (name: string, input: unknown) => {
      asked.push(`${name} ${JSON.stringify(input)}`);
      return Promise.resolve({ ok: true, value: asked.length });
    },
    subscribe: () => () => undefined,
  } as unknown as Api;
  return { api, asked };
}

describe('the console\'s first requests, sent before its script is loaded', () => {
  it('are sent at once, and the first matching call gets that answer without asking again', async () => {
    const { api, asked } = countingApi();
    const early = prefetching(api, [['incident.list', { scope: 'open' }]]);
    expect(asked).toEqual(['incident.list {"scope":"open"}']);
    expect(await early.call('incident.list', { scope: 'open' })).toEqual({ ok: true, value: 1 });
    expect(asked).toHaveLength(1);
    // Used once: a later reload of the list asks the server again.
    expect(await early.call('incident.list', { scope: 'open' })).toEqual({ ok: true, value: 2 });
    expect(asked).toHaveLength(2);
  });

  it('leave other calls, and the same operation with another input, to the server', async () => {
    const { api, asked } = countingApi();
    const early = prefetching(api, [['incident.list', { scope: 'open' }]]);
    await early.call('incident.list', { scope: 'all' });
    await early.call('app.info', {});
    expect(asked).toEqual(['incident.list {"scope":"open"}', 'incident.list {"scope":"all"}', 'app.info {}']);
    expect(early.transport).toBe('http');
  });
});
