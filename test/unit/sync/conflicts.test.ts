import { describe, expect, it } from 'vitest';
import { Ancestry, fieldConflicts, type OrderedEvent } from '../../../src-main/domain/sync/conflicts';

/** A tiny DAG by name: hashes are names, Lamport numbers follow the parents, order is (lamport, hash). */
function dag(spec: [name: string, parents: string[], type?: string, to?: string, actor?: string][]): OrderedEvent[] {
  const lamport = new Map<string, number>();
  const events = spec.map(([hash, parents, type = 'incident.noteAdded', to, actor = 'alice']) => {
    const value = parents.length === 0 ? 1 : 1 + Math.max(...parents.map((parent) => lamport.get(parent)!));
    lamport.set(hash, value);
    return { hash, parents, lamport: value, type, actor, time: `2026-11-23T10:0${value}:00.000Z`, payload: to === undefined ? {} : { to } };
  });
  return events.sort((a, b) => a.lamport - b.lamport || a.hash.localeCompare(b.hash));
}

const severity = 'incident.severityChanged';

describe('fieldConflicts', () => {
  it('sequential writes are no conflict: the later one saw the earlier', () => {
    const events = dag([['g', []], ['a', ['g'], severity, 'P1'], ['b', ['a'], severity, 'P0', 'bob']]);
    expect(fieldConflicts(events)).toEqual([]);
  });

  it('concurrent writes of different values conflict: the later in projection order wins, both are listed', () => {
    const events = dag([['g', []], ['a', ['g'], severity, 'P1', 'alice'], ['b', ['g'], severity, 'P0', 'bob']]);
    const [conflict, ...rest] = fieldConflicts(events);
    expect(rest).toEqual([]);
    expect(conflict!.field).toBe('severity');
    expect(conflict!.winner).toMatchObject({ hash: 'b', value: 'P0', actor: 'bob' });
    expect(conflict!.writes.map((write) => [write.hash, write.value])).toEqual([['a', 'P1'], ['b', 'P0']]);
  });

  it('concurrent writes of the same value agree: nothing to settle', () => {
    const events = dag([['g', []], ['a', ['g'], severity, 'P1'], ['b', ['g'], severity, 'P1', 'bob']]);
    expect(fieldConflicts(events)).toEqual([]);
  });

  it('a later write that descends from both settles the conflict, one that descends from only one does not', () => {
    const base: Parameters<typeof dag>[0] = [['g', []], ['a', ['g'], severity, 'P1'], ['b', ['g'], severity, 'P0', 'bob']];
    expect(fieldConflicts(dag([...base, ['c', ['a'], severity, 'P2']]))).toEqual([expect.objectContaining({ field: 'severity' })]);
    expect(fieldConflicts(dag([...base, ['m', ['a', 'b'], severity, 'P0']]))).toEqual([]);
    // A merge that writes nothing to the field does not settle it either: a responder must choose.
    expect(fieldConflicts(dag([...base, ['n', ['a', 'b']]]))).toHaveLength(1);
  });

  it('fields are separate: concurrent status and commander writes each conflict on their own', () => {
    const events = dag([
      ['g', []],
      ['a', ['g'], 'incident.statusChanged', 'Contained'],
      ['b', ['g'], 'incident.statusChanged', 'Resolved', 'bob'],
      ['c', ['g'], 'incident.commanderChanged', 'carol'],
      ['d', ['c'], 'incident.commanderChanged', 'dan', 'bob'],
    ]);
    expect(fieldConflicts(events).map((conflict) => conflict.field)).toEqual(['status']);
  });
});

describe('Ancestry', () => {
  it('answers along parent links only, never for siblings or descendants', () => {
    const ancestry = new Ancestry(dag([['g', []], ['a', ['g']], ['b', ['g']], ['m', ['a', 'b']]]));
    expect(ancestry.isAncestor('g', 'm')).toBe(true);
    expect(ancestry.isAncestor('b', 'm')).toBe(true);
    expect(ancestry.isAncestor('a', 'b')).toBe(false);
    expect(ancestry.isAncestor('m', 'g')).toBe(false);
    expect(ancestry.isAncestor('m', 'm')).toBe(false);
    expect(ancestry.isAncestor('unknown', 'm')).toBe(false);
  });
});
