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

interface Written {
  field: FieldConflict['field'];
  /** Which role or step; empty for the incident's own fields. */
  key: string;
  value: string;
}

/**
 * The single-valued fields and the event types that write them: the incident's severity, status
 * and commander (their payload's `to`), each role (`name`) and each step's assignee (`assignee`).
 */
const singleValued: Record<string, (payload: Record<string, unknown>) => Written> = {
  'incident.severityChanged': (payload) => ({ field: 'severity', key: '', value: String(payload.to) }),
  'incident.statusChanged': (payload) => ({ field: 'status', key: '', value: String(payload.to) }),
  'incident.commanderChanged': (payload) => ({ field: 'commander', key: '', value: String(payload.to) }),
  'incident.roleChanged': (payload) => ({ field: 'role', key: String(payload.role), value: String(payload.name ?? '') }),
  'checklist.stepAssigned': (payload) => ({ field: 'assignee', key: String(payload.stepId), value: String(payload.assignee ?? '') }),
};
export const singleValuedTypes: ReadonlySet<string> = new Set(Object.keys(singleValued));

const fieldOrder: FieldConflict['field'][] = ['severity', 'status', 'commander', 'role', 'assignee'];

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

function written(event: OrderedEvent): Written {
  return singleValued[event.type]!(event.payload);
}

function writeOf(event: OrderedEvent): ConflictingWrite {
  return { value: written(event).value, hash: event.hash, actor: event.actor, at: event.time };
}

/**
 * The unsettled conflicts of single-valued fields. For each field, the frontier is the set of
 * writes no later write has seen; a write removes from it every write it descends from. Two or
 * more writes left on the frontier are concurrent: the last in projection order wins (what the
 * replay applies), and the conflict stays until a write that descends from all of them.
 */
export function fieldConflicts(ordered: readonly OrderedEvent[]): FieldConflict[] {
  const ancestry = new Ancestry(ordered);
  // One frontier per written thing: a role or a step is its own field, so two roles set apart never conflict.
  const frontiers = new Map<string, { field: FieldConflict['field']; key: string; writes: OrderedEvent[] }>();
  for (const event of ordered) {
    if (!singleValued[event.type]) continue;
    const { field, key } = written(event);
    const id = `${field} ${key}`;
    const current = frontiers.get(id) ?? { field, key, writes: [] };
    const writes = current.writes.filter((write) => !ancestry.isAncestor(write.hash, event.hash));
    writes.push(event);
    frontiers.set(id, { field, key, writes });
  }
  const conflicts: FieldConflict[] = [];
  for (const { field, key, writes } of frontiers.values()) {
    // Two responders who set the same value at once agree: nothing to settle.
    if (writes.length < 2 || new Set(writes.map((write) => written(write).value)).size < 2) continue;
    conflicts.push({ field, key, winner: writeOf(writes.at(-1)!), writes: writes.map(writeOf) });
  }
  return conflicts.sort((a, b) => fieldOrder.indexOf(a.field) - fieldOrder.indexOf(b.field) || a.key.localeCompare(b.key));
}
