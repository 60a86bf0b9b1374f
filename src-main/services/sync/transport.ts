import { hashEvent, type SignedEvent } from '../../domain/sync/eventV2';

/** What a hub says about a pushed batch: every hash it now holds (new or already held), and what it refused. */
export interface PushResult {
  acknowledged: string[];
  refused: { hash: string; reason: string }[];
}

/** Events after a cursor, in the hub's arrival order, and the cursor to ask from next time. */
export interface PullResult {
  events: SignedEvent[];
  cursor: number;
}

/**
 * How events travel between a laptop and a hub. Pushing is idempotent (the hub keeps one copy per
 * hash) and at-least-once delivery is enough: merging is set union. The cursor is the hub's own
 * arrival number; it never orders an incident (the DAG does).
 */
export interface SyncTransport {
  push(events: readonly SignedEvent[]): Promise<PushResult>;
  pull(cursor: number, limit?: number): Promise<PullResult>;
  /** Which hub answers, and its last cursor number: lets a laptop notice a hub rebuilt or restored from a backup. */
  identity?(): Promise<HubIdentity>;
}

export interface HubIdentity {
  hubId: string | null;
  head: number;
}

export const defaultPullLimit = 1000;

/**
 * A hub held in memory, with the rules of the PostgreSQL hub: one copy per hash, the content must
 * match its hash, and one id or one (incident, device key, device sequence) never gets a second hash.
 * It does not check signatures (nor does the PostgreSQL hub): every replica does when it receives.
 */
export class InMemoryHub implements SyncTransport {
  private readonly log: SignedEvent[] = [];
  private readonly byHash = new Set<string>();
  private readonly byId = new Map<string, string>();
  private readonly bySlot = new Map<string, string>();

  /** The synchronous core of push, for callers that model the network themselves. */
  accept(events: readonly SignedEvent[]): PushResult {
    const result: PushResult = { acknowledged: [], refused: [] };
    for (const signed of events) {
      const { hash, event } = signed;
      // Checked before the copy already held, as the PostgreSQL hub's CHECK (sha256(body) = hash) is.
      if (hashEvent(event) !== hash) {
        result.refused.push({ hash, reason: `event ${hash.slice(0, 12)}… does not match its hash` });
        continue;
      }
      if (this.byHash.has(hash)) {
        result.acknowledged.push(hash);
        continue;
      }
      const slot = `${event.incident} ${event.actor_key} ${event.actor_seq}`;
      const sameId = this.byId.get(event.id);
      const sameSlot = this.bySlot.get(slot);
      if (sameId !== undefined) {
        result.refused.push({ hash, reason: `event id ${event.id} is already held with hash ${sameId.slice(0, 12)}…` });
        continue;
      }
      if (sameSlot !== undefined) {
        result.refused.push({ hash, reason: `equivocation: device ${event.actor_key.slice(0, 12)}… already has event ${event.actor_seq} (${sameSlot.slice(0, 12)}…)` });
        continue;
      }
      // A copy: the hub never shares an object with a replica that might change it.
      this.log.push(structuredClone(signed));
      this.byHash.add(hash);
      this.byId.set(event.id, hash);
      this.bySlot.set(slot, hash);
      result.acknowledged.push(hash);
    }
    return result;
  }

  /** The synchronous core of pull. */
  read(cursor: number, limit = defaultPullLimit): PullResult {
    const from = Math.max(0, Math.floor(cursor));
    const events = this.log.slice(from, from + limit).map((signed) => structuredClone(signed));
    return { events, cursor: from + events.length };
  }

  async push(events: readonly SignedEvent[]): Promise<PushResult> {
    return this.accept(events);
  }

  async pull(cursor: number, limit = defaultPullLimit): Promise<PullResult> {
    return this.read(cursor, limit);
  }

  /** Every hash held, in arrival order. */
  hashes(): string[] {
    return this.log.map((signed) => signed.hash);
  }

  get size(): number {
    return this.log.length;
  }
}
