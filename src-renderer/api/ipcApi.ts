import type { FirebreakBridge, OperationName } from '../../src-main/contract';
import type { Api } from './api';

type LooseBridge = Record<string, Record<string, (input: unknown) => Promise<never>>>;

/** Desktop: the preload's `window.firebreak.<domain>.<verb>()`. */
export function createIpcApi(bridge: FirebreakBridge): Api {
  return {
    transport: 'electron',
    call(name: OperationName, input: unknown) {
      const [domain, verb] = name.split('.') as [string, string];
      return (bridge as unknown as LooseBridge)[domain]![verb]!(input);
    },
    subscribe: (listener) => bridge.onEvent(listener),
    pickPaths: (kind) => bridge.pickPaths(kind),
  } as Api;
}
