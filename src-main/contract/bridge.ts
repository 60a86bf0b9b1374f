import type { Envelope } from './envelope';
import type { PushedEvent } from './events';
import type { OperationInput, OperationName, OperationResult } from './operations';

/** IPC channel of one operation; the preload and the main process derive it the same way. */
export function operationChannel(name: OperationName): string {
  return `firebreak:op:${name}`;
}

export const eventChannel = 'firebreak:event';

/** The desktop's native file chooser (browser mode has none: paths are typed there). */
export const pickPathsChannel = 'firebreak:pick-paths';
export type PickKind = 'files' | 'folder';

type DomainOf<Name> = Name extends `${infer Domain}.${string}` ? Domain : never;
type VerbsOf<Domain extends string> = {
  [Name in OperationName as Name extends `${Domain}.${infer Verb}` ? Verb : never]: (input?: OperationInput<Name>) => Promise<Envelope<OperationResult<Name>>>;
};

/** What the preload exposes as `window.firebreak`: `firebreak.<domain>.<verb>(input)`, and nothing else. */
export type FirebreakBridge = { [Domain in DomainOf<OperationName>]: VerbsOf<Domain> } & {
  onEvent(listener: (event: PushedEvent) => void): () => void;
  /** Absolute paths the responder chose in the OS dialog; empty when they cancelled. */
  pickPaths(kind: PickKind): Promise<string[]>;
};
