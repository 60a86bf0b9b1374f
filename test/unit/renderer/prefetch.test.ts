import { describe, expect, it } from 'vitest';
import type { PushedEvent } from '../../../src-main/contract';
import type { Api } from '../../../src-renderer/api/api';
import { prefetching } from '../../../src-renderer/api/prefetch';

/** An api that records what reached the server and answers with a running number; `push` sends an event. */
function countingApi() {
  const asked: string[] = [];
  let listener: ((event: PushedEvent) => void) | null = null;
  const api = {
    transport: 'http',
    call: (name: string, input: unknown) => {
      asked.push(`${name} ${JSON.stringify(input)}`);
      return Promise.resolve({ ok: true, value: asked.length });
    },
    subscribe: (next: (event: PushedEvent) => void) => {
      listener = next;
      return () => (listener = null);
    },
  } as unknown as Api;
  return { api, asked, push: (event: PushedEvent) => listener?.(event) };
}

describe('the console\'s first requests, sent before its script is loaded', () => {
  it('are sent at once, and the first matching call gets that answer without asking again', async () => {
    const { api, asked } = countingApi();
    const early = prefetching(api, [['incident.list', { scope: 'open' }]]);
    await Promise.resolve();
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
    await Promise.resolve();
    await early.call('incident.list', { scope: 'all' });
    await early.call('app.info', {});
    expect(asked).toEqual(['incident.list {"scope":"open"}', 'incident.list {"scope":"all"}', 'app.info {}']);
    expect(early.transport).toBe('http');
  });

  it('keep the changes pushed before the console subscribed, and hand them over in order', () => {
    const { api, push } = countingApi();
    const early = prefetching(api, [['incident.list', { scope: 'open' }]]);
    push({ type: 'incident.changed', incidentId: 'INC-20261201-000001' });
    push({ type: 'data.changed' });
    const seen: PushedEvent[] = [];
    early.subscribe((event) => seen.push(event));
    push({ type: 'reminders.changed' } as PushedEvent);
    expect(seen.map((event) => event.type)).toEqual(['incident.changed', 'data.changed', 'reminders.changed']);
  });

  it('turn a transport that throws into a failed answer, not a broken page', async () => {
    const api = { transport: 'electron', call: () => { throw new Error('no bridge'); }, subscribe: () => () => undefined } as unknown as Api;
    const early = prefetching(api, [['incident.list', { scope: 'open' }]]);
    await expect(early.call('incident.list', { scope: 'open' })).rejects.toThrow('no bridge');
  });
});
