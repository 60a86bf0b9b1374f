import type { Envelope, OperationInput, OperationName, OperationResult, PickKind, PushedEvent } from '../../src-main/contract';

/** The renderer's only way to the outside world; one implementation per transport. */
export interface Api {
  transport: 'electron' | 'http';
  call<Name extends OperationName>(name: Name, input: OperationInput<Name>): Promise<Envelope<OperationResult<Name>>>;
  subscribe(listener: (event: PushedEvent) => void): () => void;
  /** The OS file chooser, desktop only: browser mode has none and paths are typed. */
  pickPaths?: (kind: PickKind) => Promise<string[]>;
}
