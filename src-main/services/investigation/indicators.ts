import { AppError, type OperationResult, type ParsedInput } from '../../contract';
import type { ServiceContext } from '../context';

// Not built yet: replaced by the feature's service.
export function addIndicator(_ctx: ServiceContext, _input: ParsedInput<'ioc.add'>): OperationResult<'ioc.add'> {
  throw new AppError('internal', 'ioc.add is not built yet');
}

export function importIndicators(_ctx: ServiceContext, _input: ParsedInput<'ioc.import'>): OperationResult<'ioc.import'> {
  throw new AppError('internal', 'ioc.import is not built yet');
}

export function updateIndicator(_ctx: ServiceContext, _input: ParsedInput<'ioc.update'>): OperationResult<'ioc.update'> {
  throw new AppError('internal', 'ioc.update is not built yet');
}

export function listIndicators(_ctx: ServiceContext, _input: ParsedInput<'ioc.list'>): OperationResult<'ioc.list'> {
  throw new AppError('internal', 'ioc.list is not built yet');
}

