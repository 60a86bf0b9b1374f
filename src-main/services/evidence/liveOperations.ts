import type { LiveCollectedEvidence, LiveProfiles, ParsedInput } from '../../contract';
import type { ServiceContext } from '../context';
import { runJob } from '../jobRegistry';
import { liveCollect } from './liveCollect';
import { liveProfiles } from './liveProfiles';

export async function liveProfilesOperation(ctx: ServiceContext, _input: ParsedInput<'evidence.liveProfiles'>): Promise<LiveProfiles> {
  return liveProfiles(ctx);
}

export function liveCollectOperation(ctx: ServiceContext, input: ParsedInput<'evidence.liveCollect'>): Promise<LiveCollectedEvidence> {
  return runJob(ctx, 'evidence.liveCollect', 'Starting the commands…', (job) => liveCollect(ctx, input, job));
}
