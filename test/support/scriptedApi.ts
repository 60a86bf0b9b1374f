import type { Envelope } from '../../src-main/contract';
import type { Api } from '../../src-renderer/api/api';

/** An Api answering from a table the test can change between calls; it records every call with its input. */
export function scriptedApi(answers: Record<string, Envelope<unknown> | (() => Envelope<unknown> | Promise<Envelope<unknown>>)>) {
  const calls: { name: string; input: unknown }[] = [];
  const api = {
    transport: 'http',
    async call(name: string, input: unknown) {
      calls.push({ name, input });
      const answer = answers[name];
      if (typeof answer === 'function') return answer();
      return answer ?? { ok: false, error: { code: 'not-found', message: `no answer scripted for ${name}` } };
    },
    subscribe: () => () => {},
  } as unknown as Api;
  return { api, calls, answers };
}
