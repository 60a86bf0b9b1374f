import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, genesisHash, type ChainedEvent } from '../../../src-main/domain/incidents/eventChain';

const event: ChainedEvent = {
  formatVersion: 1,
  incidentId: 'INC-20261123-141502',
  seq: 1,
  type: 'incident.noteAdded',
  at: '2026-11-23T14:15:02.000Z',
  actor: 'ana',
  deviceId: 'device-1',
  payload: { text: 'key revoked', nested: { b: 1, a: 2 } },
};

describe('event hash chain', () => {
  it('hashes RFC 8785 canonical JSON, so key order never matters', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: 1, c: 2 }] })).toBe('{"a":[3,{"c":2,"d":1}],"b":1}');
    const { payload: _payload, ...rest } = event;
    const reordered = { payload: { nested: { a: 2, b: 1 }, text: 'key revoked' }, ...rest } as ChainedEvent;
    expect(eventHash(genesisHash, reordered)).toBe(eventHash(genesisHash, event));
  });

  it('serialises numbers the RFC 8785 way', () => {
    expect(canonicalJson({ n: 1e21, m: 0.000001, z: -0 })).toBe('{"m":0.000001,"n":1e+21,"z":0}');
  });

  it('changes with any field and with the previous hash', () => {
    const base = eventHash(genesisHash, event);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(genesisHash, { ...event, payload: { ...event.payload, text: 'key revoked!' } })).not.toBe(base);
    expect(eventHash(genesisHash, { ...event, actor: 'bob' })).not.toBe(base);
    expect(eventHash('f'.repeat(64), event)).not.toBe(base);
  });
});
