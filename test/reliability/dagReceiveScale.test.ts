import { describe, expect, it } from 'vitest';
import { hashEvent, signHash, type EventV2, type SignedEvent } from '../../src-main/domain/sync/eventV2';
import { receiveEvent } from '../../src-main/store/dagStore';
import { insertIncidentRow, makeDevice, seededRng, timeAt } from '../support/dagReplica';
import { scaled } from '../support/torture';

// A bundle or hub page of a long offline session: each event received must cost the same, however
// many the incident already holds, or a 10,000-event merge takes minutes with the database locked.
const half = scaled(4000, 20000);

describe('receiving a long history', () => {
  it('the second half of the events is received about as fast as the first', () => {
    const incidentId = 'INC-20261123-100000';
    const { identity } = makeDevice('alice', seededRng(1), incidentId);
    const actorKey = identity.actorKey;
    const rng = seededRng(2);
    const events: SignedEvent[] = [];
    let previous: SignedEvent | null = null;
    for (let index = 0; index < 2 * half; index++) {
      const event: EventV2 = {
        v: 2,
        id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
        incident: incidentId,
        actor: 'alice',
        actor_key: actorKey,
        actor_seq: index + 1,
        actor_prev: previous?.hash ?? null,
        parents: previous ? [previous.hash] : [],
        lamport: index + 1,
        time: timeAt(index),
        type: index === 0 ? 'incident.declared' : 'incident.noteAdded',
        payload: index === 0 ? { title: 'Leaked token' } : { text: `note ${rng.int(1, 9999)}` },
      };
      const hash = hashEvent(event);
      previous = { hash, sig: signHash(hash, identity.privateKey!), event };
      events.push(previous);
    }
    const { db } = makeDevice('bob', seededRng(3), 'INC-20261123-100001');
    const options = { receivedAt: timeAt(0), ensureIncident: () => insertIncidentRow(db, incidentId) };
    const receive = (slice: SignedEvent[]) => {
      const started = performance.now();
      db.transaction(() => {
        for (const signed of slice) expect(receiveEvent(db, signed, options).status).toBe('inserted');
      })();
      return performance.now() - started;
    };
    const first = receive(events.slice(0, half));
    const second = receive(events.slice(half));
    // Linear: both halves take about as long. A scan of the held events per event makes the second ~3 times slower.
    expect(second / first, `first half ${Math.round(first)} ms, second half ${Math.round(second)} ms`).toBeLessThan(1.7);
  });
});
