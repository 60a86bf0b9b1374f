import { AppError, type ChainBreak, type ParsedInput, type StateMismatch, type VerifyAllResult, type VerifyResult } from '../../contract';
import { eventHash, genesisHash, type ChainedEvent } from '../../domain/incidents/eventChain';
import { replayIncident, type IncidentState } from '../../domain/incidents/incidentState';
import { compareProjections, replayProjections, type ReplayEvent } from '../../domain/incidents/projectionReplay';
import { listRawEvents, type RawEvent } from '../../store/eventLog';
import { headsOf, syncIdentityOf } from '../../store/dagStore';
import { actorSeqsOf, dagNodes, listWitnesses } from '../../store/dagNodes';
import { verifyDag } from '../../domain/sync/verifyDag';
import { headsDigest, witnessDigest } from '../../domain/sync/witness';
import { findIncident } from '../../store/incidentRepo';
import { allReferencedIncidentIds, hasIncidentRows, readProjections } from '../../store/projectionRows';
import { readTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { splitHeldElsewhere } from './heldElsewhere';

const replayedFields: (keyof IncidentState)[] = [
  'kind', 'title', 'scenario', 'schemeId', 'severity', 'responseMinutes', 'commander', 'detectionSource', 'description', 'status', 'declaredAt', 'respondedAt',
  'playbookId', 'currentPhase', 'acknowledgedAt', 'containedAt', 'recoveredAt', 'resolvedAt',
];

/** Recomputes every hash from the stored columns, checks each link and the sequence; the first break stops the walk. Also checks an imported bundle's events. */
export function walkChain(events: readonly RawEvent[]): { replayable: ReplayEvent[]; headHash: string; firstBreak: ChainBreak | null } {
  let prevHash = genesisHash;
  const replayable: ReplayEvent[] = [];
  for (const [index, raw] of events.entries()) {
    const brokenAt = (reason: ChainBreak['reason'], message: string) => ({ replayable, headHash: prevHash, firstBreak: { seq: raw.seq, type: raw.type, reason, message } });
    if (raw.seq !== index + 1) return brokenAt('sequence-gap', `event ${index + 1} is missing: the next stored event is #${raw.seq}`);
    if (raw.prevHash !== prevHash) return brokenAt('prev-hash-mismatch', `event #${raw.seq} (${raw.type}) does not link to the event before it`);
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(raw.payloadJson) as Record<string, unknown>;
    } catch {
      return brokenAt('unreadable-payload', `event #${raw.seq} (${raw.type}) has a payload that is not JSON`);
    }
    const { id: _id, prevHash: _prev, hash: _hash, payloadJson: _json, ...fields } = raw;
    const chained: ChainedEvent = { ...fields, payload };
    if (eventHash(prevHash, chained) !== raw.hash) {
      return brokenAt('hash-mismatch', `event #${raw.seq} (${raw.type}) at ${raw.at} was altered after it was recorded: its content no longer matches its hash`);
    }
    replayable.push({ type: raw.type, at: raw.at, actor: raw.actor, payload });
    prevHash = raw.hash;
  }
  return { replayable, headHash: prevHash, firstBreak: null };
}

function incidentRowMismatch(id: string, stored: IncidentState, events: readonly ReplayEvent[]): StateMismatch | null {
  const replayed = replayIncident(id, events);
  const differing = replayed ? replayedFields.filter((field) => replayed[field] !== stored[field]) : ['declaration'];
  const impactKeys = ['confidentiality', 'integrity', 'availability'] as const;
  if (replayed && impactKeys.some((key) => replayed.impact?.[key] !== stored.impact[key])) differing.push('impact');
  if (differing.length === 0) return null;
  return { record: 'incident', key: id, message: `the incident's stored ${differing.join(', ')} differ${differing.length === 1 ? 's' : ''} from what its event log records` };
}

/** The DAG check of the held events (v1 prefix and v2 nodes), with the witnesses and an optional report seal. */
function checkDag(ctx: ServiceContext, id: string, seal?: string) {
  const witnesses = listWitnesses(ctx.db, id);
  // A report's seal is the digest of a witness recorded here (checked with all the others), or of
  // exactly what is held now (another laptop with the same events); else it must name a held event.
  const sealWitnessed = seal !== undefined && (witnesses.some((witness) => witness.digest === seal) || seal === currentDigest(ctx, id));
  const dag = verifyDag({ incidentId: id, nodes: dagNodes(ctx.db, id), witnesses, localActorKey: syncIdentityOf(ctx.db)?.actorKey ?? null, seal: sealWitnessed ? undefined : seal });
  for (const problem of dag.problems) {
    if (problem.type === 'seal') {
      problem.message = `the seal ${seal!.slice(0, 12)}… printed in a report names no witness recorded in this data dir, nor its events as they are now, nor an event it holds: the events it sealed (or the record of the seal) were removed, or the report was sealed on another laptop (verify it there) or for another incident`;
    }
  }
  return dag;
}

