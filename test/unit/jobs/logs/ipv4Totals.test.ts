import { describe, expect, it } from 'vitest';
import type { IpTotal } from '../../../../src-main/domain/logs/logTally';
import { mix } from '../../../../src-main/domain/logs/tableHash';
import { Ipv4Totals, maxProbes, plainIpv4 } from '../../../../src-main/jobs/logs/ipv4Totals';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const number = (dotted: string) => plainIpv4(bytes(dotted), 0, dotted.length);
const dotted = (value: number) => `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
const time = (iso: string) => Date.parse(iso);

/** MurmurHash3's finaliser undone: the addresses whose unseeded hashes a log writer could line up. */
function unmix(hash: number): number {
  const inverse = (odd: number) => {
    let x = odd;
    for (let i = 0; i < 5; i += 1) x = Math.imul(x, 2 - Math.imul(odd, x));
    return x;
  };
  hash ^= hash >>> 16;
  hash = Math.imul(hash, inverse(0xc2b2ae35));
  hash ^= (hash >>> 13) ^ (hash >>> 26);
  hash = Math.imul(hash, inverse(0x85ebca6b));
  return (hash ^ (hash >>> 16)) | 0;
}

/** Addresses that all land in one slot at every table size when the seed is 0. */
function colliding(count: number): number[] {
  return Array.from({ length: count }, (_, j) => {
    const address = unmix((j + 1) << 16);
    expect(mix(address)).toBe((j + 1) << 16);
    return address >>> 0;
  });
}

describe('IPv4 request counts by number', () => {
  it('reads only the spelling the tally keeps as a number', () => {
    expect(number('203.0.113.7')).toBe(0xcb007107);
    expect(number('0.0.0.0')).toBe(0);
    expect(number('255.255.255.255')).toBe(0xffffffff);
    for (const other of ['010.0.0.1', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.', '.1.2.3', '1..2.3', '::ffff:1.2.3.4', '2001:db8::1', 'host.example', '1.2.3.4 ', '-']) expect(number(other)).toBe(-1);
  });

  it('hands the tally each address as written, with its requests and first and last time, added to what the tally holds', () => {
    const totals = new Ipv4Totals();
    totals.add(number('198.51.100.7'), time('2026-11-23T03:14:05Z'));
    totals.add(number('198.51.100.7'), time('2026-11-23T03:10:00Z'));
    totals.add(number('198.51.100.7'), time('2026-11-23T03:20:59Z'));
    totals.add(number('203.0.113.9'), time('2026-11-23T03:14:05Z'));
    const ips = new Map<string, IpTotal>([['203.0.113.9', { requests: 2, hits: 1, categories: 4, first: time('2026-11-23T03:14:10Z'), last: time('2026-11-23T03:14:10Z') }]]);
    totals.flushInto(ips);
    expect(Object.fromEntries(ips)).toEqual({
      '198.51.100.7': { requests: 3, hits: 0, categories: 0, first: time('2026-11-23T03:10:00Z'), last: time('2026-11-23T03:20:59Z') },
      '203.0.113.9': { requests: 3, hits: 1, categories: 4, first: time('2026-11-23T03:14:05Z'), last: time('2026-11-23T03:14:10Z') },
    });
    // Emptied: a second flush adds nothing.
    totals.flushInto(ips);
    expect(ips.get('203.0.113.9')!.requests).toBe(3);
  });

  it('leaves to the caller what it cannot hold: a time 68 years away, an address at its request limit', () => {
    const totals = new Ipv4Totals(undefined, 5);
    expect(totals.add(number('10.0.0.1'), time('2026-11-23T03:14:05Z'))).toBe(true);
    expect(totals.add(number('10.0.0.2'), time('2099-11-23T03:14:05Z'))).toBe(false);
    expect(totals.add(number('10.0.0.2'), time('1950-11-23T03:14:05Z'))).toBe(false);
    const accepted = Array.from({ length: 6 }, () => totals.add(number('10.0.0.1'), time('2026-11-23T03:14:06Z')));
    expect(accepted).toEqual([true, true, true, true, false, false]);
    const ips = new Map<string, IpTotal>();
    totals.flushInto(ips);
    expect([...ips.keys()]).toEqual(['10.0.0.1']);
    expect(ips.get('10.0.0.1')!.requests).toBe(5);
  });

  it('looks at a bounded run of slots, and a log cannot line its addresses up in one without knowing the seed', () => {
    const addresses = colliding(200);
    const unseeded = new Ipv4Totals(0);
    const accepted = addresses.map((address) => unseeded.add(address, time('2026-11-23T03:14:05Z')));
    // One cluster: the first maxProbes take its slots, the others are refused at once, not after a walk through all of them.
    expect(accepted.filter(Boolean)).toHaveLength(maxProbes);
    expect(accepted.slice(0, maxProbes).every(Boolean)).toBe(true);
    const seeded = new Ipv4Totals();
    expect(addresses.every((address) => seeded.add(address, time('2026-11-23T03:14:05Z')))).toBe(true);
    const ips = new Map<string, IpTotal>();
    seeded.flushInto(ips);
    expect(new Set(ips.keys())).toEqual(new Set(addresses.map(dotted)));
  });
});
