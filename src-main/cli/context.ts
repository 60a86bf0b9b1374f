import { fail, type Envelope, type OperationName } from '../contract';
import { createServiceContext, type ServiceContext } from '../services/context';
import { dispatch, errorEnvelope } from '../services/dispatch';
import { resolveDataDir } from '../store/dataDir';

let shared: ServiceContext | undefined;

/** The CLI's one service context (database opened on first use). */
export function context(): ServiceContext {
  shared ??= createServiceContext({ dataDir: resolveDataDir(), transport: 'cli' });
  return shared;
}

/** Runs one operation the way every transport does: validated by the contract, wrapped in the envelope. */
export function call<T>(name: OperationName, input: unknown): Envelope<T> {
  try {
    return dispatch(context(), name, input) as Envelope<T>;
  } catch (error) {
    return errorEnvelope(error);
  }
}

export function closeContext(): void {
  shared?.db.close();
  shared = undefined;
}

export function invalid(message: string): Envelope<never> {
  return fail('invalid-input', message);
}
