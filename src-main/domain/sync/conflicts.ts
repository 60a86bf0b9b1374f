import type { ConflictingWrite, FieldConflict } from '../../contract';

/** What conflict detection needs of an event, in projection order. */
export interface OrderedEvent {
  hash: string;
  parents: readonly string[];
  lamport: number;
  type: string;
  actor: string;
  time: string;
  payload: Record<string, unknown>;
}

/** The single-valued fields and the event types that write them (their payload's `to`). */
const singleValued: Record<string, FieldConflict['field']> = {
  'incident.severityChanged': 'severity',
  'incident.statusChanged': 'status',
  'incident.commanderChanged': 'commander',
};
export const singleValuedTypes: ReadonlySet<string> = new Set(Object.keys(singleValued));

/** Ancestor test over the held events, walking parents back from `of` no further than the candidate's Lamport number. */
export class Ancestry {
  private readonly byHash = new Map<string, { parents: readonly string[]; lamport: number }>();

  constructor(events: Iterable<{ hash: string; parents: readonly string[]; lamport: number }>) {
    for (const event of events) this.byHash.set(event.hash, event);
  }

  isAncestor(candidate: string, of: string): boolean {
    const floor = this.byHash.get(candidate)?.lamport;
    if (floor === undefined) return false;
    const seen = new Set<string>();
    const stack = [...(this.byHash.get(of)?.parents ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === candidate) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      const node = this.byHash.get(next);
      // Lamport numbers grow along every parent edge: nothing below the candidate's can lead to it.
      if (!node || node.lamport <= floor) continue;
      for (const parent of node.parents) if (!seen.has(parent)) stack.push(parent);
    }
    return false;
  }
}

function writeOf(event: OrderedEvent): ConflictingWrite {
  return { value: String(event.payload.to), hash: event.hash, actor: event.actor, at: event.time };
}

/**
 * The unsettled conflicts of single-valued fields. For each field, the frontier is the set of
 * writes no later write has seen; a write removes from it every write it descends from. Two or
 * more writes left on the frontier are concurrent: the last in projection order wins (what the
 * replay applies), and the conflict stays until a write that descends from all of them.
 */
export function fieldConflicts(ordered: readonly OrderedEvent[]): FieldConflict[] {
  const ancestry = new Ancestry(ordered);
  const frontiers = new Map<FieldConflict['field'], OrderedEvent[]>();
  for (const event of ordered) {
    const field = singleValued[event.type];
    if (!field) continue;
    const frontier = (frontiers.get(field) ?? []).filter((write) => !ancestry.isAncestor(write.hash, event.hash));
    frontier.push(event);
    frontiers.set(field, frontier);
  }
  const conflicts: FieldConflict[] = [];
  for (const field of ['severity', 'status', 'commander'] as const) {
    const frontier = frontiers.get(field) ?? [];
    // Two responders who set the same value at once agree: nothing to settle.
    if (frontier.length < 2 || new Set(frontier.map((write) => String(write.payload.to))).size < 2) continue;
    conflicts.push({ field, winner: writeOf(frontier.at(-1)!), writes: frontier.map(writeOf) });
  }
  return conflicts;
}
