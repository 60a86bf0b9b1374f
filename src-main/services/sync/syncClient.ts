import type { Database } from 'better-sqlite3';
import type { SignedEvent } from '../../domain/sync/eventV2';
import type { DagRow, SyncIdentity } from '../../store/dagStore';
import { recordWitness } from '../../store/dagNodes';
import { writeTransaction } from '../../store/transaction';
import { importEventSet, signedEventOfRow, type ImportOutcome } from './eventSet';
import { defaultPullLimit, type PullResult, type PushResult, type SyncTransport } from './transport';

export const defaultPushLimit = 1000;

/** A batch of the outbox: the events to push, and the events.id the hub has acknowledged through once it takes them all. */
export interface OutboxBatch {
  events: SignedEvent[];
  through: number;
}

interface SyncStateRow {
  pull_cursor: number;
  pushed_through: number;
}

/**
 * One laptop's side of a hub. The outbox is kept in SQLite: every event above `pushed_through`
 * the hub is not known to hold. A batch is acknowledged as a whole or not at all, so a lost reply
 * only means the batch is pushed again (the hub keeps one copy per hash). Pulled events are
 * applied with `receiveEvent`, and the cursor moves in the same transaction, so a crash replays
 * at most one batch. Time comes from the caller (`now`), never from the system clock here.
 */
export class SyncClient {
  constructor(
    private readonly db: Database,
    private readonly hub: string,
    private readonly now: () => string,
    private readonly identity: () => SyncIdentity | null,
  ) {}

  state(): SyncStateRow {
    return this.db.prepare<[string], SyncStateRow>('SELECT pull_cursor, pushed_through FROM sync_state WHERE hub = ?').get(this.hub) ?? { pull_cursor: 0, pushed_through: 0 };
  }

  private save(state: SyncStateRow): void {
    this.db
      .prepare('INSERT INTO sync_state (hub, pull_cursor, pushed_through) VALUES (?, ?, ?) ON CONFLICT (hub) DO UPDATE SET pull_cursor = excluded.pull_cursor, pushed_through = excluded.pushed_through')
      .run(this.hub, state.pull_cursor, state.pushed_through);
  }

  /**
   * The next events to push, oldest first. v1 rows and drills never travel; an unsigned v2 event (written
   * while the vault was locked) stops the batch until it is signed, so nothing is skipped for good.
   */
  outbox(limit = defaultPushLimit): OutboxBatch {
    const { pushed_through: from } = this.state();
    const rows = this.db
      .prepare<[string, number, number], DagRow & { id: number; held: number; drill: number }>(
        `SELECT e.*, EXISTS (SELECT 1 FROM sync_held_by_hub h WHERE h.hub = ? AND h.hash = e.hash) AS held,
           EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.incident_id AND i.kind = 'drill') AS drill
         FROM events e WHERE e.id > ? ORDER BY e.id LIMIT ?`,
      )
      .all(this.hub, from, limit);
    const events: SignedEvent[] = [];
    let through = from;
    for (const row of rows) {
      // A drill's events never travel, so they are passed over for good.
      if (row.drill) {
        through = row.id;
        continue;
      }
      if (row.format_version === 2 && row.sig === null) break;
      through = row.id;
      if (row.held) continue;
      const signed = signedEventOfRow(row);
      if (signed) events.push(signed);
    }
    return { events, through };
  }

  /** The hub's reply to a batch: the outbox shrinks only when every event of it was taken. */
  acknowledge(batch: OutboxBatch, result: PushResult): boolean {
    const taken = new Set(result.acknowledged);
    if (!batch.events.every((signed) => taken.has(signed.hash))) return false;
    writeTransaction(this.db, () => {
      const state = this.state();
      if (batch.through > state.pushed_through) this.save({ ...state, pushed_through: batch.through });
    });
    return true;
  }

  /**
   * Applies a pulled page (`from` is the cursor it was asked with), moves the cursor, and records a
   * witness of what each touched incident holds now, so a later truncation is caught.
   */
  applyPulled(from: number, page: PullResult): ImportOutcome {
    return writeTransaction(this.db, () => {
      const at = this.now();
      const outcome = importEventSet(this.db, page.events, at);
      const held = this.db.prepare('INSERT OR IGNORE INTO sync_held_by_hub (hub, hash) VALUES (?, ?)');
      for (const signed of page.events) held.run(this.hub, signed.hash);
      const state = this.state();
      // Replies can arrive late and out of order: the cursor only moves forward, and a page always starts at or before it.
      if (from <= state.pull_cursor && page.cursor > state.pull_cursor) this.save({ ...state, pull_cursor: page.cursor });
      const incidents = new Set(page.events.map((signed) => signed.event.incident).filter((incident) => this.db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(incident) !== undefined));
      for (const incident of [...incidents].sort()) recordWitness(this.db, incident, 'sync', at, this.identity());
      return outcome;
    });
  }

  /** One full exchange with a hub: push the outbox until empty, then pull until caught up. */
  async sync(transport: SyncTransport, limits: { push?: number; pull?: number } = {}): Promise<{ pushed: number; pulled: number; refused: { hash: string; reason: string }[] }> {
    let pushed = 0;
    let pulled = 0;
    const refused: { hash: string; reason: string }[] = [];
    for (;;) {
      const batch = this.outbox(limits.push);
      if (batch.through === this.state().pushed_through) break;
      const result = await transport.push(batch.events);
      refused.push(...result.refused);
      if (!this.acknowledge(batch, result)) break;
      pushed += batch.events.length;
    }
    for (;;) {
      const from = this.state().pull_cursor;
      const page = await transport.pull(from, limits.pull ?? defaultPullLimit);
      if (page.events.length === 0) break;
      const outcome = this.applyPulled(from, page);
      refused.push(...outcome.refused);
      pulled += page.events.length;
    }
    return { pushed, pulled, refused };
  }
}
