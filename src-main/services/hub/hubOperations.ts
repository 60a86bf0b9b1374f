import { AppError, type HubStatus, type IncidentPresence, type ParsedInput, type SyncResult } from '../../contract';
import type { ServiceContext } from '../context';

const notJoined: HubStatus = { state: 'not-joined', url: null, role: null, tls: false, toPush: 0, behind: 0, waiting: 0, lastContactAt: null, offlineSince: null, lastError: null, live: false };

// Placeholders until the hub service lands: the contract and the UI can be built against them.
export async function hubStatus(_ctx: ServiceContext, _input: ParsedInput<'hub.status'>): Promise<HubStatus> {
  return notJoined;
}
export async function hubJoin(_ctx: ServiceContext, _input: ParsedInput<'hub.join'>): Promise<HubStatus> {
  throw new AppError('internal', 'joining a hub is not built yet');
}
export async function hubLeave(_ctx: ServiceContext, _input: ParsedInput<'hub.leave'>): Promise<HubStatus> {
  return notJoined;
}
export async function hubSync(_ctx: ServiceContext, _input: ParsedInput<'hub.sync'>): Promise<SyncResult> {
  throw new AppError('conflict', 'this laptop has joined no hub');
}
export function incidentPresence(_ctx: ServiceContext, input: ParsedInput<'incident.presence'>): IncidentPresence {
  return { incidentId: input.id, responders: [] };
}