const currentDigest = (ctx: ServiceContext, id: string) => witnessDigest({ incident: id, heads: headsOf(ctx.db, id), actorSeqs: actorSeqsOf(ctx.db, id) });

/** What replay reads of an event: v1 and v2 rows alike, in projection order. */
function replayableOf(events: readonly RawEvent[]): ReplayEvent[] | null {
  const out: ReplayEvent[] = [];
  for (const raw of events) {
    try {
      out.push({ type: raw.type, at: raw.at, actor: raw.actor, payload: JSON.parse(raw.payloadJson) as Record<string, unknown> });
    } catch {
      return null;
    }
  }
  return out;
}

export function verifyOne(ctx: ServiceContext, id: string, seal?: string): VerifyResult {
  const stored = findIncident(ctx.db, id);
  const events = listRawEvents(ctx.db, id);
  if (!stored && events.length === 0 && !hasIncidentRows(ctx.db, id)) throw new AppError('not-found', `no incident ${id} in ${ctx.dataDir}`);

  const dag = checkDag(ctx, id, seal);
  const chainBreak = dag.problems[0] ?? null;
  const replayable = chainBreak ? null : replayableOf(events);
  const last = events.at(-1);
  let firstBreak: ChainBreak | null = chainBreak;
  const mismatches: StateMismatch[] = [];
  const heldElsewhere: string[] = [];
  // A broken history cannot be replayed: what it would say is exactly what is in doubt.
  if (replayable) {
    const incidentMismatch = stored ? incidentRowMismatch(id, stored, replayable) : null;
    if (incidentMismatch) mismatches.push(incidentMismatch);
    const differences = compareProjections(replayProjections(replayable), readProjections(ctx.db, id)).map((difference) => ({ record: difference.kind, key: difference.key, message: difference.message }));
    // Rows another laptop made reach this one only in a bundle: said, not called tampering.
    const { real, elsewhere } = splitHeldElsewhere(ctx.db, id, syncIdentityOf(ctx.db)?.actorKey ?? null, differences);
    mismatches.push(...real);
    heldElsewhere.push(...elsewhere);
  }
  if (!stored && !firstBreak) {
    const what = events.length > 0 ? `its ${events.length} event(s)` : 'rows in other tables';
    firstBreak = {
      seq: last?.seq ?? 0,
      type: last?.type ?? '',
      reason: 'orphaned-events',
      message: `the incident row of ${id} is gone but ${what} remain: it was deleted outside Firebreak. Restore the database from a backup, or export what remains as evidence.`,
    };
  }
  if (!firstBreak && mismatches.length > 0) {
    const more = mismatches.length > 1 ? ` (and ${mismatches.length - 1} more difference(s))` : '';
    firstBreak = { seq: last?.seq ?? 0, type: last?.type ?? '', reason: 'state-mismatch', message: `${mismatches[0]!.message}${more}` };
  }
  const verdict = firstBreak ? 'tampered' : dag.verdict;
  return {
    id,
    verdict,
    intact: firstBreak === null,
    events: events.length,
    headHash: dag.heads.length === 1 ? dag.heads[0]! : headsDigest(dag.heads),
    heads: dag.heads,
    missing: dag.missing,
    unsigned: dag.unsigned,
    warnings: [...dag.warnings, ...heldElsewhere],
    firstBreak,
    orphaned: !stored,
    mismatches,
  };
}

/**
 * Walks the incident's hash chain, then replays the events against the incident row and every
 * table they describe (checklist, notes, scans, findings, evidence, custody, quarantine,
 * reminders). Events or rows whose incident row is gone are reported as orphaned.
 */
export function verifyIncident(ctx: ServiceContext, input: ParsedInput<'incident.verify'>): VerifyResult {
  return readTransaction(ctx.db, () => verifyOne(ctx, input.id, input.seal));
}

/** Every incident any table names, live or orphaned, verified one by one in a single read snapshot. */
export function verifyAll(ctx: ServiceContext, _input: ParsedInput<'verify.all'>): VerifyAllResult {
  const incidents = readTransaction(ctx.db, () => allReferencedIncidentIds(ctx.db).map((id) => verifyOne(ctx, id)));
  const broken = incidents.filter((result) => !result.intact).length;
  return { intact: broken === 0, checked: incidents.length, broken, orphaned: incidents.filter((result) => result.orphaned).length, incidents };
}
