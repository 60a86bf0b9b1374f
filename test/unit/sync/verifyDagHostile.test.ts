import { describe, expect, it } from 'vitest';
import { actorKeyOf, hashEvent, signHash, type EventV2 } from '../../../src-main/domain/sync/eventV2';
import { verifyDag, type DagNode } from '../../../src-main/domain/sync/verifyDag';
import { ed25519FromSeed } from '../../support/dagReplica';

// Events a member admitted to the incident signed correctly, but built to hurt the laptop that verifies them.
const incidentId = 'INC-20261123-141502';
const alice = ed25519FromSeed(Buffer.alloc(32, 1));
const bob = ed25519FromSeed(Buffer.alloc(32, 2));

function node(key: typeof alice, type: string, parents: DagNode[], fields: Partial<EventV2> = {}, seq = 1): DagNode {
  const event: EventV2 = {
    v: 2,
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    incident: incidentId,
    actor: 'bob',
    actor_key: actorKeyOf(key),
    actor_seq: 1,
    actor_prev: null,
    parents: parents.map((parent) => parent.hash).sort(),
    lamport: parents.length === 0 ? 1 : 1 + Math.max(...parents.map((parent) => parent.lamport)),
    time: '2026-11-23T10:00:00.000Z',
    type,
    payload: {},
    ...fields,
  };
  const hash = hashEvent(event);
  return { hash, sig: signHash(hash, key), seq, formatVersion: 2, type, event, v1: null, parents: event.parents, lamport: event.lamport };
}

function admittedBob() {
  const genesis = node(alice, 'incident.declared', [], { payload: { title: 'x' } }, 1);
  const admitted = node(alice, 'member.added', [genesis], { actor_seq: 2, actor_prev: genesis.hash, payload: { actorKey: actorKeyOf(bob), name: 'bob' } }, 2);
  return [genesis, admitted] as const;
}

describe('verifyDag against a hostile member', () => {
  it('an event claiming a huge device event number is named at once, not counted up to', () => {
    const [genesis, admitted] = admittedBob();
    // Up to 2^53 - 1 fits a bundle; 40 million already tells a walk over every missing number from one over the held events.
    const huge = node(bob, 'incident.noteAdded', [admitted], { actor_seq: 40_000_000, actor_prev: null, payload: { text: 'x' } }, 3);
    const far = node(bob, 'incident.noteAdded', [huge], { actor_seq: 40_000_002, actor_prev: huge.hash }, 4);
    const started = performance.now();
    const result = verifyDag({ incidentId, nodes: [genesis, admitted, huge, far], localActorKey: actorKeyOf(alice) });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.verdict).toBe('tampered');
    expect(result.problems.map((problem) => [problem.hash, problem.reason])).toEqual([
      [huge.hash, 'actor-chain'],
      [far.hash, 'actor-chain'],
    ]);
  });

  it('a second incident.declared after the first rewrites the whole incident and is named as tampering', () => {
    const [genesis, admitted] = admittedBob();
    const again = node(bob, 'incident.declared', [admitted], { payload: { title: 'Nothing to see', severity: 'P3' } }, 3);
    const result = verifyDag({ incidentId, nodes: [genesis, admitted, again], localActorKey: actorKeyOf(alice) });
    expect(result.verdict).toBe('tampered');
    expect(result.problems).toEqual([expect.objectContaining({ hash: again.hash, reason: 'root', message: expect.stringMatching(/declares the incident again/) })]);
  });
});
