import { AppError, type LiveCollectedEvidence, type LiveProfiles, type ParsedInput } from '../../contract';
import type { ServiceContext } from '../context';

export function liveProfilesOperation(_ctx: ServiceContext, _input: ParsedInput<'evidence.liveProfiles'>): Promise<LiveProfiles> {
  return Promise.reject(new AppError('internal', 'evidence.liveProfiles: not built yet'));
}

export function liveCollectOperation(_ctx: ServiceContext, _input: ParsedInput<'evidence.liveCollect'>): Promise<LiveCollectedEvidence> {
  return Promise.reject(new AppError('internal', 'evidence.liveCollect: not built yet'));
}
