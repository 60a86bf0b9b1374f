import { AppError, type OperationResult, type ParsedInput } from '../../contract';
import type { ServiceContext } from '../context';

// Not built yet: replaced by the feature's service.
export function startClock(_ctx: ServiceContext, _input: ParsedInput<'clock.start'>): OperationResult<'clock.start'> {
  throw new AppError('internal', 'clock.start is not built yet');
}

export function stopClock(_ctx: ServiceContext, _input: ParsedInput<'clock.stop'>): OperationResult<'clock.stop'> {
  throw new AppError('internal', 'clock.stop is not built yet');
}

export function listClocks(_ctx: ServiceContext, _input: ParsedInput<'clock.list'>): OperationResult<'clock.list'> {
  throw new AppError('internal', 'clock.list is not built yet');
}

