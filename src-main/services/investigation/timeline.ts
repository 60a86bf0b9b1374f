import { AppError, type OperationResult, type ParsedInput } from '../../contract';
import type { ServiceContext } from '../context';

// Not built yet: replaced by the feature's service.
export function addTimelineEntry(_ctx: ServiceContext, _input: ParsedInput<'timeline.add'>): OperationResult<'timeline.add'> {
  throw new AppError('internal', 'timeline.add is not built yet');
}

export function tagTimelineEntry(_ctx: ServiceContext, _input: ParsedInput<'timeline.tag'>): OperationResult<'timeline.tag'> {
  throw new AppError('internal', 'timeline.tag is not built yet');
}

export function listInvestigationTimeline(_ctx: ServiceContext, _input: ParsedInput<'timeline.list'>): OperationResult<'timeline.list'> {
  throw new AppError('internal', 'timeline.list is not built yet');
}

export function exportTimeline(_ctx: ServiceContext, _input: ParsedInput<'timeline.export'>): OperationResult<'timeline.export'> {
  throw new AppError('internal', 'timeline.export is not built yet');
}

export function importTimeline(_ctx: ServiceContext, _input: ParsedInput<'timeline.import'>): OperationResult<'timeline.import'> {
  throw new AppError('internal', 'timeline.import is not built yet');
}

