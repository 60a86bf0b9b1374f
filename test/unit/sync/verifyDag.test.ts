import type { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actorKeyOf, hashEvent, signHash, type EventV2 } from '../../../src-main/domain/sync/eventV2';
import { verifyDag, type DagNode } from '../../../src-main/domain/sync/verifyDag';
import { witnessDigest, type Witness } from '../../../src-main/domain/sync/witness';
import { ed25519FromSeed } from '../../support/dagReplica';

const incidentId = 'INC-20261123-141502';
const alice = ed25519FromSeed(Buffer.alloc(32, 1));
const bob = ed25519FromSeed(Buffer.alloc(32, 2));
const mallory = ed25519FromSeed(Buffer.alloc(32, 3));

/** A hand-built history: each call signs the next event of `key` on the given parents. */
function history() {
  const nodes: DagNode[] = [];
  const bySeq = new Map<string, DagNode>();
  let ids = 0;
  const add = (key: KeyObject, type: string, parents: DagNode[], payload: Record<string, unknown> = {}, overrides: Partial<EventV2> = {}): DagNode => {
    const actorKey = actorKeyOf(key);
    const previous = [...nodes].reverse().find((node) => node.event!.actor_key === actorKey);
    const event: EventV2 = {
      v: 2,
      id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
      incident: incidentId,
      actor: type,
      actor_key: actorKey,
      actor_seq: (previous?.event!.actor_seq ?? 0) + 1,
      actor_prev: previous?.hash ?? null,
      parents: parents.map((parent) => parent.hash).sort(),
      lamport: parents.length === 0 ? 1 : 1 + Math.max(...parents.map((parent) => parent.lamport)),
      time: `2026-11-23T10:${String(ids).padStart(2, '0')}:00.000Z`,
      type,
      payload,
      ...overrides,
    };
    const hash = hashEvent(event);
    const node: DagNode = { hash, sig: signHash(hash, key), seq: nodes.length + 1, formatVersion: 2, type, event, v1: null, parents: event.parents, lamport: event.lamport };
    nodes.push(node);
    bySeq.set(`${actorKey} ${event.actor_seq}`, node);
    return node;
  };
  return { nodes, add };
}

/** Declared by Alice, Bob admitted, a fork (one event each), and Alice's merge. */
function forkAndMerge() {
  const h = history();
  const genesis = h.add(alice, 'incident.declared', []);
  const admitted = h.add(alice, 'member.added', [genesis], { actorKey: actorKeyOf(bob), name: 'bob' });
  const left = h.add(alice, 'incident.severityChanged', [admitted], { to: 'P1' });
  const right = h.add(bob, 'incident.severityChanged', [admitted], { to: 'P0' });
  const merge = h.add(alice, 'incident.noteAdded', [left, right], { text: 'settled' });
  return { ...h, genesis, admitted, left, right, merge };
}

const verify = (nodes: DagNode[], extra: { witnesses?: Witness[]; seal?: string } = {}) => verifyDag({ incidentId, nodes, localActorKey: actorKeyOf(alice), ...extra });

