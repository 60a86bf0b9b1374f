import type { Envelope, OperationInput, OperationName, OperationResult, PushedEvent } from '../../src-main/contract';

/** The renderer's only way to the outside world; one implementation per transport. */
export interface Api {
  transport: 'electron' | 'http';
  call<Name extends OperationName>(name: Name, input: OperationInput<Name>): Promise<Envelope<OperationResult<Name>>>;
  subscribe(listener: (event: PushedEvent) => void): () => void;
}
