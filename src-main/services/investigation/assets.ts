import { AppError, type OperationResult, type ParsedInput } from '../../contract';
import type { ServiceContext } from '../context';

// Not built yet: replaced by the feature's service.
export function addAsset(_ctx: ServiceContext, _input: ParsedInput<'asset.add'>): OperationResult<'asset.add'> {
  throw new AppError('internal', 'asset.add is not built yet');
}

export function setAssetState(_ctx: ServiceContext, _input: ParsedInput<'asset.state'>): OperationResult<'asset.state'> {
  throw new AppError('internal', 'asset.state is not built yet');
}

export function updateAsset(_ctx: ServiceContext, _input: ParsedInput<'asset.update'>): OperationResult<'asset.update'> {
  throw new AppError('internal', 'asset.update is not built yet');
}

export function listAssets(_ctx: ServiceContext, _input: ParsedInput<'asset.list'>): OperationResult<'asset.list'> {
  throw new AppError('internal', 'asset.list is not built yet');
}