describe('verifyDag verdicts', () => {
  it('ok: a fork and its merge are the true history, not tampering', () => {
    const { nodes, merge } = forkAndMerge();
    const result = verify(nodes);
    expect(result).toMatchObject({ verdict: 'ok', problems: [], missing: [], heads: [merge.hash], unsigned: 0 });
  });

  it('ok with two heads while the fork is not merged yet', () => {
    const { nodes, left, right } = forkAndMerge();
    const result = verify(nodes.slice(0, -1));
    expect(result.verdict).toBe('ok');
    expect(result.heads).toEqual([left.hash, right.hash].sort());
  });

  it('incomplete: a received event waits for a parent this replica has not got, which is listed', () => {
    const { nodes, right, merge } = forkAndMerge();
    const held = nodes.filter((node) => node !== right).map((node) => (node === merge ? { ...node, pending: true } : node));
    const result = verify(held);
    expect(result.verdict).toBe('incomplete');
    expect(result.missing).toEqual([right.hash]);
    expect(result.problems).toEqual([]);
  });

  it('tampered: an applied event whose parent is gone names the removed event', () => {
    const { nodes, right } = forkAndMerge();
    const result = verify(nodes.filter((node) => node !== right));
    expect(result.verdict).toBe('tampered');
    expect(result.problems[0]!.message).toContain(right.hash.slice(0, 12));
  });

  it('tampered: a key no member.added admits, even one signing correctly', () => {
    const h = forkAndMerge();
    const forged = h.add(mallory, 'incident.statusChanged', [h.merge], { to: 'Closed' });
    const result = verify(h.nodes);
    expect(result.problems).toEqual([expect.objectContaining({ hash: forged.hash, reason: 'not-a-member' })]);
  });

  it('tampered: a key admitted only by a concurrent member.added (not an ancestor) is not yet a member', () => {
    const h = history();
    const genesis = h.add(alice, 'incident.declared', []);
    h.add(alice, 'member.added', [genesis], { actorKey: actorKeyOf(bob), name: 'bob' });
    const early = h.add(bob, 'incident.noteAdded', [genesis], { text: 'before being admitted' });
    expect(verify(h.nodes).problems[0]).toMatchObject({ hash: early.hash, reason: 'not-a-member' });
  });

  it('tampered: equivocation names both events signed with one actor_seq', () => {
    const h = forkAndMerge();
    const twin = h.add(bob, 'incident.severityChanged', [h.admitted], { to: 'P3' }, { actor_seq: 1, actor_prev: null });
    const result = verify(h.nodes);
    expect(result.verdict).toBe('tampered');
    const equivocations = result.problems.filter((problem) => problem.reason === 'equivocation').map((problem) => problem.hash);
    expect(equivocations.sort()).toEqual([h.right.hash, twin.hash].sort());
  });

  it('tampered: a wrong Lamport number, a second root, a root that declares nothing, another incident\'s event', () => {
    const lamport = forkAndMerge();
    const skipped = lamport.add(alice, 'incident.noteAdded', [lamport.merge], {}, { lamport: 9 });
    expect(verify(lamport.nodes).problems[0]).toMatchObject({ hash: skipped.hash, reason: 'lamport' });

    const roots = forkAndMerge();
    const second = roots.add(alice, 'incident.declared', []);
    expect(verify(roots.nodes).problems[0]).toMatchObject({ hash: second.hash, reason: 'root' });

    const h = history();
    const notDeclared = h.add(alice, 'incident.noteAdded', []);
    expect(verify(h.nodes).problems[0]).toMatchObject({ hash: notDeclared.hash, reason: 'root' });

    const other = forkAndMerge();
    const stray = other.add(alice, 'incident.noteAdded', [other.merge], {}, { incident: 'INC-20261123-999999' });
    expect(verify(other.nodes).problems[0]).toMatchObject({ hash: stray.hash, reason: 'wrong-incident' });
  });

  it('tampered: a second genesis (the first replayed under a new id) is the extra root, never the one the history builds on', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const h = forkAndMerge();
      const copy = h.add(alice, 'incident.declared', [], {}, { id: `00000000-0000-4000-9000-00000000000${seed}`, actor_seq: 1, actor_prev: null });
      const result = verify(h.nodes);
      // Both carry alice's actor_seq 1, so both are equivocation; only the copy is the extra root.
      expect(result.problems.filter((problem) => problem.reason === 'root').map((problem) => problem.hash)).toEqual([copy.hash]);
      expect(result.problems[0]!.message).toContain(copy.hash.slice(0, 12));
    }
  });

  it('tampered: a device chain whose actor_prev skips an event of that device', () => {
    const h = forkAndMerge();
    const skipping = h.add(alice, 'incident.noteAdded', [h.merge], {}, { actor_prev: h.left.hash });
    expect(verify(h.nodes).problems[0]).toMatchObject({ hash: skipping.hash, reason: 'actor-chain' });
  });

  it('only warns when an author\'s clock is more than five minutes behind a parent\'s', () => {
    const h = forkAndMerge();
    h.add(bob, 'incident.noteAdded', [h.merge], {}, { time: '2026-11-23T09:00:00.000Z' });
    const result = verify(h.nodes);
    expect(result.verdict).toBe('ok');
    expect(result.warnings).toEqual([expect.stringContaining('more than 5 minutes before its latest parent')]);
  });

  it('witnesses and the seal catch removal of the newest events; an altered witness is reported', () => {
    const { nodes, merge, left } = forkAndMerge();
    const actorSeqs = { [actorKeyOf(alice)]: 4, [actorKeyOf(bob)]: 1 };
    const digest = witnessDigest({ incident: incidentId, heads: [merge.hash], actorSeqs });
    const witness: Witness = { reason: 'sync with bob', digest, heads: [merge.hash], actorSeqs, recordedAt: '2026-11-23T11:00:00.000Z', actorKey: actorKeyOf(alice), sig: signHash(digest, alice) };
    expect(verify(nodes, { witnesses: [witness], seal: merge.hash }).verdict).toBe('ok');

    const truncated = nodes.filter((node) => node !== merge);
    expect(verify(truncated).verdict).toBe('ok'); // nothing anchors the tail without a witness
    const caught = verify(truncated, { witnesses: [witness] });
    expect(caught.verdict).toBe('tampered');
    expect(caught.problems[0]).toMatchObject({ hash: merge.hash, reason: 'truncated' });
    expect(verify(truncated, { seal: merge.hash }).problems[0]).toMatchObject({ hash: merge.hash, reason: 'truncated' });

    const rewritten: Witness = { ...witness, heads: [left.hash] };
    expect(verify(truncated, { witnesses: [rewritten] }).problems[0]!.message).toContain('was altered');
  });

  it('an unsigned event counts as this laptop\'s own, waiting for its key, and as tampering from anyone else', () => {
    const h = forkAndMerge();
    const unsigned = h.add(alice, 'incident.noteAdded', [h.merge]);
    unsigned.sig = null;
    expect(verify(h.nodes)).toMatchObject({ verdict: 'ok', unsigned: 1 });
    expect(verifyDag({ incidentId, nodes: h.nodes, localActorKey: actorKeyOf(bob) }).problems[0]).toMatchObject({ hash: unsigned.hash, reason: 'bad-signature' });
  });
});
