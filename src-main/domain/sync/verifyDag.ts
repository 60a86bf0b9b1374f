import type { ChainBreak, Verdict } from '../../contract';
import { eventHash, genesisHash, type ChainedEvent } from '../incidents/eventChain';
import { Ancestry } from './conflicts';
import { hashEvent, signatureValid, type EventV2 } from './eventV2';
import { witnessDigest, type Witness } from './witness';

/** One held event as the verifier reads it: every column, parsed as far as it parses. */
export interface DagNode {
  hash: string;
  sig: string | null;
  /** This replica's arrival number: only to name an event the way the timeline numbers it. */
  seq: number;
  formatVersion: number;
  type: string;
  /** A v2 body, or null for a v1 row or one that does not parse. */
  event: EventV2 | null;
  /** A v1 row's hashed fields and link, or null. */
  v1: (ChainedEvent & { prevHash: string }) | null;
  /** The stored parents and Lamport number (v1 rows hold them too since the v2 migration). */
  parents: string[];
  lamport: number;
  /** True for an event received before its parents, still waiting for them. */
  pending?: boolean;
}

export interface DagVerification {
  verdict: Verdict;
  /** Every offending event in projection order; the first is the verdict's reason. */
  problems: ChainBreak[];
  missing: string[];
  heads: string[];
  unsigned: number;
  warnings: string[];
}

/** Wall clocks are advisory: a time this far behind a parent's is only warned about. */
export const allowedSkewMs = 5 * 60_000;

const declaredType = 'incident.declared';
const memberAddedType = 'member.added';

/**
 * Checks a replica's events of one incident (docs/event-format.md): per-event integrity and
 * signature, membership, closure, one root, Lamport numbers, per-device chains and equivocation,
 * identity, and the witnesses and seal that anchor the newest events. A parent missing from an
 * applied event was removed (the store applies an event only once its parents are held); a parent
 * missing from a pending event has not arrived yet, which is `incomplete`, not tampering.
 */
