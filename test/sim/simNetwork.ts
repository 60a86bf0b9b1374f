import type { Rng } from './rng';

export const hubName = 'hub';

export interface Envelope<T> {
  id: number;
  from: string;
  to: string;
  sentAt: number;
  deliverAt: number;
  body: T;
}

export interface NetworkFaults {
  drop: number;
  duplicate: number;
  maxDelayMs: number;
}

/**
 * A seeded, lossy network between the responders and the hub, on the simulation's virtual clock:
 * messages are dropped, duplicated and delayed (which reorders them); a partition splits the
 * endpoints into groups that cannot reach each other; an offline endpoint sends and receives nothing.
 */
export class SimNetwork<T> {
  private queue: Envelope<T>[] = [];
  private nextId = 1;
  private groups: string[][] | null = null;
  private readonly offlineUntil = new Map<string, number>();
  stats = { sent: 0, dropped: 0, duplicated: 0, delivered: 0, cut: 0 };

  constructor(
    private readonly rng: Rng,
    public faults: NetworkFaults,
  ) {}

  setPartition(groups: string[][] | null): void {
    this.groups = groups;
  }

  get partition(): string[][] | null {
    return this.groups;
  }

  goOffline(endpoint: string, until: number): void {
    this.offlineUntil.set(endpoint, Math.max(until, this.offlineUntil.get(endpoint) ?? 0));
  }

  isOnline(endpoint: string, now: number): boolean {
    return (this.offlineUntil.get(endpoint) ?? 0) <= now;
  }

  canReach(a: string, b: string, now: number): boolean {
    if (!this.isOnline(a, now) || !this.isOnline(b, now)) return false;
    if (!this.groups) return true;
    return this.groups.some((group) => group.includes(a) && group.includes(b));
  }

  send(from: string, to: string, body: T, now: number): void {
    this.stats.sent++;
    if (!this.canReach(from, to, now) || this.rng.chance(this.faults.drop)) {
      this.stats.dropped++;
      return;
    }
    const copies = this.rng.chance(this.faults.duplicate) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) this.queue.push({ id: this.nextId++, from, to, sentAt: now, deliverAt: now + this.rng.int(0, this.faults.maxDelayMs), body });
  }

  /** Every message due by `now`, in a shuffled order; those whose path is cut meanwhile are lost. */
  takeDue(now: number): Envelope<T>[] {
    const due = this.queue.filter((message) => message.deliverAt <= now);
    if (due.length === 0) return [];
    this.queue = this.queue.filter((message) => message.deliverAt > now);
    const out: Envelope<T>[] = [];
    for (const message of this.rng.shuffle(due)) {
      if (!this.canReach(message.from, message.to, now)) {
        this.stats.cut++;
        continue;
      }
      this.stats.delivered++;
      out.push(message);
    }
    return out;
  }

  /** Everything heals: no partition, nobody offline, no more losses. */
  heal(): void {
    this.groups = null;
    this.offlineUntil.clear();
    this.faults = { drop: 0, duplicate: this.faults.duplicate, maxDelayMs: this.faults.maxDelayMs };
  }

  get inFlight(): number {
    return this.queue.length;
  }
}
