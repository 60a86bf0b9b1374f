import type { Database } from 'better-sqlite3';
import { AppError } from '../../contract';
import { replayIncident } from '../../domain/incidents/incidentState';
import type { EventV2, SignedEvent } from '../../domain/sync/eventV2';
import { eventOfRow, receiveEvent, type DagRow } from '../../store/dagStore';
import { incidentExists, insertIncident } from '../../store/incidentRepo';
import { writeTransaction } from '../../store/transaction';

/** A stored v2 row as it travels; null for a v1 row, which no transport carries. */
export function signedEventOfRow(row: DagRow): SignedEvent | null {
  const event = eventOfRow(row);
  return event ? { hash: row.hash, sig: row.sig, event } : null;
}

/** The incident row an incident's events refer to, made from its genesis when this laptop first hears of it. */
export function ensureIncidentRow(db: Database, genesis: EventV2): void {
  if (incidentExists(db, genesis.incident)) return;
  const state = replayIncident(genesis.incident, [{ type: genesis.type, at: genesis.time, payload: genesis.payload }]);
  if (!state) throw new AppError('invalid-input', `the first event of incident ${genesis.incident} is a ${genesis.type}, not an incident.declared: it cannot start an incident`);
  insertIncident(db, state);
}

/** Every signed event this laptop holds of the incident (applied ones only), in projection order. */
export function exportEventSet(db: Database, incidentId: string): SignedEvent[] {
  return db
    .prepare<[string], DagRow>('SELECT * FROM events WHERE incident_id = ? AND format_version = 2 AND sig IS NOT NULL ORDER BY lamport, hash')
    .all(incidentId)
    .map(signedEventOfRow)
    .filter((signed): signed is SignedEvent => signed !== null);
}

export interface ImportOutcome {
  /** Hashes applied, in the order they were (events released from waiting included). */
  applied: string[];
  duplicates: number;
  /** Received before their parents: kept until those arrive. */
  pending: number;
  refused: { hash: string; reason: string }[];
}

/**
 * Merges a set of events into this laptop's store: set union, in one transaction, in any order
 * and as often as it is handed over. What is already held is skipped; what arrives before its
 * parents waits for them; what fails the checks at the door is refused and listed.
 */
export function importEventSet(db: Database, events: readonly SignedEvent[], receivedAt: string): ImportOutcome {
  return writeTransaction(db, () => {
    const outcome: ImportOutcome = { applied: [], duplicates: 0, pending: 0, refused: [] };
    const options = { receivedAt, ensureIncident: (genesis: EventV2) => ensureIncidentRow(db, genesis) };
    for (const signed of events) {
      let result: ReturnType<typeof receiveEvent>;
      try {
        // A savepoint per event: one that throws (too deeply nested to hash, say) is refused on its
        // own and leaves no half-written rows, and the rest of the set still goes in.
        result = writeTransaction(db, () => receiveEvent(db, signed, options));
      } catch (error) {
        // The laptop's own trouble (a full disk, say) is not the event's: nothing is refused then.
        const code = (error as { code?: unknown }).code;
        if (error instanceof AppError ? code !== 'invalid-input' : typeof code === 'string' && code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT')) throw error;
        result = { status: 'refused', reason: `event ${String(signed.hash).slice(0, 12)}… cannot be read: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (result.status === 'inserted') outcome.applied.push(...result.applied);
      else if (result.status === 'duplicate') outcome.duplicates++;
      else if (result.status === 'pending') outcome.pending++;
      else outcome.refused.push({ hash: signed.hash, reason: result.reason });
    }
    return outcome;
  });
}
