import { AppError, type OperationResult, type ParsedInput } from '../../contract';
import type { ServiceContext } from '../context';

// Not built yet: replaced by the feature's service.
export function importAttack(_ctx: ServiceContext, _input: ParsedInput<'attack.import'>): OperationResult<'attack.import'> {
  throw new AppError('internal', 'attack.import is not built yet');
}

export function searchAttack(_ctx: ServiceContext, _input: ParsedInput<'attack.search'>): OperationResult<'attack.search'> {
  throw new AppError('internal', 'attack.search is not built yet');
}