export function verifyDag(input: { incidentId: string; nodes: readonly DagNode[]; witnesses?: readonly Witness[]; localActorKey?: string | null; seal?: string }): DagVerification {
  const { incidentId, nodes } = input;
  const problems: ChainBreak[] = [];
  const warnings: string[] = [];
  const missing = new Set<string>();
  let unsigned = 0;
  const byHash = new Map<string, DagNode>();
  const flagged = new Set<string>();
  // One reason per event: the first found, which the checks below order from the most specific.
  const flag = (node: DagNode, reason: ChainBreak['reason'], message: string) => {
    if (flagged.has(node.hash)) return;
    flagged.add(node.hash);
    problems.push({ seq: node.seq, type: node.type, hash: node.hash, reason, message });
  };
  const named = (node: DagNode) => `event ${node.hash.slice(0, 12)}… (#${node.seq} ${node.type})`;

  for (const node of nodes) byHash.set(node.hash, node);
  const applied = nodes.filter((node) => !node.pending);

  // The v1 prefix keeps its own numbering: a gap there is a removed event, named as v1 verification named it.
  const v1Nodes = applied.filter((node) => node.v1).sort((a, b) => a.v1!.seq - b.v1!.seq);
  v1Nodes.forEach((node, index) => {
    if (node.v1!.seq !== index + 1) flag(node, 'sequence-gap', `event ${index + 1} is missing: the next stored event is #${node.v1!.seq}`);
  });

  // 1. Integrity, signature, incident.
  for (const node of nodes) {
    if (node.event) {
      const event = node.event;
      if (hashEvent(event) !== node.hash) flag(node, 'hash-mismatch', `${named(node)} was altered after it was recorded: its content no longer matches its hash`);
      else if (node.sig === null) {
        if (input.localActorKey && event.actor_key === input.localActorKey && !node.pending) unsigned++;
        else flag(node, 'bad-signature', `${named(node)} carries no signature, and it is not this laptop's own event waiting for its key`);
      } else if (!signatureValid(node.hash, node.sig, event.actor_key)) flag(node, 'bad-signature', `${named(node)}: its signature does not verify with the key it names (${event.actor_key.slice(0, 12)}…)`);
      if (event.incident !== incidentId) flag(node, 'wrong-incident', `${named(node)} belongs to incident ${event.incident}, not ${incidentId}`);
      if (JSON.stringify([...new Set(event.parents)].sort()) !== JSON.stringify(event.parents) || JSON.stringify(event.parents) !== JSON.stringify(node.parents) || event.lamport !== node.lamport)
        flag(node, 'hash-mismatch', `${named(node)}: its stored parents or Lamport number differ from what it signed, or its parents are not sorted and distinct`);
    } else if (node.v1) {
      const { prevHash, ...chained } = node.v1;
      const expectedParents = prevHash === genesisHash ? [] : [prevHash];
      if (JSON.stringify(node.parents) !== JSON.stringify(expectedParents) || node.lamport !== chained.seq)
        flag(node, 'prev-hash-mismatch', `${named(node)} does not link to the event before it`);
      else if (chained.incidentId !== incidentId) flag(node, 'wrong-incident', `${named(node)} belongs to incident ${chained.incidentId}, not ${incidentId}`);
      else if (node.formatVersion !== 1 || eventHash(prevHash, chained) !== node.hash) flag(node, 'hash-mismatch', `${named(node)} was altered after it was recorded: its content no longer matches its hash`);
    } else flag(node, 'unreadable-payload', `${named(node)} has a payload or body that is not JSON`);
  }

  // 2. Closure: parents and actor_prev held. 3. One root, and it declares this incident.
  for (const node of nodes) {
    const wanted = [...node.parents, ...(node.event?.actor_prev ? [node.event.actor_prev] : [])];
    for (const parent of wanted) {
      if (byHash.has(parent) && !byHash.get(parent)!.pending) continue;
      if (node.pending) missing.add(parent);
      else flag(node, 'prev-hash-mismatch', `${named(node)} names ${parent.slice(0, 12)}…, which this replica applied before it and no longer holds: an event was removed`);
    }
  }
  const roots = applied.filter((node) => node.parents.length === 0);
  if (applied.length > 0 && roots.length === 0) flag(applied[0]!, 'root', 'the incident has no first event; exactly one incident.declared may have no parents');
  else if (roots.length > 1) {
    // The true first event is the one the rest of the history builds on; the others are the intruders.
    const referenced = new Set(applied.flatMap((node) => node.parents));
    const kept = roots.find((root) => referenced.has(root.hash)) ?? roots[0]!;
    for (const root of roots.filter((candidate) => candidate !== kept)) flag(root, 'root', `${named(root)} is a second first event of the incident (${roots.length} in all); exactly one incident.declared may have no parents`);
  } else if (roots[0] && roots[0].type !== declaredType) flag(roots[0], 'root', `${named(roots[0])} has no parents but does not declare the incident`);
  // Replaying a later incident.declared would rewrite the whole incident (title, severity, declared time).
  for (const node of applied) if (node.parents.length > 0 && node.type === declaredType) flag(node, 'root', `${named(node)} declares the incident again after its first event; only the first event may declare it`);
  for (const node of applied) {
    if (node.v1 && node.parents.some((parent) => byHash.get(parent)?.event)) flag(node, 'prev-hash-mismatch', `${named(node)} is a v1 event after a v2 one: v1 events may only form the start of the history`);
  }

  // Kahn's algorithm over the applied events: all must be consumed (hashes make cycles infeasible; checked anyway).
  const indegree = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const node of applied) {
    const heldParents = node.parents.filter((parent) => byHash.has(parent) && !byHash.get(parent)!.pending);
    indegree.set(node.hash, heldParents.length);
    for (const parent of heldParents) children.set(parent, [...(children.get(parent) ?? []), node.hash]);
  }
  const queue = applied.filter((node) => indegree.get(node.hash) === 0).map((node) => node.hash);
  let consumed = 0;
  // The causal position of each event: a tampered Lamport number cannot put an event's children before it.
  const causalOrder = new Map<string, number>();
  while (queue.length > 0) {
    const next = queue.pop()!;
    causalOrder.set(next, consumed++);
    for (const child of children.get(next) ?? []) {
      const left = indegree.get(child)! - 1;
      indegree.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  if (consumed < applied.length) {
    const stuck = applied.find((node) => indegree.get(node.hash)! > 0)!;
    flag(stuck, 'cycle', `${named(stuck)} is part of a cycle of parent links`);
  }

  // 4. Lamport numbers, and wall clocks only warned about.
  for (const node of applied) {
    const parents = node.parents.map((parent) => byHash.get(parent)).filter((parent): parent is DagNode => parent !== undefined);
    if (parents.length !== node.parents.length) continue;
    const expected = node.parents.length === 0 ? 1 : 1 + Math.max(...parents.map((parent) => parent.lamport));
    if (node.lamport !== expected) flag(node, 'lamport', `${named(node)} has Lamport number ${node.lamport}; its parents make it ${expected}`);
    const time = Date.parse(node.event?.time ?? node.v1?.at ?? '');
    const latestParent = Math.max(...parents.map((parent) => Date.parse(parent.event?.time ?? parent.v1?.at ?? '')));
    if (parents.length > 0 && time < latestParent - allowedSkewMs) warnings.push(`${named(node)} was written at ${node.event?.time ?? node.v1?.at}, more than 5 minutes before its latest parent: its author's clock was behind`);
  }

  // 5. Per-device chains and equivocation. 6. One id, one hash.
  const ancestry = new Ancestry(applied);
  const bySlot = new Map<string, DagNode>();
  const byId = new Map<string, DagNode>();
  const maxSeq = new Map<string, number>();
  for (const node of nodes) {
    const event = node.event;
    if (!event) continue;
    const slot = `${event.actor_key} ${event.actor_seq}`;
    const other = bySlot.get(slot);
    if (other) {
      flag(other, 'equivocation', `equivocation: key ${event.actor_key.slice(0, 12)}… signed two events with actor_seq ${event.actor_seq}: ${other.hash.slice(0, 12)}… and ${node.hash.slice(0, 12)}…`);
      flag(node, 'equivocation', `equivocation: key ${event.actor_key.slice(0, 12)}… signed two events with actor_seq ${event.actor_seq}: ${other.hash.slice(0, 12)}… and ${node.hash.slice(0, 12)}…`);
    } else bySlot.set(slot, node);
    const twin = byId.get(event.id);
    if (twin) flag(node, 'id-reused', `event id ${event.id} has two hashes: ${twin.hash.slice(0, 12)}… and ${node.hash.slice(0, 12)}…`);
    else byId.set(event.id, node);
    maxSeq.set(event.actor_key, Math.max(maxSeq.get(event.actor_key) ?? 0, event.actor_seq));
    if (node.pending) continue;
    if (event.actor_prev === null) {
      if (event.actor_seq !== 1) flag(node, 'actor-chain', `${named(node)} is its device's event ${event.actor_seq} but names no previous event of that device`);
      continue;
    }
    const previous = byHash.get(event.actor_prev);
    if (!previous || previous.pending) continue;
    if (previous.event?.actor_key !== event.actor_key || previous.event.actor_seq !== event.actor_seq - 1)
      flag(node, 'actor-chain', `${named(node)} names as its device's previous event one that is not that device's event ${event.actor_seq - 1}`);
    else if (!ancestry.isAncestor(previous.hash, node.hash)) flag(node, 'actor-chain', `${named(node)} does not descend from its device's previous event`);
  }
  // Over the held events, never over the numbers between them: a signed actor_seq may be anything up to 2^53.
  for (const after of bySlot.values()) {
    const { actor_key: key, actor_seq: seq } = after.event!;
    if (seq > 1 && !after.pending && !bySlot.has(`${key} ${seq - 1}`)) flag(after, 'actor-chain', `device ${key.slice(0, 12)}…'s event ${seq - 1} is missing before ${named(after)}: it was removed`);
  }

  // 1b. Membership: the first event of each device must descend from the member.added that admits it.
  const founders = new Set(applied.filter((node) => node.event && node.parents.every((parent) => !byHash.get(parent)?.event)).map((node) => node.event!.actor_key));
  const admissions = applied.filter((node) => node.event?.type === memberAddedType);
  for (const node of applied) {
    const event = node.event;
    if (!event || event.actor_seq !== 1 || founders.has(event.actor_key)) continue;
    const admitted = admissions.some((admission) => admission.event!.payload.actorKey === event.actor_key && ancestry.isAncestor(admission.hash, node.hash));
    if (!admitted) flag(node, 'not-a-member', `${named(node)} is signed by key ${event.actor_key.slice(0, 12)}…, which no member.added before it admits to the incident`);
  }

  // 7. Witnesses and the seal: what was seen once must still be held.
  const heads = applied.filter((node) => !children.has(node.hash)).map((node) => node.hash).sort();
  for (const witness of input.witnesses ?? []) {
    if (witnessDigest({ incident: incidentId, heads: witness.heads, actorSeqs: witness.actorSeqs }) !== witness.digest || (witness.sig && witness.actorKey && !signatureValid(witness.digest, witness.sig, witness.actorKey))) {
      problems.push({ seq: 0, type: 'witness', reason: 'truncated', message: `the witness recorded at ${witness.recordedAt} (${witness.reason}) was altered: its digest or signature does not verify` });
      continue;
    }
    const lost = witness.heads.find((head) => !byHash.has(head));
    if (lost) problems.push({ seq: 0, type: 'witness', hash: lost, reason: 'truncated', message: `event ${lost.slice(0, 12)}…, a head when ${witness.reason} was witnessed at ${witness.recordedAt}, is no longer held: the newest events were removed` });
    for (const [key, seq] of Object.entries(witness.actorSeqs)) {
      if ((maxSeq.get(key) ?? 0) < seq)
        problems.push({ seq: 0, type: 'witness', reason: 'truncated', message: `device ${key.slice(0, 12)}… had written ${seq} events when ${witness.reason} was witnessed at ${witness.recordedAt}; ${maxSeq.get(key) ?? 0} are held: its newest events were removed` });
    }
  }
  if (input.seal && !byHash.has(input.seal)) problems.push({ seq: 0, type: 'seal', hash: input.seal, reason: 'truncated', message: `the seal ${input.seal.slice(0, 12)}… printed in a report is not among this incident's events: events were removed, or the seal belongs to another incident` });

  const order = new Map(applied.map((node, index) => [node.hash, causalOrder.get(node.hash) ?? applied.length + index]));
  problems.sort((a, b) => (order.get(a.hash ?? '') ?? Number.MAX_SAFE_INTEGER) - (order.get(b.hash ?? '') ?? Number.MAX_SAFE_INTEGER));
  const verdict: Verdict = problems.length > 0 ? 'tampered' : missing.size > 0 ? 'incomplete' : 'ok';
  return { verdict, problems, missing: [...missing].sort(), heads, unsigned, warnings };
}
