import { contextBridge, ipcRenderer } from 'electron';
import { eventChannel, operationChannel, pickPathsChannel, type PickKind } from '../contract/bridge';
import type { PushedEvent } from '../contract/events';
import { operationNames } from '../contract/operations';

/** Builds `firebreak.<domain>.<verb>()` from the contract; no raw ipcRenderer ever reaches the page. */
export function buildBridge(invoke: (channel: string, input: unknown) => Promise<unknown>, subscribe: (listener: (event: PushedEvent) => void) => () => void) {
  const bridge: Record<string, Record<string, (input?: unknown) => Promise<unknown>> | typeof subscribe> = {};
  for (const name of operationNames) {
    const [domain, verb] = name.split('.') as [string, string];
    const verbs = (bridge[domain] ??= {}) as Record<string, (input?: unknown) => Promise<unknown>>;
    verbs[verb] = (input?: unknown) => invoke(operationChannel(name), input ?? {});
  }
  bridge.onEvent = subscribe;
  bridge.pickPaths = ((kind: PickKind) => invoke(pickPathsChannel, kind)) as never;
  return bridge;
}

contextBridge.exposeInMainWorld(
  'firebreak',
  buildBridge(
    (channel, input) => ipcRenderer.invoke(channel, input),
    (listener) => {
      const forward = (_event: unknown, pushed: PushedEvent) => listener(pushed);
      ipcRenderer.on(eventChannel, forward);
      return () => ipcRenderer.removeListener(eventChannel, forward);
    },
  ),
);
