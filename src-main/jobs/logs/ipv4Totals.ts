import type { IpTotal } from '../../domain/logs/logTally';
import { hashSeed, mix } from '../../domain/logs/tableHash';

/**
 * Requests per IPv4 client, keyed by the address as a number, for the access-log fast path. A busy
 * log has tens of thousands of clients in no order: an entry (address, requests, first and last
 * second) lies in one cache line of one table, where a Map of strings to objects touched five or
 * six, and that was a fifth of a scan. `flushInto` hands the counts to the tally as the line-by-line
 * count would have made them.
 */
export class Ipv4Totals {
  /** Open addressing, 4 words an entry: address, requests (0: empty), first and last second after `base`. Kept at most half full. */
  private table = new Int32Array(4_096 * 4);
  private count = 0;
  /** The epoch ms the seconds count from: the first time added. */
  private base = NaN;

  /**
   * `seed` is mixed into every hash, so a log cannot be written ahead of the scan whose addresses all
   * share a slot; tests fix it, and lower `maxRequests` (an address's count stops below 2^31).
   */
  constructor(
    private readonly seed = hashSeed(),
    private readonly maxRequests = 0x7fffffff,
  ) {}

  /**
   * Counts a request from `address` (a.b.c.d as a × 2^24 + b × 2^16 + c × 2^8 + d) at `time`, a
   * whole second. False, with nothing counted, where the caller must count it another way: a time
   * 68 years or more from the first, an address with `maxRequests` already, or one not found within
   * `maxProbes` slots (the seed makes that chance, not a log's choice).
   */
  add(address: number, time: number): boolean {
    if (this.count === 0) this.base = time;
    const second = (time - this.base) / 1000;
    if (!(second >= -0x7fffffff && second <= 0x7fffffff) || second !== Math.floor(second)) return false;
    const key = address | 0;
    const table = this.table;
    const mask = (table.length >> 2) - 1;
    let slot = mix(key ^ this.seed) & mask;
    for (let probe = 0; probe < maxProbes; probe += 1, slot = (slot + 1) & mask) {
      const at = slot << 2;
      if (table[at + 1] === 0) {
        table[at] = key;
        table[at + 1] = 1;
        table[at + 2] = second;
        table[at + 3] = second;
        if ((this.count += 1) * 2 > mask + 1) this.grow();
        return true;
      }
      if (table[at] === key) {
        if (table[at + 1]! >= this.maxRequests) return false;
        table[at + 1] = table[at + 1]! + 1;
        if (second < table[at + 2]!) table[at + 2] = second;
        if (second > table[at + 3]!) table[at + 3] = second;
        return true;
      }
    }
    return false;
  }

  /** Adds every count to `ips` (under the address as written: a.b.c.d) and starts empty again. */
  flushInto(ips: Map<string, IpTotal>): void {
    flushTotals(this.table, this.base, ips);
    this.table.fill(0);
    this.count = 0;
  }

  private grow(): void {
    const old = this.table;
    const table = (this.table = new Int32Array(old.length * 2));
    const mask = (table.length >> 2) - 1;
    for (let from = 0; from < old.length; from += 4) {
      if (old[from + 1] === 0) continue;
      let slot = mix(old[from]! ^ this.seed) & mask;
      while (table[(slot << 2) + 1] !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(from, from + 4), slot << 2);
    }
  }
}

/** Adds the counts of a table of Ipv4Totals' layout (seconds from `base`) to `ips`, under the address as written: a.b.c.d. */
export function flushTotals(table: Int32Array, base: number, ips: Map<string, IpTotal>): void {
  for (let at = 0; at < table.length; at += 4) {
    const requests = table[at + 1]!;
    if (requests === 0) continue;
    const ip = dottedQuad(table[at]! >>> 0);
    const first = base + table[at + 2]! * 1000;
    const last = base + table[at + 3]! * 1000;
    const total = ips.get(ip);
    if (!total) {
      ips.set(ip, { requests, hits: 0, categories: 0, first, last });
      continue;
    }
    total.requests += requests;
    if (!(first >= total.first)) total.first = first;
    if (!(last <= total.last)) total.last = last;
  }
}

/** An IPv4 address given as a number (a × 2^24 + b × 2^16 + c × 2^8 + d), written as the tally keeps it: a.b.c.d. */
export function dottedQuad(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** Slots looked at before an address is left to the caller: a probe run this long is all but impossible by chance. */
export const maxProbes = 32;

/**
 * The address at [s, e) as a number when it is an IPv4 address written as the tally keeps it
 * (four decimal parts of 0–255 without leading zeros); -1 for anything else (IPv6, a host name).
 */
export function plainIpv4(b: Uint8Array, s: number, e: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = s; i < e; i += 1) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      // A second digit after a leading 0 is a spelling the tally keeps apart (`010.0.0.1`).
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + c - 48;
      digits += 1;
      if (part > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots += 1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}
