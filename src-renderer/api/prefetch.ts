import type { OperationName, PushedEvent } from '../../src-main/contract';
import type { Api } from './api';

const keyOf = (name: string, input: unknown) => `${name} ${JSON.stringify(input ?? {})}`;
type LooseCall = (name: OperationName, input: unknown) => Promise<unknown>;

/**
 * The console's first requests, started while the rest of its script is still loading. The pushed
 * events are listened to first, and kept until the console subscribes, so a change made meanwhile
 * (an incident declared from the CLI) is not lost between the early answer and the subscription.
 * The first later call with the same name and input gets the early answer instead of asking again.
 */
export function prefetching(api: Api, calls: ReadonlyArray<readonly [OperationName, unknown]>): Api {
  const held: PushedEvent[] = [];
  let listener: ((event: PushedEvent) => void) | null = null;
  api.subscribe((event) => (listener ? listener(event) : held.push(event)));

  const call = api.call as LooseCall;
  const pending = new Map<string, Promise<unknown>>();
  for (const [name, input] of calls) {
    // Asynchronous, so a transport that throws fails this call, not the page's first script.
    const early = Promise.resolve().then(() => call(name, input));
    // Whoever takes it handles a failure; until then it is not an unhandled rejection.
    early.catch(() => undefined);
    pending.set(keyOf(name, input), early);
  }
  return {
    ...api,
    call: ((name: OperationName, input: unknown) => {
      const key = keyOf(name, input);
      const early = pending.get(key);
      if (!early) return call(name, input);
      pending.delete(key);
      return early;
    }) as Api['call'],
    subscribe(next) {
      listener = next;
      for (const event of held.splice(0)) next(event);
      return () => {
        if (listener === next) listener = null;
      };
    },
  };
}
