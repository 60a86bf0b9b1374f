import { AppError, type ChainBreak, type ParsedInput, type VerifyResult } from '../contract';
import { eventHash, genesisHash, type ChainedEvent } from '../domain/eventChain';
import { replayIncident, type IncidentState, type StateEvent } from '../domain/incidentState';
import { listRawEvents } from '../store/eventLog';
import { findIncident } from '../store/incidentRepo';
import type { ServiceContext } from './context';

const replayedFields: (keyof IncidentState)[] = [
  'title', 'scenario', 'schemeId', 'severity', 'responseMinutes', 'commander', 'detectionSource', 'description', 'status', 'declaredAt', 'respondedAt',
  'playbookId', 'currentPhase', 'acknowledgedAt', 'containedAt', 'recoveredAt', 'resolvedAt',
];

/**
 * Recomputes every hash from the stored columns, checks each link to its predecessor and the
 * sequence, then replays the events and compares the result with the current-state row.
 */
export function verifyIncident(ctx: ServiceContext, input: ParsedInput<'incident.verify'>): VerifyResult {
  const stored = findIncident(ctx.db, input.id);
  const events = listRawEvents(ctx.db, input.id);
  if (!stored && events.length === 0) throw new AppError('not-found', `no incident ${input.id} in ${ctx.dataDir}`);

  let prevHash = genesisHash;
  let firstBreak: ChainBreak | null = null;
  const replayable: StateEvent[] = [];
  for (const [index, raw] of events.entries()) {
    const brokenAt = (reason: ChainBreak['reason'], message: string): ChainBreak => ({ seq: raw.seq, type: raw.type, reason, message });
    if (raw.seq !== index + 1) {
      firstBreak = brokenAt('sequence-gap', `event ${index + 1} is missing: the next stored event is #${raw.seq}`);
      break;
    }
    if (raw.prevHash !== prevHash) {
      firstBreak = brokenAt('prev-hash-mismatch', `event #${raw.seq} (${raw.type}) does not link to the event before it`);
      break;
    }
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(raw.payloadJson) as Record<string, unknown>;
    } catch {
      firstBreak = brokenAt('unreadable-payload', `event #${raw.seq} (${raw.type}) has a payload that is not JSON`);
      break;
    }
    const { id: _id, prevHash: _prev, hash: _hash, payloadJson: _json, ...fields } = raw;
    const chained: ChainedEvent = { ...fields, payload };
    if (eventHash(prevHash, chained) !== raw.hash) {
      firstBreak = brokenAt('hash-mismatch', `event #${raw.seq} (${raw.type}) at ${raw.at} was altered after it was recorded: its content no longer matches its hash`);
      break;
    }
    replayable.push({ type: raw.type, at: raw.at, payload });
    prevHash = raw.hash;
  }

  if (!firstBreak && stored) {
    const replayed = replayIncident(input.id, replayable);
    const differing = replayed ? replayedFields.filter((field) => replayed[field] !== stored[field]) : ['declaration'];
    const impactKeys = ['confidentiality', 'integrity', 'availability'] as const;
    if (replayed && impactKeys.some((key) => replayed.impact?.[key] !== stored.impact[key])) differing.push('impact');
    if (differing.length > 0) {
      const last = events.at(-1);
      firstBreak = {
        seq: last?.seq ?? 0,
        type: last?.type ?? '',
        reason: 'state-mismatch',
        message: `the incident's stored ${differing.join(', ')} differ${differing.length === 1 ? 's' : ''} from what its event log records`,
      };
    }
  }
  return { id: input.id, intact: firstBreak === null, events: events.length, headHash: prevHash, firstBreak };
}
